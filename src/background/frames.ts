/**
 * Per-tab memory of frames whose content script found code fields, the clock skew
 * seen on them, fills waiting for an unlock and the last TOTP step filled per account.
 * Lives in storage.session so it survives service-worker restarts and dies with the browser.
 */
import browser from 'webextension-polyfill';
import { serialQueue } from './serial';

export interface FrameInfo {
  frameId: number;
  host: string;
  /** The frame's origin from the browser's sender record (bindings match scheme, host and port). */
  origin: string;
  count: number;
}

interface TabRecord {
  frames: FrameInfo[];
  clockSkewMs: number | null;
  /** A fill asked for while locked, done right after unlock. */
  pendingFrames: number[];
}

const tabKey = (tabId: number) => `tab:${tabId}`;
const K_STEPS = 'lastSteps';

/**
 * Every read-modify-write below goes through one queue: a frame's messages arrive
 * close together (fields found, then the server's clock), and two interleaved
 * updates of the same record would lose one of them.
 */
const serialize = serialQueue();

export async function getTab(tabId: number): Promise<TabRecord> {
  const got = await browser.storage.session.get(tabKey(tabId));
  return (got[tabKey(tabId)] as TabRecord | undefined) ?? { frames: [], clockSkewMs: null, pendingFrames: [] };
}

function updateTab(tabId: number, change: (r: TabRecord) => void): Promise<void> {
  return serialize(async () => {
    const record = await getTab(tabId);
    change(record);
    await browser.storage.session.set({ [tabKey(tabId)]: record });
  });
}

export function rememberFrame(tabId: number, frame: FrameInfo): Promise<void> {
  return updateTab(tabId, (r) => {
    r.frames = r.frames.filter((f) => f.frameId !== frame.frameId);
    if (frame.count > 0) r.frames.push(frame);
  });
}

export function rememberSkew(tabId: number, skewMs: number): Promise<void> {
  return updateTab(tabId, (r) => {
    r.clockSkewMs = skewMs;
  });
}

export function addPending(tabId: number, frameId: number): Promise<void> {
  return updateTab(tabId, (r) => {
    if (!r.pendingFrames.includes(frameId)) r.pendingFrames.push(frameId);
  });
}

/** Takes (and clears) every tab's pending fills. */
export function takePending(): Promise<Array<{ tabId: number; frame: FrameInfo }>> {
  return serialize(() => takeAllPending());
}

async function takeAllPending(): Promise<Array<{ tabId: number; frame: FrameInfo }>> {
  const all = await browser.storage.session.get(null);
  const out: Array<{ tabId: number; frame: FrameInfo }> = [];
  const updates: Record<string, TabRecord> = {};
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith('tab:')) continue;
    const record = value as TabRecord;
    if (!record.pendingFrames.length) continue;
    const tabId = Number(key.slice(4));
    for (const frameId of record.pendingFrames) {
      const frame = record.frames.find((f) => f.frameId === frameId);
      if (frame) out.push({ tabId, frame });
    }
    updates[key] = { ...record, pendingFrames: [] };
  }
  if (Object.keys(updates).length) await browser.storage.session.set(updates);
  return out;
}

export function forgetTab(tabId: number): Promise<void> {
  return serialize(() => browser.storage.session.remove(tabKey(tabId)));
}

export async function lastSteps(): Promise<Record<string, number>> {
  const got = await browser.storage.session.get(K_STEPS);
  return (got[K_STEPS] as Record<string, number> | undefined) ?? {};
}

export function rememberStep(accountId: string, step: number): Promise<void> {
  return serialize(async () => {
    const steps = await lastSteps();
    steps[accountId] = Math.max(step, steps[accountId] ?? -1);
    await browser.storage.session.set({ [K_STEPS]: steps });
  });
}
