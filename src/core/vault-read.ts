/**
 * Reading a sealed vault (docs/vault-format.md): the strict parse of its form, AES-256-GCM
 * decryption with the data key, and the strict decoding of the accounts. No KDF here, so
 * the popup can open the vault from the session key (issue 14 item 20) without loading
 * Argon2 (hash-wasm); sealing and passphrase slots are in vault.ts, which builds on this.
 * The exports below `openWithKey` are shared with vault.ts only.
 */
import type { Account } from './account';
import { accountWith, ACCOUNT_KEYS, hasExactKeys, isRecord, readAccountContent } from './account-record';
import { type Bytes, fromCanonicalBase64, fromUtf8, utf8 } from './bytes';
import { OttoError } from './errors';

/** Argon2id cost: memory in KiB, passes, lanes. */
export interface KdfParams {
  m: number;
  t: number;
  p: number;
}

/**
 * 64 MiB, 3 passes (RFC 9106's second recommendation). Stored per slot, so raising it later
 * keeps old vaults readable; `needsUpgrade` tells the store when to re-seal at unlock.
 */
export const DEFAULT_KDF: KdfParams = Object.freeze({ m: 65_536, t: 3, p: 1 });

export interface VaultPayload {
  version: 1;
  accounts: Account[];
  settings?: Record<string, unknown>;
  /** Sync state (issue 17, docs/sync-format.md): kept as it is, never interpreted here. */
  sync?: Record<string, unknown>;
}

export interface PassphraseSlot {
  type: 'passphrase';
  kdf: 'argon2id';
  m: number;
  t: number;
  p: number;
  salt: string;
  nonce: string;
  /** The wrapped data key. */
  key: string;
  tag: string;
}

/** A slot type of a later Otto (a recovery key, say): skipped when opening, kept when re-saving. */
export interface ForeignSlot {
  type: string;
  [field: string]: unknown;
}

export type KeySlot = PassphraseSlot | ForeignSlot;

/** JSON-safe: binary values are canonical base64. */
export interface SealedVault {
  format: 'otto-vault';
  /** 2 is written; 1 (the first release's) is still read. */
  version: 1 | 2;
  slots: KeySlot[];
  nonce: string;
  tag: string;
  data: string;
}

export const FORMAT = 'otto-vault';
export const VERSION = 2;
const READABLE = new Set([1, 2]);
export const PAYLOAD_VERSION = 1;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const SALT_BYTES = 16;
const SALT_MAX = 64;
export const PAD_BLOCK = 256;
const MAX_SLOTS = 8;
// Checked before deriving, so a hostile header fails fast instead of freezing the worker.
// `total` bounds the work of all passphrase slots together (Σ m·t): 4× the default, about 2 s.
export const KDF_MAX = Object.freeze({ m: 262_144, t: 10, p: 4, total: 4 * DEFAULT_KDF.m * DEFAULT_KDF.t });

const TOP_KEYS = ['format', 'version', 'slots', 'nonce', 'tag', 'data'];
const PAYLOAD_KEYS = ['version', 'accounts', 'settings', 'sync'];
const SLOT_KEYS = ['type', 'kdf', 'm', 't', 'p', 'salt', 'nonce', 'key', 'tag'];

export const payloadAad = (version: number): Bytes => utf8(JSON.stringify({ format: FORMAT, version }));

interface ParsedSlot {
  /** Position in `slots`, so a passphrase change replaces the slot that opened. */
  index: number;
  params: KdfParams;
  salt: Bytes;
  nonce: Bytes;
  key: Bytes;
  tag: Bytes;
  aad: Bytes;
}

export interface ParsedVault {
  version: number;
  slots: ParsedSlot[];
  nonce: Bytes;
  tag: Bytes;
  data: Bytes;
}

/** The payload of `sealed`, opened with its data key (the session key; no passphrase, no KDF). */
export async function openWithKey(sealed: SealedVault, key: Uint8Array): Promise<VaultPayload> {
  return decodePayload(unpad(await decryptPayload(parseSealed(sealed), key)));
}

export function kdfInLimits({ m, t, p }: KdfParams): boolean {
  return (
    Number.isInteger(p) && p >= 1 && p <= KDF_MAX.p &&
    Number.isInteger(t) && t >= 1 && t <= KDF_MAX.t &&
    Number.isInteger(m) && m >= 8 * p && m <= KDF_MAX.m &&
    m * t <= KDF_MAX.total
  );
}

export function slotAad(version: number, kdf: KdfParams, salt: string): Bytes {
  // Fixed key order: this text is the canonical serialization the spec defines.
  const header = { format: FORMAT, version, type: 'passphrase', kdf: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p, salt };
  return utf8(JSON.stringify(header));
}

export async function decryptPayload(vault: ParsedVault, key: Uint8Array): Promise<Bytes> {
  checkKey(key);
  const plain = await gcmDecrypt(key, vault.nonce, vault.data, vault.tag, payloadAad(vault.version));
  if (!plain) throw new OttoError('vaultTampered');
  return plain;
}

export function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new RangeError(`The data key must be ${KEY_BYTES} bytes.`);
}

function decodePayload(json: Bytes): VaultPayload {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(json) ?? '');
  } catch {
    throw corrupt('contents');
  }
  return readPayload(doc, corrupt);
}

/** `where` is a path into the document (`accounts[3].sites`); `cause` the finer error, if any. */
type Fail = (where: string, cause?: OttoError) => Error;

/** Strict reading of the plaintext document; `fail` says whose fault a problem is. */
export function readPayload(doc: unknown, fail: Fail): VaultPayload {
  if (!isRecord(doc) || doc.version !== PAYLOAD_VERSION || !Array.isArray(doc.accounts)) throw fail('contents');
  const keys = Object.keys(doc);
  if (keys.some((k) => !PAYLOAD_KEYS.includes(k))) throw fail('contents');
  const payload: VaultPayload = { version: PAYLOAD_VERSION, accounts: doc.accounts.map((a, i) => readAccount(a, i, fail)) };
  for (const k of ['settings', 'sync'] as const) {
    if (!(k in doc)) continue;
    const v = doc[k];
    if (!isRecord(v)) throw fail(k);
    payload[k] = v;
  }
  return payload;
}

function readAccount(x: unknown, i: number, fail: Fail): Account {
  const where = `accounts[${i}]`;
  if (!isRecord(x) || !hasExactKeys(x, ACCOUNT_KEYS)) throw fail(where);
  const { id, counter, ...content } = x;
  if (typeof id !== 'string' || typeof counter !== 'number') throw fail(where);
  if (id === '') throw fail(`${where}.id`);
  const at = (field: string | null, cause?: OttoError) => fail(field ? `${where}.${field}` : where, cause);
  return accountWith(readAccountContent(content, counter, at), id, counter);
}

/**
 * ISO/IEC 7816-4 padding (0x80 then zeros) up to a Padmé-sized length in 256-byte
 * steps or more, so the ciphertext length only roughly reveals the number of accounts.
 */
export function paddedLength(length: number): number {
  const l = length + 1;
  const e = 31 - Math.clz32(l);
  const block = e < 4 ? PAD_BLOCK : Math.max(PAD_BLOCK, 2 ** (e - (31 - Math.clz32(e)) - 1));
  return Math.ceil(l / block) * block;
}

function unpad(padded: Bytes): Bytes {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80 || paddedLength(end) !== padded.length) throw corrupt('padding');
  return padded.subarray(0, end);
}

export function parseSealed(x: unknown): ParsedVault {
  if (!isRecord(x) || x.format !== FORMAT) throw new OttoError('vaultNotOtto');
  if (typeof x.version !== 'number' || !READABLE.has(x.version)) throw new OttoError('vaultVersion', { version: String(x.version).slice(0, 12) });
  if (!hasExactKeys(x, TOP_KEYS)) throw corrupt('fields');
  if (!Array.isArray(x.slots) || x.slots.length < 1 || x.slots.length > MAX_SLOTS) throw corrupt('slots');
  const version = x.version;
  const slots: ParsedSlot[] = [];
  x.slots.forEach((s: unknown, index) => {
    if (!isRecord(s) || typeof s.type !== 'string') throw corrupt(`slots[${index}]`);
    if (s.type === 'passphrase') slots.push(parseSlot(s, index, version));
  });
  // A wrong passphrase is tried against every slot: bound what the whole file may cost.
  if (slots.reduce((sum, s) => sum + s.params.m * s.params.t, 0) > KDF_MAX.total) throw new OttoError('kdfTooCostly');
  const data = decodeField(x.data, 'data', 0, Infinity);
  if (data.length === 0 || data.length % PAD_BLOCK !== 0) throw corrupt('data');
  return { version, slots, nonce: decodeField(x.nonce, 'nonce', NONCE_BYTES), tag: decodeField(x.tag, 'tag', TAG_BYTES), data };
}

function parseSlot(s: Record<string, unknown>, index: number, version: number): ParsedSlot {
  const what = `slots[${index}]`;
  if (!hasExactKeys(s, SLOT_KEYS) || s.kdf !== 'argon2id') throw corrupt(what);
  const params = { m: s.m, t: s.t, p: s.p };
  if (!isKdfShape(params) || !kdfInLimits(params)) throw corrupt(`${what}.kdf`);
  return {
    index,
    params,
    salt: decodeField(s.salt, `${what}.salt`, SALT_BYTES, SALT_MAX),
    nonce: decodeField(s.nonce, `${what}.nonce`, NONCE_BYTES),
    key: decodeField(s.key, `${what}.key`, KEY_BYTES),
    tag: decodeField(s.tag, `${what}.tag`, TAG_BYTES),
    // Built from the validated values; the salt text is canonical, so it equals what was sealed.
    aad: slotAad(version, params, s.salt as string),
  };
}

function isKdfShape(x: Record<'m' | 't' | 'p', unknown>): x is KdfParams {
  return typeof x.m === 'number' && typeof x.t === 'number' && typeof x.p === 'number';
}

/** `where`: a path into the sealed vault or its contents; never a value from it. */
function corrupt(where: string, cause?: OttoError): OttoError {
  return new OttoError('vaultDamaged', { where }, cause);
}

/** Strict: only canonical base64 decodes, so no two texts give the same bytes. */
function decodeField(text: unknown, where: string, min: number, max = min): Bytes {
  const bytes = typeof text === 'string' ? fromCanonicalBase64(text) : null;
  if (!bytes || bytes.length < min || bytes.length > max) throw corrupt(where);
  return bytes;
}

export async function aesKey(raw: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const copy = new Uint8Array(raw);
  try {
    return await crypto.subtle.importKey('raw', copy, 'AES-GCM', false, [usage]);
  } finally {
    copy.fill(0);
  }
}

/** null when authentication fails. */
export async function gcmDecrypt(key: Uint8Array, nonce: Bytes, ciphertext: Bytes, tag: Bytes, aad: Bytes): Promise<Bytes | null> {
  const joined = new Uint8Array(ciphertext.length + TAG_BYTES);
  joined.set(ciphertext);
  joined.set(tag, ciphertext.length);
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
  const cryptoKey = await aesKey(key, 'decrypt');
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, cryptoKey, joined));
  } catch {
    return null;
  }
}
