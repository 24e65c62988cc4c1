/**
 * Names and constants of the sync format (docs/sync-format.md): item keys, buckets,
 * the authenticated headers and the storage.sync limits Otto plans for.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8 } from '../bytes';

export const FORMAT = 'otto-sync';
export const VERSION = 1;

export const KEY_ITEM = 'key';
export const BUCKETS = 16;

/** storage.sync limits (Chrome's; Firefox has the same sizes and no write-rate limits). */
export interface SyncLimits {
  quotaBytes: number;
  quotaBytesPerItem: number;
  maxItems: number;
  writesPerMinute: number;
  writesPerHour: number;
}

export const CHROME_LIMITS: SyncLimits = Object.freeze({
  quotaBytes: 102_400,
  quotaBytesPerItem: 8_192,
  maxItems: 512,
  writesPerMinute: 120,
  writesPerHour: 1_800,
});

/** Left free of the total, for the key item growing and another device writing at the same time. */
export const QUOTA_MARGIN = 2_048;

/** A tombstone is forgotten this long after the deletion (wall time; never used for ordering). */
export const TOMBSTONE_LIFETIME_MS = 180 * 24 * 60 * 60 * 1000;

/** Previous data keys kept in the key item's chain. */
export const CHAIN_LENGTH = 3;

/** Bucket of an account id: high 4 bits of SHA-256(id), one hex digit. */
export function bucketOf(id: string): string {
  return (sha256(utf8(id))[0]! >> 4).toString(16);
}

/** `a3` for part 0 of bucket 3, `a3.2` for part 2. */
export function partKey(bucket: string, part: number): string {
  return part === 0 ? `a${bucket}` : `a${bucket}.${part}`;
}

const PART_KEY = /^a([0-9a-f])(?:\.([1-9][0-9]{0,2}))?$/;

/** The bucket and part a storage key names, or null for keys that are not bucket items. */
export function parsePartKey(key: string): { bucket: string; part: number } | null {
  const m = PART_KEY.exec(key);
  return m ? { bucket: m[1]!, part: m[2] ? Number(m[2]) : 0 } : null;
}

/** What storage.sync counts for an item: key length plus the length of the value's JSON, in bytes. */
export function itemBytes(key: string, value: unknown): number {
  return utf8(key).length + utf8(JSON.stringify(value)).length;
}

/** Canonical JSON of a header: the caller passes the keys in the order the spec lists them. */
export function aad(header: Record<string, string | number>): Uint8Array<ArrayBuffer> {
  return utf8(JSON.stringify({ format: FORMAT, version: VERSION, ...header }));
}
