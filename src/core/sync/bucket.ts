/**
 * Bucket items: a group of records, compressed (raw DEFLATE), padded and sealed with
 * AES-256-GCM under the record key, with the item's key, the version and the key id
 * authenticated. Every part of a bucket stands alone.
 */
import { type Bytes, fromCanonicalBase64, fromUtf8, toBase64, utf8 } from '../bytes';
import { NONCE_BYTES, TAG_BYTES, KID_BYTES, open, seal, type SyncKey } from './crypto';
import { VERSION, aad, bucketOf, parsePartKey } from './format';
import { RecordFormatError, readRecord, recordToJson, type SyncRecord } from './records';

export interface BucketItem {
  v: 1;
  kid: string;
  nonce: string;
  data: string;
}

/** Decompressed plaintext larger than this is refused (a bucket item is at most 8 KiB). */
export const INFLATE_LIMIT = 512 * 1024;
const PAD_MIN_BLOCK = 32;

export async function deflate(bytes: Uint8Array): Promise<Bytes> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Inflates, stopping with null past `limit` bytes or on a broken stream. */
export async function inflate(bytes: Uint8Array, limit = INFLATE_LIMIT): Promise<Bytes | null> {
  const reader = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > limit) {
        await reader.cancel();
        return null;
      }
      chunks.push(value);
    }
  } catch {
    return null;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The vault's Padmé rule with a 32-byte minimum block: blurs sizes at ≤ 12 % cost. */
export function paddedLength(length: number): number {
  const l = length + 1;
  const e = 31 - Math.clz32(l);
  const block = e < 4 ? PAD_MIN_BLOCK : Math.max(PAD_MIN_BLOCK, 2 ** (e - (31 - Math.clz32(e)) - 1));
  return Math.ceil(l / block) * block;
}

function pad(bytes: Uint8Array): Bytes {
  const out = new Uint8Array(paddedLength(bytes.length));
  out.set(bytes);
  out[bytes.length] = 0x80;
  return out;
}

function unpad(padded: Uint8Array): Uint8Array | null {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80 || paddedLength(end) !== padded.length) return null;
  return padded.subarray(0, end);
}

/** Compressed, padded plaintext of a group of records (what the item's size depends on). */
export async function packRecords(records: readonly SyncRecord[]): Promise<Bytes> {
  return pad(await deflate(utf8(JSON.stringify(records.map(recordToJson)))));
}

/** Size storage.sync counts for a sealed item with `plainLength` bytes of padded plaintext. */
export function sealedItemBytes(itemKey: string, kid: string, plainLength: number): number {
  const b64 = (n: number) => 4 * Math.ceil(n / 3);
  // {"v":1,"kid":"…","nonce":"…","data":"…"}
  return itemKey.length + '{"v":1,"kid":"","nonce":"","data":""}'.length + kid.length + b64(NONCE_BYTES) + b64(plainLength + TAG_BYTES);
}

export async function sealPacked(itemKey: string, packed: Uint8Array, key: SyncKey): Promise<BucketItem> {
  const sealed = await seal(key.recordKey, packed, aad({ item: itemKey, kid: key.kid }));
  return { v: 1, kid: key.kid, nonce: toBase64(sealed.nonce), data: toBase64(sealed.data) };
}

export async function sealBucket(itemKey: string, records: readonly SyncRecord[], key: SyncKey): Promise<BucketItem> {
  return sealPacked(itemKey, await packRecords(records), key);
}

export type BucketProblem = 'parse' | 'version' | 'auth' | 'key';

export type OpenedBucket =
  | { ok: true; kid: string; records: SyncRecord[] }
  | { ok: false; problem: BucketProblem; kid?: string };

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function canonical(x: unknown, length?: number): Bytes | null {
  if (typeof x !== 'string') return null;
  const bytes = fromCanonicalBase64(x);
  if (!bytes) return null;
  return length === undefined || bytes.length === length ? bytes : null;
}

/** The key id a bucket item claims, if it has the right shape (no decryption). */
export function claimedKid(value: unknown): string | null {
  return isObject(value) && value.v === VERSION && canonical(value.kid, KID_BYTES) ? (value.kid as string) : null;
}

/**
 * Opens one bucket item with the key its `kid` names in `keys`. Everything that is
 * wrong is a `problem`, never an exception: the caller ignores the item and warns.
 */
export async function openBucket(itemKey: string, value: unknown, keys: ReadonlyMap<string, SyncKey>): Promise<OpenedBucket> {
  const where = parsePartKey(itemKey);
  if (!where || !isObject(value)) return { ok: false, problem: 'parse' };
  if (value.v !== VERSION) return { ok: false, problem: typeof value.v === 'number' && value.v > VERSION ? 'version' : 'parse' };
  const fields = Object.keys(value);
  if (fields.length !== 4 || !['v', 'kid', 'nonce', 'data'].every((k) => Object.hasOwn(value, k))) return { ok: false, problem: 'parse' };
  const nonce = canonical(value.nonce, NONCE_BYTES);
  const data = canonical(value.data);
  if (!canonical(value.kid, KID_BYTES) || !nonce || !data || data.length < TAG_BYTES + 1) return { ok: false, problem: 'parse' };
  const kid = value.kid as string;
  const key = keys.get(kid);
  if (!key) return { ok: false, problem: 'key', kid };
  const padded = await open(key.recordKey, nonce, data, aad({ item: itemKey, kid }));
  if (!padded) return { ok: false, problem: 'auth', kid };
  const packed = unpad(padded);
  const json = packed && (await inflate(packed));
  const text = json && fromUtf8(json);
  if (text == null) return { ok: false, problem: 'parse', kid };
  try {
    const doc: unknown = JSON.parse(text);
    if (!Array.isArray(doc)) return { ok: false, problem: 'parse', kid };
    const records = doc.map(readRecord);
    const ids = new Set(records.map((r) => r.id));
    if (ids.size !== records.length || records.some((r) => bucketOf(r.id) !== where.bucket)) return { ok: false, problem: 'parse', kid };
    return { ok: true, kid, records };
  } catch (e) {
    if (e instanceof RecordFormatError || e instanceof SyntaxError) return { ok: false, problem: 'parse', kid };
    throw e;
  }
}
