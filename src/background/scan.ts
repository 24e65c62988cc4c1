/**
 * QR scan of a tab: first the page's own images, canvases, SVGs and CSS backgrounds
 * at full resolution (also when scrolled out of view), then the visible tab as
 * captured at device-pixel resolution. Decoding runs here, in the worker.
 */
import browser, { type Tabs } from 'webextension-polyfill';
import { newAccount, toWire } from '../core/account';
import { readQrPayload } from '../core/qr-payload';
import { defaultSitesFor, siteForOrigin } from '../core/sites';
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

/** Accounts read from QR payloads, bound to the issuer's known sign-in sites and to the tab's own origin. */
export function toHits(payloads: string[], origin: string): ScanHit[] {
  const now = Date.now();
  // The page that showed the QR code is where the account was enrolled (an Okta tenant, a
  // self-hosted GitLab): exactly that scheme, host and port.
  const here = siteForOrigin(origin);
  return [...new Set(payloads)].map((text) => {
    const reading = readQrPayload(text);
    const accounts = reading.accounts.map((draft) => {
      const sites = [...new Set([...defaultSitesFor(draft.issuer), ...(here ? [here] : [])])];
      return toWire(newAccount({ ...draft, sites }, now));
    });
    return reading.error ? { content: reading.content, accounts, error: reading.error } : { content: reading.content, accounts };
  });
}

function originOf(tab: Tabs.Tab): string {
  try {
    return tab.url ? new URL(tab.url).origin : '';
  } catch {
    return ''; // Not a URL we can bind to (e.g. a browser page); leave the site empty.
  }
}

/** The tab's origin from the browser's own record ('' for browser pages and others without one). */
export async function tabOrigin(tabId: number): Promise<string> {
  return originOf(await browser.tabs.get(tabId).catch(() => ({}) as Tabs.Tab));
}

export async function scanTab(tabId: number): Promise<{ origin: string; hits: ScanHit[] }> {
  const tab = await browser.tabs.get(tabId);
  const origin = originOf(tab);
  const selected = await takeRegionResult(tabId);
  if (selected) return { origin, hits: selected };
  const pageImages = await collectPageImages(tabId);
  let payloads = await decodeUrls(pageImages);
  if (!payloads.length) {
    const shot = await captureVisible(tab.windowId);
    payloads = await decodeUrls([shot]);
  }
  return { origin, hits: toHits(payloads, origin) };
}
