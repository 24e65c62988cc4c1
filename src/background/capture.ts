/** Tab capture and image pixels, shared by the full scan and the region scan. */
import browser from 'webextension-polyfill';

/** Chrome allows two captures a second; a scan right after another waits its turn. */
const QUOTA_WAIT_MS = 600;

export async function captureVisible(windowId: number | undefined): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    } catch (e) {
      if (attempt >= 3 || !/QUOTA/i.test(String(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, QUOTA_WAIT_MS));
    }
  }
}

/** A rectangle in the image's own pixels, zoomed until its short side reaches `minSide`. */
export interface Crop {
  x: number;
  y: number;
  width: number;
  height: number;
  minSide: number;
}

/** RGBA pixels of an image URL (a capture or a page image), or of a crop of it; null if unreadable. */
export async function pixelsOf(url: string, crop?: Crop): Promise<ImageData | null> {
  try {
    const bitmap = await createImageBitmap(await (await fetch(url)).blob());
    const sx = crop ? Math.max(0, Math.round(crop.x)) : 0;
    const sy = crop ? Math.max(0, Math.round(crop.y)) : 0;
    const sw = crop ? Math.min(bitmap.width - sx, Math.round(crop.width)) : bitmap.width;
    const sh = crop ? Math.min(bitmap.height - sy, Math.round(crop.height)) : bitmap.height;
    const zoom = crop ? Math.max(1, Math.ceil(crop.minSide / Math.min(sw, sh))) : 1;
    const canvas = crop && (sw < 8 || sh < 8) ? null : new OffscreenCanvas(sw * zoom, sh * zoom);
    const ctx = canvas?.getContext('2d', { willReadFrequently: true });
    if (!canvas || !ctx) {
      bitmap.close();
      return null;
    }
    ctx.imageSmoothingEnabled = false; // Keep module edges sharp when zooming.
    ctx.drawImage(bitmap, sx, sy, sw, sh, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  } catch {
    return null;
  }
}
