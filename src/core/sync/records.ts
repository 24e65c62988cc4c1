/**
 * Sync records: one per account id, live or a tombstone, each with a logical clock
 * (`rev`) and an HOTP counter that only grows. `join` is the merge of two versions of
 * one account; it is commutative, associative and idempotent (docs/sync-format.md,
 * "Merging"), which is what makes every order of delivery converge.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { isAccountId, type Account } from '../account';
import {
  accountWith, CONTENT_KEYS, hasExactKeys, isRecord, readAccountContent, storedJson, type AccountContent,
} from '../account-record';
import { utf8 } from '../bytes';
import { allowedSites } from '../site-policy';

export type { AccountContent } from '../account-record';

interface RecordBase {
  id: string;
  /** Logical clock of this account: higher wins. */
  rev: number;
  /** HOTP counter as a max register. */
  counter: number;
}
export interface LiveRecord extends RecordBase {
  account: AccountContent;
  deleted?: undefined;
}
export interface Tombstone extends RecordBase {
  /** Wall time of the deletion (epoch ms); only for forgetting it later. */
  deleted: number;
  account?: undefined;
}
export type SyncRecord = LiveRecord | Tombstone;

export function recordOf(account: Account, rev: number): LiveRecord {
  const { id, counter, ...content } = account;
  return { id, rev, counter, account: { ...content, sites: [...content.sites] } };
}

/** The account a live record holds, with its fields in the order of `Account` (as the vault writes them). */
export function accountOf(record: LiveRecord): Account {
  return accountWith(record.account, record.id, record.counter);
}

/** The account fields of a record in the canonical (digest) order. */
const contentJson = (content: AccountContent) => storedJson(content, CONTENT_KEYS);

/** The record as JSON (the form inside a sealed bucket). */
export function recordToJson(r: SyncRecord): Record<string, unknown> {
  return r.account
    ? { id: r.id, rev: r.rev, counter: r.counter, account: contentJson(r.account) }
    : { id: r.id, rev: r.rev, counter: r.counter, deleted: r.deleted };
}

const digests = new WeakMap<SyncRecord, Uint8Array>();

/** SHA-256 of the register content (not the counter, not the clock): the last tie-break. */
export function digestOf(r: SyncRecord): Uint8Array {
  let d = digests.get(r);
  if (!d) {
    d = sha256(utf8(JSON.stringify(r.account ? contentJson(r.account) : { deleted: r.deleted })));
    digests.set(r, d);
  }
  return d;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Order of two versions of one account: rev, then live over deleted, then digest. */
export function compareRecords(a: SyncRecord, b: SyncRecord): number {
  if (a.rev !== b.rev) return a.rev - b.rev;
  const liveA = a.account ? 1 : 0;
  const liveB = b.account ? 1 : 0;
  if (liveA !== liveB) return liveA - liveB;
  return compareBytes(digestOf(a), digestOf(b));
}

/** The merge of two versions of the same account: the winning register, the larger counter. */
export function join(a: SyncRecord, b: SyncRecord): SyncRecord {
  if (a.id !== b.id) throw new RangeError('join: records of different accounts');
  const winner = compareRecords(a, b) >= 0 ? a : b;
  const counter = Math.max(a.counter, b.counter);
  if (counter === winner.counter) return winner;
  const joined = { ...winner, counter };
  digests.set(joined, digestOf(winner));
  return joined;
}

/** Same register and counter: nothing to write. */
export function sameRecord(a: SyncRecord, b: SyncRecord): boolean {
  return a.id === b.id && a.counter === b.counter && compareRecords(a, b) === 0;
}

// --- reading ------------------------------------------------------------------

/** Thrown for a record that does not parse; the caller turns it into a warning. */
export class RecordFormatError extends Error {}

function safeCount(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
}

/** Strict reading of one record: exact fields, JSON types and the vault's account rules. */
export function readRecord(x: unknown): SyncRecord {
  const bad = (what: string) => new RecordFormatError(`record: ${what}`);
  if (!isRecord(x)) throw bad('not an object');
  const live = 'account' in x;
  if (!hasExactKeys(x, ['id', 'rev', 'counter', live ? 'account' : 'deleted'])) throw bad('missing or unexpected fields');
  if (!isAccountId(x.id)) throw bad('invalid id');
  if (!safeCount(x.rev, 1)) throw bad('invalid rev');
  if (!safeCount(x.counter, 0)) throw bad('invalid counter');
  if (!live) {
    if (!safeCount(x.deleted, 0)) throw bad('invalid deletion time');
    return { id: x.id, rev: x.rev, counter: x.counter, deleted: x.deleted };
  }
  return { id: x.id, rev: x.rev, counter: x.counter, account: readContent(x.account, x.counter, bad) };
}

function readContent(x: unknown, counter: number, bad: (what: string) => Error): AccountContent {
  const content = readAccountContent(x, counter, (field, cause) =>
    bad(field ? `invalid account ${field}` : cause ? `invalid account (${cause.code})` : 'account fields missing, unexpected or mistyped'),
  );
  // As the background does with the vault's: what can no longer be a binding is dropped.
  return { ...content, sites: allowedSites(content.sites) };
}
