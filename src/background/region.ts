/**
 * Scan fallback: the user drags a rectangle over the tab; Otto captures the tab at
 * device-pixel resolution, crops to that rectangle, zooms small crops up and decodes.
 * The popup closes when the user clicks the page, so the result waits in session
 * storage and the popup is reopened on its Scan screen to show it.
 */
import browser from 'webextension-polyfill';
import { decodeQrCodes } from '../capture/decode';
import type { ScanHit } from '../shared/messages';
import { captureVisible, pixelsOf } from './capture';
import { openPopupOnScan } from './popup';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
  /** devicePixelRatio of the frame, to map CSS pixels onto the capture. */
  scale: number;
}

const requestKey = (tabId: number) => `regionRequest:${tabId}`;
const resultKey = (tabId: number) => `regionResult:${tabId}`;
/** Crops are zoomed until their short side reaches this many pixels (jsQR likes ≥ 3 px modules). */
const MIN_SIDE = 600;

/** Runs in the page (serialized by scripting.executeScript): the selection overlay. */
function showOverlay(): void {
  const host = document.createElement('otto-region');
  const root = host.attachShadow({ mode: 'closed' });
  root.innerHTML =
    '<style>:host{all:initial}div{position:fixed;inset:0;z-index:2147483647;cursor:crosshair;background:#0004;font:14px system-ui,sans-serif}' +
    'p{position:fixed;top:12px;left:50%;transform:translateX(-50%);margin:0;padding:8px 12px;border-radius:8px;background:#1c1c28;color:#fff}' +
    'i{position:fixed;border:2px solid #5b5bd6;background:#5b5bd622}</style>' +
    '<div><p>Drag around the QR code · Esc cancels</p><i hidden></i></div>';
  const layer = root.querySelector('div')!;
  const box = root.querySelector('i')!;
  let start: { x: number; y: number } | null = null;
  const finish = (rect: { x: number; y: number; width: number; height: number } | null) => {
    host.remove();
    removeEventListener('keydown', onKey, true);
    // Two frames so the overlay is gone from the screen before the tab is captured.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => void chrome.runtime.sendMessage({ type: 'regionSelected', region: rect && { ...rect, scale: devicePixelRatio } })),
    );
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    finish(null);
  };
  const rectTo = (e: MouseEvent) => {
    const s = start!;
    return { x: Math.min(s.x, e.clientX), y: Math.min(s.y, e.clientY), width: Math.abs(e.clientX - s.x), height: Math.abs(e.clientY - s.y) };
  };
  layer.addEventListener('mousedown', (e) => {
    start = { x: e.clientX, y: e.clientY };
    box.hidden = false;
  });
  layer.addEventListener('mousemove', (e) => {
    if (!start) return;
    const r = rectTo(e);
    Object.assign(box.style, { left: `${r.x}px`, top: `${r.y}px`, width: `${r.width}px`, height: `${r.height}px` });
  });
  layer.addEventListener('mouseup', (e) => {
    if (!start) return;
    const r = rectTo(e);
    finish(r.width >= 8 && r.height >= 8 ? r : null);
  });
  addEventListener('keydown', onKey, true);
  document.documentElement.append(host);
}

export async function startRegionSelection(tabId: number): Promise<void> {
  await browser.storage.session.set({ [requestKey(tabId)]: true });
  await browser.scripting.executeScript({ target: { tabId }, func: showOverlay });
}

/** Decodes the selected part of the visible tab; `null` region = cancelled. */
export async function finishRegionSelection(tabId: number, region: Region | null, toHits: (payloads: string[]) => ScanHit[]): Promise<void> {
  const key = requestKey(tabId);
  if (!(await browser.storage.session.get(key))[key]) return; // Not asked for by the user.
  await browser.storage.session.remove(key);
  if (!region) return;
  const tab = await browser.tabs.get(tabId);
  const shot = await captureVisible(tab.windowId);
  const { x, y, width, height, scale } = region;
  const pixels = await pixelsOf(shot, { x: x * scale, y: y * scale, width: width * scale, height: height * scale, minSide: MIN_SIDE });
  if (!pixels) return;
  const hits = toHits(decodeQrCodes(pixels));
  await browser.storage.session.set({ [resultKey(tabId)]: { hits, at: Date.now() } });
  await openPopupOnScan(tabId);
}

/** A region result waiting for the popup (taken once, within a minute). */
export async function takeRegionResult(tabId: number): Promise<ScanHit[] | null> {
  const key = resultKey(tabId);
  const stored = (await browser.storage.session.get(key))[key] as { hits: ScanHit[]; at: number } | undefined;
  if (!stored) return null;
  await browser.storage.session.remove(key);
  return Date.now() - stored.at < 60_000 ? stored.hits : null;
}

/** Lock: scan results (which hold seeds) and open selections are dropped for every tab. */
export async function forgetRegionSelections(): Promise<void> {
  const keys = Object.keys(await browser.storage.session.get(null)).filter((k) => k.startsWith('regionRequest:') || k.startsWith('regionResult:'));
  if (keys.length) await browser.storage.session.remove(keys);
}
