/**
 * QR scan of a tab: first the page's own images, canvases, SVGs and CSS backgrounds
 * at full resolution (also when scrolled out of view), then the visible tab as
 * captured at device-pixel resolution. Decoding runs here, in the worker.
 */
import browser, { type Tabs } from 'webextension-polyfill';
import { newAccount, toWire } from '../core/account';
import { readQrPayload } from '../core/qr-payload';
import { defaultSitesFor } from '../core/sites';
import { decodeQrCodes } from '../capture/decode';
import type { ScanHit } from '../shared/messages';
import { captureVisible, pixelsOf } from './capture';
import { collectPageImages } from './page-images';
import { takeRegionResult } from './region';

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
    return reading.error ? { content: reading.content, accounts, error: reading.error } : { content: reading.content, accounts };
  });
}

function hostOf(tab: Tabs.Tab): string {
  try {
    return tab.url ? new URL(tab.url).hostname : '';
  } catch {
    return ''; // Not a URL we can bind to (e.g. a browser page); leave the site empty.
  }
}

export async function tabHost(tabId: number): Promise<string> {
  return hostOf(await browser.tabs.get(tabId));
}

export async function scanTab(tabId: number): Promise<{ host: string; hits: ScanHit[] }> {
  const tab = await browser.tabs.get(tabId);
  const host = hostOf(tab);
  const selected = await takeRegionResult(tabId);
  if (selected) return { host, hits: selected };
  const pageImages = await collectPageImages(tabId);
  let payloads = await decodeUrls(pageImages);
  if (!payloads.length) {
    const shot = await captureVisible(tab.windowId);
    payloads = await decodeUrls([shot]);
  }
  return { host, hits: toHits(payloads, host) };
}
