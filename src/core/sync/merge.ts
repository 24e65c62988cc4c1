/**
 * The merge as pure functions over a device's accounts and its sync metadata:
 * `stamp` turns local edits into logical-clock increments and tombstones; `merge`
 * joins record sets; `applyRemote` merges what arrived and says how the local
 * accounts change. Only a winning tombstone removes an account.
 */
import type { Account } from '../account';
import { toBase64 } from '../bytes';
import { TOMBSTONE_LIFETIME_MS } from './format';
import type { Clock, SyncMeta, TombstoneMeta } from './meta';
import { accountOf, digestOf, join, recordOf, sameRecord, type SyncRecord } from './records';

export type RecordSet = Map<string, SyncRecord>;

/** Short digest kept locally: enough to notice that an account changed. */
function shortDigest(r: SyncRecord): string {
  return toBase64(digestOf(r).subarray(0, 16));
}

/** Metadata in id order, so that equal states serialize equally. */
function sortById<T extends { id: string }>(list: T[]): T[] {
  return list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function expired(deleted: number, now: number): boolean {
  return deleted < now - TOMBSTONE_LIFETIME_MS;
}

/**
 * Records for the current accounts: an account whose content changed since it was last
 * stamped gets rev + 1, a new one rev 1 (or its tombstone's rev + 1), an account that is
 * gone a tombstone with rev + 1 and the counter it was last stamped with. Idempotent:
 * stamping twice changes nothing more. The background stamps in every vault save, so
 * that a deletion right after an HOTP code was used still carries that counter.
 */
export function stamp(accounts: readonly Account[], meta: SyncMeta, now: number): { meta: SyncMeta; records: RecordSet } {
  const clocks = new Map(meta.clocks.map((c) => [c.id, c]));
  const tombstones = new Map(meta.tombstones.map((t) => [t.id, t]));
  const records: RecordSet = new Map();
  const nextClocks: Clock[] = [];
  for (const account of accounts) {
    if (records.has(account.id)) continue;
    const draft = recordOf(account, 1);
    const digest = shortDigest(draft);
    const clock = clocks.get(account.id);
    const tomb = tombstones.get(account.id);
    const rev = clock ? (clock.digest === digest ? clock.rev : clock.rev + 1) : tomb ? tomb.rev + 1 : 1;
    tombstones.delete(account.id);
    clocks.delete(account.id);
    const record = { ...draft, rev };
    records.set(account.id, record);
    nextClocks.push({ id: account.id, rev, digest, counter: account.counter });
  }
  // What is left in `clocks` was deleted here since the last stamp.
  for (const clock of clocks.values()) tombstones.set(clock.id, { id: clock.id, rev: clock.rev + 1, counter: clock.counter, deleted: now });
  const nextTombstones: TombstoneMeta[] = [];
  for (const t of tombstones.values()) {
    if (expired(t.deleted, now)) continue;
    nextTombstones.push(t);
    records.set(t.id, { id: t.id, rev: t.rev, counter: t.counter, deleted: t.deleted });
  }
  return { meta: { ...meta, clocks: sortById(nextClocks), tombstones: sortById(nextTombstones) }, records };
}

/** Joins record sets per account id (commutative, associative, idempotent). */
export function merge(...sets: Iterable<SyncRecord>[]): RecordSet {
  const out: RecordSet = new Map();
  for (const set of sets) {
    for (const r of set) {
      const mine = out.get(r.id);
      out.set(r.id, mine ? join(mine, r) : r);
    }
  }
  return out;
}

export interface Applied {
  accounts: Account[];
  meta: SyncMeta;
  /** The merged records (local and remote), for publishing. */
  records: RecordSet;
  added: number;
  updated: number;
  removed: number;
}

/**
 * Merges `remote` into the device's state. Accounts keep their local order; a new one
 * goes at the end (oldest first). Nothing local is dropped unless a tombstone wins.
 */
export function applyRemote(accounts: readonly Account[], meta: SyncMeta, remote: Iterable<SyncRecord>, now: number): Applied {
  const stamped = stamp(accounts, meta, now);
  const merged = merge(stamped.records.values(), remote);
  const next: Account[] = [];
  let updated = 0;
  let removed = 0;
  const local = new Set<string>();
  for (const account of accounts) {
    if (local.has(account.id)) continue;
    local.add(account.id);
    const m = merged.get(account.id)!;
    if (!m.account) {
      removed++;
      continue;
    }
    if (sameRecord(m, stamped.records.get(account.id)!)) {
      next.push(account);
    } else {
      next.push(accountOf(m));
      updated++;
    }
  }
  const arrivals = [...merged.values()]
    .filter((r): r is Extract<SyncRecord, { account: object }> => !!r.account && !local.has(r.id))
    .sort((a, b) => a.account.created - b.account.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of arrivals) next.push(accountOf(r));

  const clocks: Clock[] = [];
  const tombstones: TombstoneMeta[] = [];
  for (const r of merged.values()) {
    if (r.account) clocks.push({ id: r.id, rev: r.rev, digest: shortDigest(r), counter: r.counter });
    else if (expired(r.deleted, now)) merged.delete(r.id);
    else tombstones.push({ id: r.id, rev: r.rev, counter: r.counter, deleted: r.deleted });
  }
  return { accounts: next, meta: { ...stamped.meta, clocks: sortById(clocks), tombstones: sortById(tombstones) }, records: merged, added: arrivals.length, updated, removed };
}
