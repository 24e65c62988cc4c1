/**
 * Sync records: one per account id, live or a tombstone, each with a logical clock
 * (`rev`) and an HOTP counter that only grows. `join` is the merge of two versions of
 * one account; it is commutative, associative and idempotent (docs/sync-format.md,
 * "Merging"), which is what makes every order of delivery converge.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { validateDraft, type Account, type Algorithm, type OtpType } from '../account';
import { decodeBase32, encodeBase32 } from '../base32';
import { utf8 } from '../bytes';
import { migrateSites } from '../site-policy';

/** An account without the two fields a record carries beside it (`id`, `counter`). */
export type AccountContent = Omit<Account, 'id' | 'counter'>;

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

export const ID_MAX = 128;

/** The account fields of a record, in the canonical (digest) order. */
const CONTENT_KEYS = [
  'type', 'issuer', 'label', 'secret', 'algorithm', 'digits', 'period', 'sites', 'created', 'updated', 'pinned', 'autoSubmit',
] as const;

export function recordOf(account: Account, rev: number): LiveRecord {
  const { id, counter, ...content } = account;
  return { id, rev, counter, account: { ...content, sites: [...content.sites] } };
}

/** The account a live record holds, with its fields in the order of `Account` (as the vault writes them). */
export function accountOf(record: LiveRecord): Account {
  const c = record.account;
  return {
    type: c.type, issuer: c.issuer, label: c.label, secret: c.secret, algorithm: c.algorithm, digits: c.digits, period: c.period,
    counter: record.counter, sites: [...c.sites], id: record.id, created: c.created, updated: c.updated, pinned: c.pinned, autoSubmit: c.autoSubmit,
  };
}

function contentJson(content: AccountContent): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT_KEYS) out[k] = k === 'secret' ? encodeBase32(content.secret) : k === 'sites' ? [...content.sites] : content[k];
  return out;
}

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

function isRecordObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasExactKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
}

function safeCount(x: unknown, min: number): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
}

/** Strict reading of one record: exact fields, JSON types and the vault's account rules. */
export function readRecord(x: unknown): SyncRecord {
  const bad = (what: string) => new RecordFormatError(`record: ${what}`);
  if (!isRecordObject(x)) throw bad('not an object');
  const live = 'account' in x;
  if (!hasExactKeys(x, ['id', 'rev', 'counter', live ? 'account' : 'deleted'])) throw bad('missing or unexpected fields');
  if (typeof x.id !== 'string' || x.id.length === 0 || x.id.length > ID_MAX) throw bad('invalid id');
  if (!safeCount(x.rev, 1)) throw bad('invalid rev');
  if (!safeCount(x.counter, 0)) throw bad('invalid counter');
  if (!live) {
    if (!safeCount(x.deleted, 0)) throw bad('invalid deletion time');
    return { id: x.id, rev: x.rev, counter: x.counter, deleted: x.deleted };
  }
  return { id: x.id, rev: x.rev, counter: x.counter, account: readContent(x.account, x.counter, bad) };
}

function readContent(x: unknown, counter: number, bad: (what: string) => Error): AccountContent {
  if (!isRecordObject(x) || !hasExactKeys(x, CONTENT_KEYS)) throw bad('account has missing or unexpected fields');
  const strings = ['type', 'issuer', 'label', 'secret', 'algorithm'] as const;
  const numbers = ['digits', 'period', 'created', 'updated'] as const;
  if (strings.some((k) => typeof x[k] !== 'string') || numbers.some((k) => typeof x[k] !== 'number')) throw bad('account field of the wrong type');
  if (typeof x.pinned !== 'boolean' || typeof x.autoSubmit !== 'boolean') throw bad('account field of the wrong type');
  if (!Array.isArray(x.sites) || x.sites.some((s) => typeof s !== 'string')) throw bad('invalid sites');
  if (!safeCount(x.created, 0) || !safeCount(x.updated, 0)) throw bad('invalid time');
  let secret: Uint8Array;
  try {
    secret = decodeBase32(x.secret as string);
  } catch {
    throw bad('invalid secret');
  }
  if (encodeBase32(secret) !== x.secret) throw bad('secret is not canonical base32');
  const content: AccountContent = {
    type: x.type as OtpType,
    issuer: x.issuer as string,
    label: x.label as string,
    secret,
    algorithm: x.algorithm as Algorithm,
    digits: x.digits as number,
    period: x.period as number,
    // As the vault reader does: today's binding form; what can no longer be a binding is dropped.
    sites: migrateSites(x.sites as string[]),
    created: x.created as number,
    updated: x.updated as number,
    pinned: x.pinned,
    autoSubmit: x.autoSubmit,
  };
  try {
    validateDraft({ ...content, counter });
  } catch {
    throw bad('invalid account');
  }
  return content;
}
