/**
 * Per-tab memory: the documents whose content script found code fields (each as the
 * browser identified it when it reported), the server clocks seen on bound pages' own
 * responses, the clock of the page Otto last filled, and fills waiting for an unlock.
 * Lives in storage.session so it survives service-worker restarts and dies with the browser.
 */
import browser from 'webextension-polyfill';
import type { ServerClock } from '../shared/messages';
import { serialQueue } from './serial';

export interface FrameInfo {
  frameId: number;
  documentId?: string | undefined;
  /** From the browser's sender record when the document reported its fields. */
  origin: string;
  count: number;
}

/** A bound page's server clock, read from the `Date` of the response that loaded it (see clock.ts). */
export interface ServerDate {
  frameId: number;
  origin: string;
  skewMs: number;
  /** Origins of the frames around it, innermost first, when the browser gave them with the response (Firefox). */
  ancestors?: string[];
}

interface TabRecord {
  frames: FrameInfo[];
  dates: ServerDate[];
  clock: ServerClock | null;
  /** Documents that asked for a fill while Otto was locked: asked to scan again right after unlock. */
  pending: Array<{ frameId: number; documentId?: string | undefined }>;
}

const tabKey = (tabId: number) => `tab:${tabId}`;
/** Enough for every bound frame of a busy page; older entries go first. */
const MAX_DATES = 16;

/**
 * Every read-modify-write below goes through one queue: a frame's messages and its
 * navigation events arrive close together, and two interleaved updates of the same
 * record would lose one of them.
 */
const serialize = serialQueue();

export async function getTab(tabId: number): Promise<TabRecord> {
  const got = await browser.storage.session.get(tabKey(tabId));
  return { frames: [], dates: [], clock: null, pending: [], ...(got[tabKey(tabId)] as Partial<TabRecord> | undefined) };
}

function updateTab<T>(tabId: number, change: (r: TabRecord) => T): Promise<T> {
  return serialize(async () => {
    const record = await getTab(tabId);
    const result = change(record);
    await browser.storage.session.set({ [tabKey(tabId)]: record });
    return result;
  });
}

export function rememberFrame(tabId: number, frame: FrameInfo): Promise<void> {
  return updateTab(tabId, (r) => {
    r.frames = r.frames.filter((f) => f.frameId !== frame.frameId);
    if (frame.count > 0) r.frames.push(frame);
  });
}

export function rememberDate(tabId: number, date: ServerDate): Promise<void> {
  return updateTab(tabId, (r) => {
    r.dates = [...r.dates.filter((d) => d.frameId !== date.frameId), date].slice(-MAX_DATES);
  });
}

/** The server date seen on this frame's current origin, if Otto observed its response. */
export async function dateOf(tabId: number, frameId: number, origin: string): Promise<ServerDate | undefined> {
  return (await getTab(tabId)).dates.find((d) => d.frameId === frameId && d.origin === origin);
}

/** The frame was just filled on a bound origin: its server's clock becomes the tab's. */
export function adoptClock(tabId: number, frameId: number, origin: string): Promise<void> {
  return updateTab(tabId, (r) => {
    const date = r.dates.find((d) => d.frameId === frameId && d.origin === origin);
    if (date) r.clock = { skewMs: date.skewMs, origin };
  });
}

export function addPending(tabId: number, frame: { frameId: number; documentId?: string | undefined }): Promise<void> {
  return updateTab(tabId, (r) => {
    if (!r.pending.some((p) => p.frameId === frame.frameId && p.documentId === frame.documentId)) r.pending.push(frame);
  });
}

/** Takes (and clears) every tab's pending fills. */
export function takePending(): Promise<Array<{ tabId: number; frameId: number; documentId?: string | undefined }>> {
  return serialize(async () => {
    const all = await browser.storage.session.get(null);
    const out: Array<{ tabId: number; frameId: number; documentId?: string | undefined }> = [];
    const updates: Record<string, TabRecord> = {};
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith('tab:')) continue;
      const record = value as TabRecord;
      if (!record.pending?.length) continue;
      const tabId = Number(key.slice(4));
      for (const p of record.pending) out.push({ tabId, ...p });
      updates[key] = { ...record, pending: [] };
    }
    if (Object.keys(updates).length) await browser.storage.session.set(updates);
    return out;
  });
}

/**
 * A new top-level page: its frames report their fields again. Server dates stay (they
 * are keyed by frame and origin, and the one of the navigation just starting may already
 * be in), and so does the clock of the page last filled, which the popup shows.
 */
export function forgetPage(tabId: number): Promise<void> {
  return updateTab(tabId, (r) => {
    r.frames = [];
    r.pending = [];
  });
}

export function forgetTab(tabId: number): Promise<void> {
  return serialize(() => browser.storage.session.remove(tabKey(tabId)));
}

/** Tab lifecycle listeners; registered synchronously at worker start. */
export function listenForTabs(): void {
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') void forgetPage(tabId);
  });
}
