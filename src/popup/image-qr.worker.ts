/**
 * Decodes the QR codes in an image file off the popup's main thread, so a huge or
 * hostile image cannot freeze the popup (the page can also stop this worker).
 */
import { decodeQrCodes } from '../capture/decode';
import { fitWithin } from './image-fit';

const scope = self as unknown as { onmessage: ((e: MessageEvent<Blob>) => void) | null; postMessage(m: unknown): void };

scope.onmessage = async (e) => {
  try {
    const bitmap = await createImageBitmap(e.data);
    const { width, height } = fitWithin(bitmap.width, bitmap.height);
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const { data } = ctx.getImageData(0, 0, width, height);
    scope.postMessage({ texts: decodeQrCodes({ data, width, height }) });
  } catch {
    scope.postMessage({ error: 'unreadable' });
  }
};
