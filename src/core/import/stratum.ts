/**
 * Authenticator Pro (now Stratum). Plain JSON `{Authenticators[]}` with numeric
 * enums. Encrypted, current: "AUTHENTICATORPRO", salt 16, IV 12, ct‖tag with
 * Argon2id(t3, 64 MiB, p4) and AES-256-GCM. Legacy: "AuthenticatorPro", salt 20,
 * IV 16, ct with PBKDF2-HMAC-SHA1(64 000) and AES-256-CBC.
 */
import type { Algorithm, OtpType } from '../account';
import { OttoError } from '../errors';
import type { ImportFormat } from './result';
import { type Json, decodeUtf8, encodeUtf8, isRecord, parseJson } from './bytes';
import { aesCbcOpen, aesGcmOpen, argon2id, pbkdf2 } from './crypto';
import { Entries, base32Secret, describeEntry, draft, eachEntry, int, list, text } from './entries';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = 'Authenticator Pro';
const CURRENT = 'AUTHENTICATORPRO';
const LEGACY = 'AuthenticatorPro';

const TYPES: Record<number, OtpType | string> = { 1: 'hotp', 2: 'totp', 3: 'mOTP', 4: 'steam', 5: 'Yandex' };
const ALGORITHMS: Record<number, Algorithm> = { 0: 'SHA1', 1: 'SHA256', 2: 'SHA512' };

export function isStratumJson(json: unknown): json is Json {
  return isRecord(json) && Array.isArray(json.Authenticators);
}

/** 'current', 'legacy' or null, from the 16-byte ASCII header. */
export function stratumHeader(bytes: Uint8Array): 'current' | 'legacy' | null {
  const head = String.fromCharCode(...bytes.subarray(0, 16));
  return head === CURRENT ? 'current' : head === LEGACY ? 'legacy' : null;
}

export function readStratumJson(json: Json, format: ImportFormat = { app: APP }): ImportResult {
  const entries = new Entries();
  eachEntry(entries, list(json.Authenticators, 'Authenticators'), (a, i) => {
    entries.add(describeEntry('entry', i, a.Issuer, a.Username), () => {
      const type = TYPES[int(a, 'Type', 2)];
      if (type !== 'totp' && type !== 'hotp' && type !== 'steam') {
        throw type ? new OttoError('typeNotInOtto', { type }) : new OttoError('stratumType', { value: String(a.Type).slice(0, 12) });
      }
      const algorithm = ALGORITHMS[int(a, 'Algorithm', 0)];
      if (!algorithm) throw new OttoError('stratumAlgorithm', { value: String(a.Algorithm).slice(0, 12) });
      return draft({
        type,
        issuer: text(a, 'Issuer'),
        label: text(a, 'Username'),
        secret: base32Secret(a.Secret),
        algorithm,
        digits: int(a, 'Digits', 6),
        period: int(a, 'Period', 30),
        counter: int(a, 'Counter', 0),
      });
    });
  });
  return result(format, entries);
}

export async function readStratumEncrypted(bytes: Uint8Array, password?: string): Promise<ImportResult> {
  const pw = encodeUtf8(requirePassword(password, APP));
  if (stratumHeader(bytes) === 'current') {
    const salt = bytes.subarray(16, 32);
    const key = await argon2id(pw, salt, { t: 3, m: 65_536, p: 4 }, 32, APP);
    const plain = await aesGcmOpen(key, bytes.subarray(32, 44), bytes.subarray(44));
    if (!plain) throw wrongPassword(APP);
    const json = parseJson(decodeUtf8(plain) ?? '', APP);
    if (!isStratumJson(json)) throw new OttoError('backupNoAccounts', { app: APP });
    return readStratumJson(json, { app: APP, variant: 'encrypted' });
  }
  const key = await pbkdf2('SHA-1', pw, bytes.subarray(16, 36), 64_000, 32);
  const plain = await aesCbcOpen(key, bytes.subarray(36, 52), bytes.subarray(52));
  // CBC has no authentication: a wrong key usually breaks the padding, and otherwise the JSON.
  let json: unknown;
  try {
    json = plain ? JSON.parse(decodeUtf8(plain) ?? '') : undefined;
  } catch {
    json = undefined;
  }
  if (!isStratumJson(json)) throw wrongPassword(APP);
  return readStratumJson(json, { app: APP, variant: 'encryptedLegacy' });
}
