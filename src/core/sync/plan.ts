/**
 * What to write to storage.sync: only the buckets in which this device knows
 * something the stored items lack (or that are damaged or sealed with another key),
 * split into parts that fit an item, within the total quota. When not everything
 * fits, records already in storage.sync and tombstones go first, then new accounts
 * oldest first; what is left stays local and is reported.
 */
import type { SyncKey } from './crypto';
import { BUCKETS, KEY_ITEM, QUOTA_MARGIN, bucketOf, itemBytes, partKey, type SyncLimits } from './format';
import type { KeyItem } from './key-item';
import type { AreaView, Part } from './area';
import { packRecords, sealPacked, sealedItemBytes } from './bucket';
import { merge, type RecordSet } from './merge';
import { sameRecord, type SyncRecord } from './records';

export interface Plan {
  /** Items to write, in one storage.sync.set. */
  set: Record<string, unknown>;
  /** Leftover parts of rewritten buckets, in one storage.sync.remove. */
  remove: string[];
  /** Accounts not written for lack of space (or too large for one item): they stay local. */
  unsynced: string[];
  /** Buckets with changes that could not be written for lack of space. */
  blocked: string[];
  /** storage.sync bytes once the plan is written. */
  bytes: number;
}

interface Packed {
  key: string;
  packed: Uint8Array;
  bytes: number;
}

interface BucketWrite {
  bucket: string;
  parts: Packed[];
  /** Records that fit no item on their own. */
  tooLarge: string[];
  /** This bucket's items in storage now. */
  current: readonly Part[];
}

const HEX = Array.from({ length: BUCKETS }, (_, i) => i.toString(16));

function byId(a: SyncRecord, b: SyncRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Splits records (sorted by id) into parts of at most `limit` item bytes each. */
async function packParts(bucket: string, records: SyncRecord[], kid: string, limit: number): Promise<{ parts: Packed[]; tooLarge: string[] }> {
  const parts: Packed[] = [];
  const tooLarge: string[] = [];
  const pack = async (group: SyncRecord[]): Promise<void> => {
    if (group.length === 0) return;
    const key = partKey(bucket, parts.length);
    const packed = await packRecords(group);
    const bytes = sealedItemBytes(key, kid, packed.length);
    if (bytes <= limit) {
      parts.push({ key, packed, bytes });
    } else if (group.length === 1) {
      tooLarge.push(group[0]!.id);
    } else {
      const half = Math.ceil(group.length / 2);
      await pack(group.slice(0, half));
      await pack(group.slice(half));
    }
  };
  await pack([...records].sort(byId));
  return { parts, tooLarge };
}

/** Records currently readable in a bucket (joined across its parts). */
function storedRecords(parts: readonly Part[]): RecordSet {
  return merge(...parts.map((p) => (p.opened.ok ? p.opened.records : [])));
}

function needsWrite(parts: readonly Part[], mine: readonly SyncRecord[], kid: string): boolean {
  if (parts.some((p) => !p.opened.ok || p.opened.kid !== kid)) return true;
  const stored = storedRecords(parts);
  return mine.some((r) => {
    const s = stored.get(r.id);
    return !s || !sameRecord(s, r);
  });
}

export interface PlanInput {
  /** The device's merged records (after applyRemote). */
  records: RecordSet;
  view: AreaView;
  key: SyncKey;
  /** The key item to (re)write, when storage.sync lacks ours or holds a stale one. */
  keyItem?: KeyItem;
  limits: SyncLimits;
}

export async function plan(input: PlanInput): Promise<Plan> {
  const { records, view, key, limits } = input;
  const stored = new Map<string, RecordSet>();
  for (const b of HEX) stored.set(b, storedRecords(view.buckets.get(b) ?? []));
  const isStored = (r: SyncRecord) => stored.get(bucketOf(r.id))!.has(r.id);

  // Admission order: what storage.sync already holds and tombstones, then new accounts oldest first.
  const kept: SyncRecord[] = [];
  const fresh: SyncRecord[] = [];
  for (const r of records.values()) (r.account && !isStored(r) ? fresh : kept).push(r);
  fresh.sort((a, b) => a.account!.created - b.account!.created || byId(a, b));

  const budget = limits.quotaBytes - QUOTA_MARGIN;
  const keyBytes = input.keyItem ? itemBytes(KEY_ITEM, input.keyItem) : view.keyItemBytes;
  const fixedBytes = view.otherBytes + keyBytes;
  const fixedItems = view.otherItems + (input.keyItem || view.keyItem ? 1 : 0);

  const attempt = async (admitted: number) => {
    const mine = new Map<string, SyncRecord[]>(HEX.map((b) => [b, []]));
    for (const r of [...kept, ...fresh.slice(0, admitted)]) mine.get(bucketOf(r.id))!.push(r);
    const writes: BucketWrite[] = [];
    // Bytes and items of storage.sync as it is, with our key item if we write one.
    let bytes = fixedBytes;
    let items = fixedItems;
    for (const b of HEX) {
      const parts = view.buckets.get(b) ?? [];
      bytes += parts.reduce((n, p) => n + p.bytes, 0);
      items += parts.length;
      const own = mine.get(b)!;
      if (needsWrite(parts, own, key.kid)) writes.push({ bucket: b, ...(await packParts(b, own, key.kid, limits.quotaBytesPerItem)), current: parts });
    }
    // Buckets that shrink first, so that a full quota still takes every write that frees space.
    writes.sort((x, y) => delta(x).bytes - delta(y).bytes);
    const chosen: BucketWrite[] = [];
    const blocked: string[] = [];
    for (const w of writes) {
      const d = delta(w);
      if (bytes + d.bytes <= budget && items + d.items <= limits.maxItems) {
        bytes += d.bytes;
        items += d.items;
        chosen.push(w);
      } else {
        blocked.push(w.bucket);
      }
    }
    return { chosen, blocked, bytes };
  };

  // The most new accounts that still let every change be written (sizes grow with the number admitted).
  let admitted = fresh.length;
  let best = await attempt(admitted);
  if (best.blocked.length > 0 && fresh.length > 0) {
    let lo = 0;
    let hi = fresh.length - 1;
    let found: typeof best | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const trial = await attempt(mid);
      if (trial.blocked.length === 0) {
        found = trial;
        admitted = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // Not even the updates of what is already synced fit: write what frees or fits, nothing new.
    if (!found) admitted = 0;
    best = found ?? (await attempt(0));
  }

  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const unsynced = fresh.slice(admitted).map((r) => r.id);
  for (const w of best.chosen) {
    unsynced.push(...w.tooLarge);
    for (const p of w.parts) set[p.key] = await sealPacked(p.key, p.packed, key);
    for (const old of w.current) if (old.part >= w.parts.length) remove.push(old.key);
  }
  if (input.keyItem) set[KEY_ITEM] = input.keyItem;
  return { set, remove, unsynced, blocked: best.blocked.sort(), bytes: best.bytes };
}

function delta(w: BucketWrite): { bytes: number; items: number } {
  const before = w.current.reduce((n, p) => n + p.bytes, 0);
  const after = w.parts.reduce((n, p) => n + p.bytes, 0);
  return { bytes: after - before, items: w.parts.length - w.current.length };
}
