/** Reads an image's QR codes in a worker (image-qr.worker.ts) that is stopped if it takes too long. */
import { startWorker } from './workers';

/** Past this the worker is stopped and the image reported as unreadable. */
export const DECODE_TIMEOUT_MS = 15_000;

export type ImageRead = { texts: string[] } | { error: 'unreadable' | 'timeout' };

export function readQrImage(bytes: Uint8Array): Promise<ImageRead> {
  const worker = startWorker('image-qr-worker');
  return new Promise<ImageRead>((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'timeout' }), DECODE_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<ImageRead>) => {
      clearTimeout(timer);
      resolve(e.data);
    };
    worker.onerror = () => {
      clearTimeout(timer);
      resolve({ error: 'unreadable' });
    };
    worker.postMessage(new Blob([bytes as BlobPart]));
  }).finally(() => worker.terminate());
}
