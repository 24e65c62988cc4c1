/**
 * QR scan of a tab: first the page's own images, canvases, SVGs and CSS backgrounds
 * at full resolution (also when scrolled out of view), then the visible tab as
 * captured at device-pixel resolution. Decoding runs here, in the worker.
 */
import browser from 'webextension-polyfill';
import { newAccount, toWire } from '../core/account';
import { readQrPayload } from '../core/qr-payload';
import { defaultSitesFor } from '../core/sites';
import { decodeQrCodes } from '../capture/decode';
import type { ScanHit } from '../shared/messages';
import { collectPageImages } from './page-images';

async function pixelsOf(url: string): Promise<ImageData | null> {
  try {
    const blob = await (await fetch(url)).blob();
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) return null;
    ctx.drawImage(bitmap, 0, 0);
    bitmap.close();
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  } catch {
    return null;
  }
}

async function decodeUrls(urls: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const url of urls) {
    const image = await pixelsOf(url);
    if (image) found.push(...decodeQrCodes(image));
  }
  return found;
}

function toHits(payloads: string[], host: string): ScanHit[] {
  const now = Date.now();
  return [...new Set(payloads)].map((text) => {
    const reading = readQrPayload(text);
    const accounts = reading.accounts.map((draft) => {
      const sites = [...new Set([...defaultSitesFor(draft.issuer), ...(host ? [host] : [])])];
      return toWire(newAccount({ ...draft, sites }, now));
    });
    return reading.error ? { summary: reading.summary, accounts, error: reading.error } : { summary: reading.summary, accounts };
  });
}

export async function scanTab(tabId: number): Promise<{ host: string; hits: ScanHit[] }> {
  const tab = await browser.tabs.get(tabId);
  let host = '';
  try {
    host = tab.url ? new URL(tab.url).hostname : '';
  } catch {
    // Not a URL we can bind to (e.g. a browser page); leave the site empty.
  }
  const pageImages = await collectPageImages(tabId);
  let payloads = await decodeUrls(pageImages);
  if (!payloads.length) {
    const shot = await browser.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    payloads = await decodeUrls([shot]);
  }
  return { host, hits: toHits(payloads, host) };
}
