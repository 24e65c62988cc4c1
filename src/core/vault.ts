/**
 * The encrypted vault: a random data key encrypts the accounts (AES-256-GCM); key
 * slots wrap that data key, a passphrase slot under an Argon2id-derived key. The
 * format, and why it is built this way, is specified in docs/vault-format.md.
 * Reading (parse, decrypt with the data key, decode) is in vault-read.ts.
 */
import { argon2id } from 'hash-wasm';
import { ACCOUNT_KEYS, storedJson } from './account-record';
import { type Bytes, randomBytes, toBase64, utf8 } from './bytes';
import { OttoError } from './errors';
import {
  DEFAULT_KDF, FORMAT, KEY_BYTES, NONCE_BYTES, PAYLOAD_VERSION, SALT_BYTES, TAG_BYTES, VERSION,
  aesKey, checkKey, decryptPayload, gcmDecrypt, kdfInLimits, openWithKey, paddedLength, parseSealed, payloadAad, readPayload, slotAad,
  type KdfParams, type KeySlot, type ParsedVault, type PassphraseSlot, type SealedVault, type VaultPayload,
} from './vault-read';

export {
  DEFAULT_KDF, KDF_MAX, openWithKey,
  type ForeignSlot, type KdfParams, type KeySlot, type PassphraseSlot, type SealedVault, type VaultPayload,
} from './vault-read';

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

/** Serializes, then reads back: whatever is sealed is guaranteed to open again. */
function encodePayload(payload: VaultPayload): Bytes {
  const doc: Record<string, unknown> = { version: PAYLOAD_VERSION, accounts: payload.accounts.map((a) => storedJson(a, ACCOUNT_KEYS)) };
  if (payload.settings !== undefined) doc.settings = payload.settings;
  if (payload.sync !== undefined) doc.sync = payload.sync;
  const json = JSON.stringify(doc);
  readPayload(JSON.parse(json), (where, cause) => new TypeError(`Cannot seal the vault: ${where} ${cause?.message ?? ''}`));
  return utf8(json);
}

/** ISO/IEC 7816-4 padding up to the length paddedLength gives (vault-read.ts). */
function pad(json: Bytes): Bytes {
  const out = new Uint8Array(paddedLength(json.length));
  out.set(json);
  out[json.length] = 0x80;
  return out;
}

// --- binary fields ---------------------------------------------------------

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
