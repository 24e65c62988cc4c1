/**
 * A decoded view of everything in storage.sync: the key item, every bucket part
 * opened (or the reason it could not be), and the bytes each item takes. The
 * warnings are a function of this view, so they vanish when an item is repaired.
 */
import type { ErrorCode } from '../errors';
import type { SyncKey } from './crypto';
import { KEY_ITEM, itemBytes, parsePartKey } from './format';
import { KeyItemError, readKeyItem, type KeyItem } from './key-item';
import { openBucket, type OpenedBucket } from './bucket';
import type { SyncRecord } from './records';

export interface Part {
  key: string;
  part: number;
  bytes: number;
  opened: OpenedBucket;
}

export interface AreaView {
  keyItem: { ok: true; item: KeyItem } | { ok: false; problem: 'parse' | 'version' } | null;
  keyItemBytes: number;
  /** Bucket (one hex digit) → its parts in storage. */
  buckets: Map<string, Part[]>;
  /** Items that are not Otto's: left alone, but they take quota. */
  otherBytes: number;
  otherItems: number;
}

export type SyncWarningCode = Extract<ErrorCode, 'syncItemParse' | 'syncItemVersion' | 'syncItemAuth' | 'syncItemKey'>;

/** An item Otto ignored, and why. Worded by the popup through `error_<code>`. */
export interface SyncWarning {
  code: SyncWarningCode;
  item: string;
}

/** Opens every item with `keys` (the device's current key only: see "Key rotation"). */
export async function readArea(items: Readonly<Record<string, unknown>>, keys: ReadonlyMap<string, SyncKey>): Promise<AreaView> {
  const view: AreaView = { keyItem: null, keyItemBytes: 0, buckets: new Map(), otherBytes: 0, otherItems: 0 };
  for (const [key, value] of Object.entries(items)) {
    const bytes = itemBytes(key, value);
    if (key === KEY_ITEM) {
      view.keyItemBytes = bytes;
      try {
        view.keyItem = { ok: true, item: readKeyItem(value) };
      } catch (e) {
        view.keyItem = { ok: false, problem: e instanceof KeyItemError ? e.reason : 'parse' };
      }
      continue;
    }
    const where = parsePartKey(key);
    if (!where) {
      view.otherBytes += bytes;
      view.otherItems++;
      continue;
    }
    const parts = view.buckets.get(where.bucket) ?? [];
    parts.push({ key, part: where.part, bytes, opened: await openBucket(key, value, keys) });
    view.buckets.set(where.bucket, parts);
  }
  for (const parts of view.buckets.values()) parts.sort((a, b) => a.part - b.part);
  return view;
}

/** Every record that opened, from every part (parts may overlap; the merge sorts that out). */
export function remoteRecords(view: AreaView): SyncRecord[] {
  const out: SyncRecord[] = [];
  for (const parts of view.buckets.values()) for (const p of parts) if (p.opened.ok) out.push(...p.opened.records);
  return out;
}

const CODE = { parse: 'syncItemParse', version: 'syncItemVersion', auth: 'syncItemAuth', key: 'syncItemKey' } as const;

/**
 * What was ignored. Items sealed with `pendingKid` (the key the key item announces while
 * this device still holds an older one) are waiting for the passphrase, not warnings.
 */
export function warningsOf(view: AreaView, pendingKid?: string): SyncWarning[] {
  const out: SyncWarning[] = [];
  if (view.keyItem && !view.keyItem.ok) out.push({ code: CODE[view.keyItem.problem], item: KEY_ITEM });
  for (const parts of view.buckets.values()) {
    for (const p of parts) {
      if (p.opened.ok) continue;
      if (p.opened.problem === 'key' && p.opened.kid !== undefined && p.opened.kid === pendingKid) continue;
      out.push({ code: CODE[p.opened.problem], item: p.key });
    }
  }
  return out.sort((a, b) => (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/** An item written by a newer Otto: this device must not write over it. */
export function hasNewerFormat(view: AreaView): boolean {
  if (view.keyItem && !view.keyItem.ok && view.keyItem.problem === 'version') return true;
  for (const parts of view.buckets.values()) for (const p of parts) if (!p.opened.ok && p.opened.problem === 'version') return true;
  return false;
}
