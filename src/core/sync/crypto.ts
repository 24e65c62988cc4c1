/**
 * The keys sync derives from the vault's data key, and AES-256-GCM sealing.
 * HKDF/HMAC/SHA-256 come from @noble/hashes (synchronous); AES-GCM from WebCrypto.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { type Bytes, concat, randomBytes, toBase64, utf8 } from '../bytes';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
export const KID_BYTES = 9;
export const MAC_BYTES = 32;

/** What a device needs to read and write sync items under one data key. */
export interface SyncKey {
  /** Key id (base64 of 9 bytes): names the key without revealing it. */
  kid: string;
  dataKey: Uint8Array;
  /** Seals bucket items and the key chain. */
  recordKey: Uint8Array;
  /** MACs the next key item at a rotation. */
  endorseKey: Uint8Array;
}

function derive(dataKey: Uint8Array, info: string, length: number): Bytes {
  return new Uint8Array(hkdf(sha256, dataKey, undefined, utf8(info), length));
}

export function syncKeyFor(dataKey: Uint8Array): SyncKey {
  if (!(dataKey instanceof Uint8Array) || dataKey.length !== KEY_BYTES) throw new RangeError(`The data key must be ${KEY_BYTES} bytes.`);
  return {
    kid: toBase64(derive(dataKey, 'otto-sync v1 key id', KID_BYTES)),
    dataKey: new Uint8Array(dataKey),
    recordKey: derive(dataKey, 'otto-sync v1 records', KEY_BYTES),
    endorseKey: derive(dataKey, 'otto-sync v1 endorse', KEY_BYTES),
  };
}

export function mac(key: Uint8Array, message: Uint8Array): Bytes {
  return new Uint8Array(hmac(sha256, key, message));
}

/** Constant-time comparison of two MACs. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

async function aesKey(raw: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  const copy = new Uint8Array(raw);
  try {
    return await crypto.subtle.importKey('raw', copy, 'AES-GCM', false, [usage]);
  } finally {
    copy.fill(0);
  }
}

/** AES-256-GCM under a fresh random nonce; the tag is appended to the ciphertext. */
export async function seal(key: Uint8Array, plain: Uint8Array, aad: Bytes): Promise<{ nonce: Bytes; data: Bytes }> {
  const nonce = randomBytes(NONCE_BYTES);
  const input = new Uint8Array(plain);
  try {
    const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
    return { nonce, data: new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(key, 'encrypt'), input)) };
  } finally {
    input.fill(0);
  }
}

/** The plaintext, or null when authentication fails. */
export async function open(key: Uint8Array, nonce: Bytes, data: Bytes, aad: Bytes): Promise<Bytes | null> {
  if (data.length < TAG_BYTES) return null;
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
  try {
    return new Uint8Array(await crypto.subtle.decrypt(params, await aesKey(key, 'decrypt'), data));
  } catch {
    return null;
  }
}

/** AES-GCM with separate ciphertext and tag fields (the key slot's layout). */
export async function sealSplit(key: Uint8Array, nonce: Bytes, plain: Uint8Array, aad: Bytes): Promise<{ ciphertext: Bytes; tag: Bytes }> {
  const params = { name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: TAG_BYTES * 8 };
  const input = new Uint8Array(plain);
  try {
    const out = new Uint8Array(await crypto.subtle.encrypt(params, await aesKey(key, 'encrypt'), input));
    return { ciphertext: out.slice(0, -TAG_BYTES), tag: out.slice(-TAG_BYTES) };
  } finally {
    input.fill(0);
  }
}

export function openSplit(key: Uint8Array, nonce: Bytes, ciphertext: Bytes, tag: Bytes, aad: Bytes): Promise<Bytes | null> {
  return open(key, nonce, concat(ciphertext, tag), aad);
}
