/**
 * The encrypted vault: a random data key encrypts the accounts (AES-256-GCM); key
 * slots wrap that data key, a passphrase slot under an Argon2id-derived key. The
 * format, and why it is built this way, is specified in docs/vault-format.md.
 */
import { argon2id } from 'hash-wasm';
import { validateDraft, type Account, type Algorithm, type OtpType } from './account';
import { decodeBase32, encodeBase32 } from './base32';
import { type Bytes, fromBase64, fromUtf8, randomBytes, toBase64, utf8 } from './bytes';
import { OttoError } from './errors';
import { readStoredSites } from './sites';

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

const FORMAT = 'otto-vault';
const VERSION = 2;
const READABLE = new Set([1, 2]);
const PAYLOAD_VERSION = 1;
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT_BYTES = 16;
const SALT_MAX = 64;
const PAD_BLOCK = 256;
const MAX_SLOTS = 8;
// Checked before deriving, so a hostile header fails fast instead of freezing the worker.
// `total` bounds the work of all passphrase slots together (Σ m·t): 4× the default, about 2 s.
export const KDF_MAX = Object.freeze({ m: 262_144, t: 10, p: 4, total: 4 * DEFAULT_KDF.m * DEFAULT_KDF.t });

const TOP_KEYS = ['format', 'version', 'slots', 'nonce', 'tag', 'data'];
const PAYLOAD_KEYS = ['version', 'accounts', 'settings', 'sync'];
const SLOT_KEYS = ['type', 'kdf', 'm', 't', 'p', 'salt', 'nonce', 'key', 'tag'];
const ACCOUNT_KEYS = [
  'type', 'issuer', 'label', 'secret', 'algorithm', 'digits', 'period', 'counter', 'sites',
  'id', 'created', 'updated', 'pinned', 'autoSubmit',
] as const;

const payloadAad = (version: number): Bytes => utf8(JSON.stringify({ format: FORMAT, version }));

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

interface ParsedVault {
  version: number;
  slots: ParsedSlot[];
  nonce: Bytes;
  tag: Bytes;
  data: Bytes;
}

/** A fresh random 256-bit data key. */
export function createDataKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

export async function sealVault(payload: VaultPayload, passphrase: string, params?: Partial<KdfParams>): Promise<SealedVault> {
  const { sealed, key } = await sealNew(payload, passphrase, params);
  key.fill(0);
  return sealed;
}

/**
 * Like sealVault, and hands back the fresh data key (for the background's session) without
 * deriving it again. `dataKey`: seal under this fresh key instead (sync adopts the key
 * another browser rotated to, or prepares the key item of a rotation before the save).
 */
export async function sealNew(
  payload: VaultPayload,
  passphrase: string,
  params?: Partial<KdfParams>,
  dataKey?: Uint8Array,
): Promise<{ sealed: SealedVault; key: Uint8Array }> {
  const kdf = kdfFor(params);
  const key = dataKey ? new Uint8Array(dataKey) : createDataKey();
  try {
    return { sealed: await encryptPayload(payload, key, [await makeSlot(key, passphrase, kdf)]), key };
  } catch (e) {
    key.fill(0);
    throw e;
  }
}

export async function openVault(sealed: SealedVault, passphrase: string): Promise<VaultPayload> {
  const key = await unlockDataKey(sealed, passphrase);
  try {
    return await openWithKey(sealed, key);
  } finally {
    key.fill(0);
  }
}

/** The raw data key from the first passphrase slot the passphrase opens. */
export async function unlockDataKey(sealed: SealedVault, passphrase: string): Promise<Uint8Array> {
  return (await unlockSlot(parseSealed(sealed), passphrase)).key;
}

export async function openWithKey(sealed: SealedVault, key: Uint8Array): Promise<VaultPayload> {
  return decodePayload(unpad(await decryptPayload(parseSealed(sealed), key)));
}

/**
 * Re-seals under the same slots with a fresh nonce. The key must open `previous`, so a
 * wrong key can never be saved behind slots that would not yield it; `previous` must be
 * of the current version (its slots' headers name it), else re-seal with the passphrase.
 */
export async function sealWithKey(payload: VaultPayload, key: Uint8Array, previous: SealedVault): Promise<SealedVault> {
  const parsed = parseSealed(previous);
  if (parsed.version !== VERSION) throw new RangeError('A vault of an older format is re-sealed with the passphrase, not the key.');
  await decryptPayload(parsed, key);
  return encryptPayload(payload, key, structuredClone(previous.slots));
}

/**
 * A new passphrase means a new data key: the payload is opened with the old passphrase
 * and sealed again under a fresh key and one new slot (`params`, default DEFAULT_KDF),
 * so nothing that knew the old key (an old backup, a kept copy) opens the result.
 * Slots of other types wrap the old key and are therefore dropped.
 */
export async function changePassphrase(
  sealed: SealedVault,
  oldPassphrase: string,
  newPassphrase: string,
  params?: Partial<KdfParams>,
): Promise<SealedVault> {
  const payload = await openVault(sealed, oldPassphrase);
  return sealVault(payload, newPassphrase, params);
}

/** True when the vault is of an older format or a slot is cheaper than DEFAULT_KDF: re-seal it at the next unlock. */
export function needsUpgrade(sealed: SealedVault): boolean {
  const parsed = parseSealed(sealed);
  const weak = ({ m, t }: KdfParams) => m < DEFAULT_KDF.m || m * t < DEFAULT_KDF.m * DEFAULT_KDF.t;
  return parsed.version !== VERSION || parsed.slots.some((s) => weak(s.params));
}

/** Shape check (every field, length and limit; no decryption): lets the importer recognise Otto backups. */
export function isSealedVault(x: unknown): x is SealedVault {
  try {
    parseSealed(x);
    return true;
  } catch {
    return false;
  }
}

// --- slots -----------------------------------------------------------------

function kdfFor(params: Partial<KdfParams> | undefined): KdfParams {
  const kdf = { m: params?.m ?? DEFAULT_KDF.m, t: params?.t ?? DEFAULT_KDF.t, p: params?.p ?? DEFAULT_KDF.p };
  if (!kdfInLimits(kdf)) throw new RangeError('Argon2id parameters out of range (see docs/vault-format.md).');
  return kdf;
}

function kdfInLimits({ m, t, p }: KdfParams): boolean {
  return (
    Number.isInteger(p) && p >= 1 && p <= KDF_MAX.p &&
    Number.isInteger(t) && t >= 1 && t <= KDF_MAX.t &&
    Number.isInteger(m) && m >= 8 * p && m <= KDF_MAX.m &&
    m * t <= KDF_MAX.total
  );
}

function slotAad(version: number, kdf: KdfParams, salt: string): Bytes {
  // Fixed key order: this text is the canonical serialization the spec defines.
  const header = { format: FORMAT, version, type: 'passphrase', kdf: 'argon2id', m: kdf.m, t: kdf.t, p: kdf.p, salt };
  return utf8(JSON.stringify(header));
}

/** Argon2id as every passphrase slot uses it (also for sync's key item): 32 bytes. */
export function deriveKek(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  // NFC so one passphrase gives one key whichever way the keyboard composes accents.
  return argon2id({
    password: passphrase.normalize('NFC'), salt, parallelism: kdf.p, iterations: kdf.t, memorySize: kdf.m,
    hashLength: KEY_BYTES, outputType: 'binary',
  });
}

async function makeSlot(dataKey: Uint8Array, passphrase: string, kdf: KdfParams): Promise<PassphraseSlot> {
  if (passphrase === '') throw new RangeError('A vault needs a passphrase.');
  const salt = randomBytes(SALT_BYTES);
  const nonce = randomBytes(NONCE_BYTES);
  const saltText = toBase64(salt);
  const kek = await deriveKek(passphrase, salt, kdf);
  const wrapped = await gcmEncrypt(kek, nonce, dataKey, slotAad(VERSION, kdf, saltText));
  kek.fill(0);
  return {
    type: 'passphrase', kdf: 'argon2id', ...kdf,
    salt: saltText, nonce: toBase64(nonce), key: toBase64(wrapped.ciphertext), tag: toBase64(wrapped.tag),
  };
}

async function unlockSlot(vault: ParsedVault, passphrase: string): Promise<{ key: Uint8Array; index: number }> {
  // Every slot is tried with the same passphrase: the bound on their total work holds here.
  if (vault.slots.length === 0) throw new OttoError('vaultNoSlot');
  // No slot is ever made for an empty passphrase (and the Argon2 library refuses one).
  if (passphrase === '') throw new OttoError('wrongPassphrase');
  for (const slot of vault.slots) {
    const kek = await deriveKek(passphrase, slot.salt, slot.params);
    const key = await gcmDecrypt(kek, slot.nonce, slot.key, slot.tag, slot.aad);
    kek.fill(0);
    if (key) return { key, index: slot.index };
  }
  // A tampered slot fails exactly like a wrong passphrase; GCM cannot tell them apart.
  throw new OttoError('wrongPassphrase');
}

// --- payload ---------------------------------------------------------------

async function encryptPayload(payload: VaultPayload, key: Uint8Array, slots: KeySlot[]): Promise<SealedVault> {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const sealed = await gcmEncrypt(key, nonce, pad(encodePayload(payload)), payloadAad(VERSION));
  return {
    format: FORMAT, version: VERSION, slots,
    nonce: toBase64(nonce), tag: toBase64(sealed.tag), data: toBase64(sealed.ciphertext),
  };
}

async function decryptPayload(vault: ParsedVault, key: Uint8Array): Promise<Bytes> {
  checkKey(key);
  const plain = await gcmDecrypt(key, vault.nonce, vault.data, vault.tag, payloadAad(vault.version));
  if (!plain) throw new OttoError('vaultTampered');
  return plain;
}

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new RangeError(`The data key must be ${KEY_BYTES} bytes.`);
}

/** Serializes, then reads back: whatever is sealed is guaranteed to open again. */
function encodePayload(payload: VaultPayload): Bytes {
  const doc: Record<string, unknown> = { version: PAYLOAD_VERSION, accounts: payload.accounts.map(accountToJson) };
  if (payload.settings !== undefined) doc.settings = payload.settings;
  if (payload.sync !== undefined) doc.sync = payload.sync;
  const json = JSON.stringify(doc);
  readPayload(JSON.parse(json), (where, cause) => new TypeError(`Cannot seal the vault: ${where} ${cause?.message ?? ''}`));
  return utf8(json);
}

function accountToJson(a: Account): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ACCOUNT_KEYS) out[k] = k === 'secret' ? encodeBase32(a.secret) : a[k];
  return out;
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
function readPayload(doc: unknown, fail: Fail): VaultPayload {
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
  const strings = ['type', 'issuer', 'label', 'secret', 'algorithm', 'id'] as const;
  const numbers = ['digits', 'period', 'counter', 'created', 'updated'] as const;
  if (strings.some((k) => typeof x[k] !== 'string') || numbers.some((k) => typeof x[k] !== 'number')) {
    throw fail(where);
  }
  if (typeof x.pinned !== 'boolean' || typeof x.autoSubmit !== 'boolean') throw fail(where);
  if (!Array.isArray(x.sites) || x.sites.some((s) => typeof s !== 'string')) throw fail(`${where}.sites`);
  if (x.id === '') throw fail(`${where}.id`);
  for (const k of ['created', 'updated'] as const) {
    if (!Number.isSafeInteger(x[k]) || (x[k] as number) < 0) throw fail(`${where}.${k}`);
  }
  let secret: Uint8Array;
  try {
    secret = decodeBase32(x.secret as string);
  } catch {
    throw fail(`${where}.secret`);
  }
  // The lenient decoder accepts spacing and case; in the vault only our own encoding is valid.
  if (encodeBase32(secret) !== x.secret) throw fail(`${where}.secret`);
  const account: Account = {
    type: x.type as OtpType,
    issuer: x.issuer as string,
    label: x.label as string,
    secret,
    algorithm: x.algorithm as Algorithm,
    digits: x.digits as number,
    period: x.period as number,
    counter: x.counter as number,
    // First-release bindings (`github.com`) become https ones (`https://github.com`); written so at the next save.
    sites: readStoredSites(x.sites as string[]),
    id: x.id as string,
    created: x.created as number,
    updated: x.updated as number,
    pinned: x.pinned,
    autoSubmit: x.autoSubmit,
  };
  try {
    validateDraft(account);
  } catch (e) {
    if (!(e instanceof OttoError)) throw e;
    throw fail(where, e);
  }
  return account;
}

/**
 * ISO/IEC 7816-4 padding (0x80 then zeros) up to a Padmé-sized length in 256-byte
 * steps or more, so the ciphertext length only roughly reveals the number of accounts.
 */
function paddedLength(length: number): number {
  const l = length + 1;
  const e = 31 - Math.clz32(l);
  const block = e < 4 ? PAD_BLOCK : Math.max(PAD_BLOCK, 2 ** (e - (31 - Math.clz32(e)) - 1));
  return Math.ceil(l / block) * block;
}

function pad(json: Bytes): Bytes {
  const out = new Uint8Array(paddedLength(json.length));
  out.set(json);
  out[json.length] = 0x80;
  return out;
}

function unpad(padded: Bytes): Bytes {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x80 || paddedLength(end) !== padded.length) throw corrupt('padding');
  return padded.subarray(0, end);
}

// --- parsing the sealed form -------------------------------------------------

function parseSealed(x: unknown): ParsedVault {
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

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasExactKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
}

/** `where`: a path into the sealed vault or its contents; never a value from it. */
function corrupt(where: string, cause?: OttoError): OttoError {
  return new OttoError('vaultDamaged', { where }, cause);
}

// --- binary fields ---------------------------------------------------------

/** Strict: only canonical base64 decodes, so no two texts give the same bytes. */
function decodeField(text: unknown, where: string, min: number, max = min): Bytes {
  const loose = typeof text === 'string' ? fromBase64(text) : null;
  if (!loose || toBase64(loose) !== text || loose.length < min || loose.length > max) throw corrupt(where);
  return loose;
}

async function aesKey(raw: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const copy = new Uint8Array(raw);
  try {
    return await crypto.subtle.importKey('raw', copy, 'AES-GCM', false, [usage]);
  } finally {
    copy.fill(0);
  }
}

async function gcmEncrypt(key: Uint8Array, nonce: Bytes, plain: Uint8Array, aad: Bytes): Promise<{ ciphertext: Bytes; tag: Bytes }> {
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
  // A copy WebCrypto accepts as BufferSource; wiped since it may be the data key.
  const input = new Uint8Array(plain);
  let out: Bytes;
  try {
    out = new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(key, 'encrypt'), input));
  } finally {
    input.fill(0);
  }
  return { ciphertext: out.slice(0, -TAG_BYTES), tag: out.slice(-TAG_BYTES) };
}

/** null when authentication fails. */
async function gcmDecrypt(key: Uint8Array, nonce: Bytes, ciphertext: Bytes, tag: Bytes, aad: Bytes): Promise<Bytes | null> {
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
