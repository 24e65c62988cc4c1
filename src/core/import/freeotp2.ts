/**
 * FreeOTP 2 backups (`externalBackup.xml`, FreeOTP for Android 2.x): despite the name, a
 * Java-serialised HashMap<String, String> of FreeOTP's "tokenBackup" settings
 * (TokenPersistence.copyBackupToExternal), read by java-serial.ts:
 *  - `masterKey`: JSON {mAlgorithm "PBKDF2withHmacSHA512" (or …SHA1), mIterations, mSalt,
 *    mEncryptedKey}: the AES master key sealed with AES-GCM under
 *    PBKDF2(password, mSalt, mIterations, mSalt.length bytes), AAD its algorithm name;
 *  - `<uuid>`: JSON {"key": JSON of an EncryptedKey}: the token's secret sealed with the
 *    master key, AAD "Hmac<algo>" (mToken);
 *  - `<uuid>-token`: JSON of the token (issuerExt, issuerInt, label, algo, digits,
 *    period, counter, type).
 * EncryptedKey = {mCipher "AES/GCM/NoPadding", mCipherText ct‖tag, mParameters DER
 * SEQUENCE {OCTET STRING iv, INTEGER tag length}, mToken}; byte arrays are JSON lists of
 * signed bytes. A wrong password fails the master key's authentication: nothing is
 * imported. A token that cannot be read is skipped with its reason.
 */
import type { AccountDraft } from '../account';
import { OttoError } from '../errors';
import { type Json, encodeUtf8, isRecord } from './bytes';
import { aesGcmOpen, pbkdf2 } from './crypto';
import { Entries, algorithm, describeEntry, draft, int, text } from './entries';
import { readJavaHashMap } from './java-serial';
import { type ImportResult, requirePassword, result, wrongPassword } from './result';

const APP = 'FreeOTP 2';
const MASTER = 'masterKey';
const TOKEN_SUFFIX = '-token';
/** FreeOTP writes 100 000; the bound keeps a hostile file from costing minutes. */
const MAX_ITERATIONS = 2_000_000;
const AES_KEY_LENGTHS = new Set([16, 24, 32]);

interface EncryptedKey {
  iv: Uint8Array;
  sealed: Uint8Array;
  token: string;
}

function json(text: string | undefined): Json | null {
  if (text === undefined) return null;
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

/** A Java byte[] as Gson writes it: a list of numbers from -128 to 127 (0–255 tolerated). */
function javaBytes(v: unknown, field: string): Uint8Array {
  if (!Array.isArray(v) || v.length === 0 || v.length > 1 << 16) throw new OttoError('importFieldList', { field });
  return Uint8Array.from(v, (b) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < -128 || b > 255) throw new OttoError('importFieldList', { field });
    return b & 0xff;
  });
}

/** GCMParameters' DER encoding: SEQUENCE { OCTET STRING iv, INTEGER tagLength }, short lengths only. */
function gcmIv(der: Uint8Array): Uint8Array {
  const bad = () => new OttoError('importFieldList', { field: 'mParameters' });
  if (der.length < 4 || der[0] !== 0x30 || der[1] !== der.length - 2 || der[2] !== 0x04) throw bad();
  const ivLength = der[3]!;
  if (ivLength < 12 || ivLength > 16 || 4 + ivLength > der.length) throw bad();
  const rest = der.subarray(4 + ivLength);
  // The tag length, when present, must be 16 bytes: the only one Java's GCM writes here.
  if (rest.length && !(rest.length === 3 && rest[0] === 0x02 && rest[1] === 0x01 && rest[2] === 16)) throw bad();
  return der.subarray(4, 4 + ivLength);
}

function encryptedKey(v: unknown): EncryptedKey {
  if (!isRecord(v)) throw new OttoError('importFieldObject', { field: 'mEncryptedKey' });
  if (v.mCipher !== 'AES/GCM/NoPadding') throw new OttoError('freeotp2Cipher', { cipher: String(v.mCipher).slice(0, 32) });
  if (typeof v.mToken !== 'string' || v.mToken.length > 64) throw new OttoError('importFieldText', { field: 'mToken' });
  return { iv: gcmIv(javaBytes(v.mParameters, 'mParameters')), sealed: javaBytes(v.mCipherText, 'mCipherText'), token: v.mToken };
}

function open(key: Uint8Array, k: EncryptedKey): Promise<Uint8Array | null> {
  return aesGcmOpen(key, k.iv, k.sealed, encodeUtf8(k.token));
}

/** The password's key: PBKDF2 with the master key's own algorithm, iterations and salt. */
async function passwordKey(master: Json, password: string): Promise<Uint8Array> {
  const name = typeof master.mAlgorithm === 'string' ? master.mAlgorithm.toUpperCase() : '';
  const hash = name === 'PBKDF2WITHHMACSHA512' ? 'SHA-512' : name === 'PBKDF2WITHHMACSHA1' ? 'SHA-1' : null;
  if (!hash) throw new OttoError('freeotp2Cipher', { cipher: String(master.mAlgorithm).slice(0, 32) });
  const iterations = master.mIterations;
  const salt = javaBytes(master.mSalt, 'mSalt');
  // FreeOTP derives as many key bytes as the salt has (PBEKeySpec(…, mSalt.length * 8)).
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS || !AES_KEY_LENGTHS.has(salt.length)) {
    throw new OttoError('importKdfRange', { app: APP });
  }
  return pbkdf2(hash, encodeUtf8(password), salt, iterations, salt.length);
}

function readToken(t: Json, secret: Uint8Array): AccountDraft {
  const issuerExt = text(t, 'issuerExt');
  const kind = text(t, 'type').toUpperCase();
  if (kind !== 'TOTP' && kind !== 'HOTP') throw new OttoError('typeUnsupported', { type: kind.slice(0, 24) });
  // FreeOTP shows Steam's 5-character codes for a token whose label names the issuer "Steam".
  const steam = kind === 'TOTP' && issuerExt === 'Steam';
  return draft({
    type: steam ? 'steam' : kind === 'HOTP' ? 'hotp' : 'totp',
    issuer: issuerExt || text(t, 'issuerInt'),
    label: text(t, 'label'),
    secret,
    algorithm: algorithm(t.algo),
    digits: steam ? 5 : int(t, 'digits', 6),
    period: int(t, 'period', 30),
    // FreeOTP stores the counter of the next code (getCode posts ++), as Otto does.
    counter: int(t, 'counter', 0),
  });
}

export async function readFreeOtp2(bytes: Uint8Array, password?: string): Promise<ImportResult> {
  let map: ReturnType<typeof readJavaHashMap>;
  try {
    map = readJavaHashMap(bytes);
  } catch (e) {
    throw e instanceof OttoError ? new OttoError('freeotp2Unreadable', {}, e) : e;
  }
  const strings = new Map<string, string>();
  for (const [k, v] of map) if (typeof k === 'string' && typeof v === 'string') strings.set(k, v);
  const master = json(strings.get(MASTER));
  if (!master) throw new OttoError('freeotp2NoMasterKey');
  const wrapped = encryptedKey(master.mEncryptedKey);
  const pw = requirePassword(password, APP);

  const masterKey = await open(await passwordKey(master, pw), wrapped);
  if (!masterKey) throw wrongPassword(APP);
  if (!AES_KEY_LENGTHS.has(masterKey.length)) throw new OttoError('backupDamaged', { app: APP });

  // The backup keeps no order (a HashMap): the preview lists the accounts by issuer and name.
  const ids = [...strings.keys()].filter((k) => k !== MASTER && !k.endsWith(TOKEN_SUFFIX));
  const tokens = ids
    .map((id) => ({ id, token: json(strings.get(`${id}${TOKEN_SUFFIX}`)) }))
    .sort((a, b) => order(a.token).localeCompare(order(b.token)) || a.id.localeCompare(b.id));

  const entries = new Entries();
  for (const [i, { id, token }] of tokens.entries()) {
    const where = describeEntry('entry', i + 1, token?.issuerExt ?? token?.issuerInt, token?.label);
    if (!token) {
      entries.skip(where, new OttoError('freeotp2NoToken'));
      continue;
    }
    let secret: Uint8Array;
    try {
      secret = await tokenSecret(masterKey, strings.get(id));
    } catch (e) {
      if (!(e instanceof OttoError)) throw e;
      entries.skip(where, e);
      continue;
    }
    entries.add(where, () => readToken(token, secret));
  }
  return result({ app: APP, variant: 'encrypted' }, entries);
}

/** A token's secret: the `key` record of its `<uuid>` entry, opened with the master key. */
async function tokenSecret(masterKey: Uint8Array, value: string | undefined): Promise<Uint8Array> {
  const record = json(value);
  if (!record || typeof record.key !== 'string') throw new OttoError('importFieldMissing', { field: 'key' });
  const secret = await open(masterKey, encryptedKey(json(record.key)));
  if (!secret) throw new OttoError('importNotDecrypted');
  return secret;
}

function order(t: Json | null): string {
  if (!t) return '\uffff';
  const issuer = typeof t.issuerExt === 'string' ? t.issuerExt : typeof t.issuerInt === 'string' ? t.issuerInt : '';
  return `${issuer}\u0000${typeof t.label === 'string' ? t.label : ''}`.toLowerCase();
}

/** True when the bytes are a Java serialisation stream: FreeOTP 2's backup is the only one Otto reads. */
export { isJavaStream as isFreeOtp2 } from './java-serial';
