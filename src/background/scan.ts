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
import { captureVisible } from './capture';
import { collectPageImages } from './page-images';
import { takeRegionResult } from './region';

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

export function toHits(payloads: string[], host: string): ScanHit[] {
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

export async function tabHost(tabId: number): Promise<string> {
  const tab = await browser.tabs.get(tabId);
  try {
    return tab.url ? new URL(tab.url).hostname : '';
  } catch {
    return ''; // Not a URL we can bind to (e.g. a browser page); leave the site empty.
  }
}

export async function scanTab(tabId: number): Promise<{ host: string; hits: ScanHit[] }> {
  const host = await tabHost(tabId);
  const selected = await takeRegionResult(tabId);
  if (selected) return { host, hits: selected };
  const tab = await browser.tabs.get(tabId);
  const pageImages = await collectPageImages(tabId);
  let payloads = await decodeUrls(pageImages);
  if (!payloads.length) {
    const shot = await captureVisible(tab.windowId);
    payloads = await decodeUrls([shot]);
  }
  return { host, hits: toHits(payloads, host) };
}
