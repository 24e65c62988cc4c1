/**
 * Backups of the Authenticator browser extension (authenticator.cc): a JSON object
 * keyed by entry hash. Plain records are `OTPStorage`; v8 encrypted records are
 * `EncOTPStorage` whose `data` is CryptoJS AES (OpenSSL "Salted__", key and IV from
 * EVP_BytesToKey-MD5) under a passphrase derived from the password and a `Key`
 * record: the base64 hash field of Argon2id(password, key.salt), itself checked
 * against the Argon2id PHC string `key.hash`.
 */
import { type AccountDraft, type OtpType, sameSecret } from '../account';
import { OttoError } from '../errors';
import { type Json, decodeUtf8, encodeUtf8, fromBase64, fromHex, isRecord, toBase64 } from './bytes';
import { aesCbcOpen, argon2id, evpBytesToKey } from './crypto';
import { Entries, type EntryRef, algorithm, base32Secret, describeEntry, draft, int, otpType, text } from './entries';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = 'Authenticator extension';
const RECORD_TYPES = new Set(['OTPStorage', 'EncOTPStorage', 'Key']);

function isOtpRecord(x: unknown): x is Json {
  return isRecord(x) && (RECORD_TYPES.has(x.dataType as string) || ('secret' in x && 'type' in x && ('encrypted' in x || 'hash' in x)));
}

export function isAuthenticatorExt(json: unknown): json is Json {
  return isRecord(json) && Object.values(json).some(isOtpRecord);
}

/** Plain records and decrypted ones, in the user's order (`index`). */
interface Slot {
  index: number;
  position: number;
  record: Json | null;
  where: EntryRef;
}

export async function readAuthenticatorExt(json: Json, password?: string): Promise<ImportResult> {
  const values = Object.values(json).filter((v): v is Json => isRecord(v) && v.dataType !== 'Key');
  const encrypted = values.some((v) => v.dataType === 'EncOTPStorage');
  if (values.some((v) => v.encrypted === true && v.dataType !== 'EncOTPStorage')) {
    throw new OttoError('authExtOld');
  }
  const passphrases = new Map<string, string>();
  const pw = encrypted ? requirePassword(password, APP) : '';

  const slots: Slot[] = [];
  for (const [position, v] of values.entries()) {
    const slot: Slot = { index: typeof v.index === 'number' ? v.index : position, position, record: v, where: { kind: 'entry', position: position + 1, name: '' } };
    if (v.dataType === 'EncOTPStorage') {
      const keyId = typeof v.keyId === 'string' ? v.keyId : '';
      const passphrase = passphrases.get(keyId) ?? (await unlock(json[keyId], pw));
      passphrases.set(keyId, passphrase);
      slot.record = await decryptRecord(v.data, passphrase);
    }
    const r = slot.record ?? {};
    slot.where = describeEntry('entry', position + 1, r.issuer, r.account);
    slots.push(slot);
  }
  slots.sort((a, b) => a.index - b.index || a.position - b.position);

  const entries = new Entries();
  for (const slot of slots) {
    if (!slot.record) entries.skip(slot.where, new OttoError('importNotDecrypted'));
    else entries.add(slot.where, () => readRecord(slot.record!));
  }
  return result(encrypted ? { app: APP, variant: 'encrypted' } : { app: APP }, entries);
}

function readRecord(r: Json): AccountDraft {
  const kind = typeof r.type === 'string' ? r.type.toLowerCase() : r.type;
  // hex/hhex: a secret written in hexadecimal; battle: Battle.net's 8-digit TOTP.
  const type: OtpType = kind === 'hex' || kind === 'battle' ? 'totp' : kind === 'hhex' ? 'hotp' : otpType(kind);
  const secret = kind === 'hex' || kind === 'hhex' ? fromHex(r.secret, 'secret') : base32Secret(r.secret);
  return draft({
    type,
    issuer: text(r, 'issuer'),
    label: text(r, 'account'),
    secret,
    algorithm: algorithm(r.algorithm),
    digits: int(r, 'digits', kind === 'battle' ? 8 : 6),
    period: int(r, 'period', 30),
    counter: int(r, 'counter', 0),
  });
}

/** `$argon2id$v=19$m=…,t=…,p=…$salt$hash` (unpadded base64). */
function parsePhc(phc: unknown): { m: number; t: number; p: number; salt: Uint8Array; hash: Uint8Array } {
  const match = typeof phc === 'string' ? /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/.exec(phc) : null;
  if (!match) throw new OttoError('authExtHash');
  return {
    m: Number(match[1]),
    t: Number(match[2]),
    p: Number(match[3]),
    salt: fromBase64(match[4], 'key.salt'),
    hash: fromBase64(match[5], 'key.hash'),
  };
}

const KEY_KDF = { m: 19_456, t: 2, p: 1 };

async function unlock(key: unknown, password: string): Promise<string> {
  if (!isRecord(key) || key.dataType !== 'Key' || typeof key.salt !== 'string') {
    throw new OttoError('authExtNoKey');
  }
  const check = parsePhc(key.hash);
  const passphrase = toBase64(await argon2id(encodeUtf8(password), key.salt, KEY_KDF, 32, APP), false);
  const hash = await argon2id(passphrase, check.salt, check, check.hash.length, APP);
  if (!sameSecret(hash, check.hash)) throw wrongPassword(APP);
  return passphrase;
}

/** CryptoJS.AES.decrypt(data, passphrase) of one record; null if it does not decrypt to a record. */
async function decryptRecord(data: unknown, passphrase: string): Promise<Json | null> {
  let raw: Uint8Array;
  try {
    raw = fromBase64(data, 'data');
  } catch {
    return null;
  }
  if (raw.length < 32 || decodeUtf8(raw.subarray(0, 8)) !== 'Salted__') return null;
  const { key, iv } = evpBytesToKey(encodeUtf8(passphrase), raw.subarray(8, 16), 32, 16);
  const plain = await aesCbcOpen(key, iv, raw.subarray(16));
  try {
    const record: unknown = plain ? JSON.parse(decodeUtf8(plain) ?? '') : null;
    return isRecord(record) ? record : null;
  } catch {
    return null;
  }
}
