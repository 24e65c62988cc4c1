/**
 * The ciphers and KDFs of other apps' backups. AES and PBKDF2 use WebCrypto (native,
 * so andOTP's ~150k PBKDF2 rounds take milliseconds); scrypt, Argon2id and MD5 come
 * from @noble/hashes. Decryption failures return null: for an authenticated cipher
 * that is "wrong key", which each importer turns into OttoError('wrongPassword', { app }).
 */
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { md5 } from '@noble/hashes/legacy.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { OttoError } from '../errors';
import { concat } from './bytes';

const subtle = globalThis.crypto.subtle;

/** WebCrypto wants ArrayBuffer-backed views; a copy also keeps callers' buffers untouched. */
function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

const AES_KEY_LENGTHS = new Set([16, 24, 32]);

/** AES-GCM with a 128-bit tag appended to the ciphertext. */
export async function aesGcmOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Promise<Uint8Array | null> {
  if (!AES_KEY_LENGTHS.has(key.length) || iv.length === 0 || sealed.length < 16) return null;
  try {
    const k = await subtle.importKey('raw', own(key), 'AES-GCM', false, ['decrypt']);
    const params: AesGcmParams = { name: 'AES-GCM', iv: own(iv), tagLength: 128 };
    if (aad) params.additionalData = own(aad);
    return new Uint8Array(await subtle.decrypt(params, k, own(sealed)));
  } catch {
    return null;
  }
}

/** AES-CBC with PKCS#7 padding; a bad padding (the usual sign of a wrong key) gives null. */
export async function aesCbcOpen(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array | null> {
  if (!AES_KEY_LENGTHS.has(key.length) || iv.length !== 16 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  try {
    const k = await subtle.importKey('raw', own(key), 'AES-CBC', false, ['decrypt']);
    return new Uint8Array(await subtle.decrypt({ name: 'AES-CBC', iv: own(iv) }, k, own(ciphertext)));
  } catch {
    return null;
  }
}

export async function pbkdf2(hash: 'SHA-1' | 'SHA-256' | 'SHA-512', password: Uint8Array, salt: Uint8Array, iterations: number, bytes: number): Promise<Uint8Array> {
  const k = await subtle.importKey('raw', own(password), 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash, salt: own(salt), iterations }, k, bytes * 8));
}

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle.digest('SHA-256', own(data)));
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Refuses costs no real backup uses, so a hostile file cannot freeze the extension. */
export function scrypt(password: Uint8Array, salt: Uint8Array, { N, r, p }: ScryptParams, app: string): Promise<Uint8Array> {
  const ok = Number.isInteger(N) && N >= 2 && N <= 2 ** 20 && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= 32 && Number.isInteger(p) && p >= 1 && p <= 16 && 128 * N * r * p <= 2 ** 30;
  if (!ok) throw new OttoError('importKdfRange', { app });
  return scryptAsync(password, salt, { N, r, p, dkLen: 32 });
}

export interface Argon2Params {
  /** Memory in KiB. */
  m: number;
  t: number;
  p: number;
}

export function argon2id(password: Uint8Array | string, salt: Uint8Array | string, { m, t, p }: Argon2Params, bytes: number, app: string): Promise<Uint8Array> {
  const ok = Number.isInteger(p) && p >= 1 && p <= 16 && Number.isInteger(t) && t >= 1 && t <= 20 &&
    Number.isInteger(m) && m >= 8 * p && m <= 256 * 1024 && Number.isInteger(bytes) && bytes >= 4 && bytes <= 1024;
  if (!ok || salt.length < 8) throw new OttoError('importKdfRange', { app });
  return argon2idAsync(password, salt, { m, t, p, dkLen: bytes });
}

/** OpenSSL's EVP_BytesToKey with MD5 and one round: how CryptoJS turns a passphrase into key and IV. */
export function evpBytesToKey(password: Uint8Array, salt: Uint8Array, keyBytes: number, ivBytes: number): { key: Uint8Array; iv: Uint8Array } {
  let derived = new Uint8Array(0);
  let block = new Uint8Array(0);
  while (derived.length < keyBytes + ivBytes) {
    block = md5(concat(block, password, salt));
    derived = concat(derived, block);
  }
  return { key: derived.slice(0, keyBytes), iv: derived.slice(keyBytes, keyBytes + ivBytes) };
}
