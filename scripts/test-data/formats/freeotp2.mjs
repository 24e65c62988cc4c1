// FreeOTP 2 (freeotp-android, 2.x) "externalBackup.xml": despite the name, the output
// of `new ObjectOutputStream(file).writeObject(backups.getAll())`
// (TokenPersistence.copyBackupToExternal), i.e. a Java-serialised HashMap of the
// "tokenBackup" shared preferences:
//  - "masterKey": Gson JSON of MasterKey {mAlgorithm "PBKDF2withHmacSHA512" (or …SHA1 where
//    SHA-512 is missing), mEncryptedKey, mIterations 100000, mSalt (32 B)}: the AES-256
//    master key sealed with AES/GCM/NoPadding under PBKDF2(password, salt, iterations,
//    32 B), AAD "AES" (the key's algorithm name);
//  - "<uuid>": org.json {"key": Gson JSON of EncryptedKey} — the token's secret sealed
//    under the master key, AAD "Hmac<algo>" (EncryptedKey.mToken);
//  - "<uuid>-token": Gson JSON of Token (algo, counter, digits, issuerExt, issuerInt,
//    label, period, type; nulls left out);
//  - after an Android backup restore, "restoreComplete": a Boolean.
// EncryptedKey: mCipherText = ct‖tag, mParameters = DER GCMParameters
// SEQUENCE { OCTET STRING iv, INTEGER 16 }, byte arrays as signed Gson numbers. Gson on
// Android lists fields in name order (mAlgorithm, mCipher, …).
// Token semantics (Token.java, Code.java): issuer = issuerExt (the label's prefix) or else
// issuerInt (the issuer parameter); algo/period/digits left out mean SHA1/30/default;
// a token whose issuerExt is exactly "Steam" shows Steam's 5-character codes; an HOTP
// counter is the next counter to use (getCode posts ++).
import { bytes, expected, javaBytes, orgJson, pick, uuid } from '../lib.mjs';
import { gcmSeal, pbkdf2 } from '../crypto.mjs';
import { serializeHashMap } from '../java-serial.mjs';

const der = (iv) => Buffer.concat([Buffer.from([0x30, 2 + iv.length + 3, 0x04, iv.length]), iv, Buffer.from([0x02, 0x01, 0x10])]);

function encryptedKey(key, iv, plain, token) {
  const { ct, tag } = gcmSeal(key, iv, plain, Buffer.from(token, 'utf8'));
  return { mCipher: 'AES/GCM/NoPadding', mCipherText: javaBytes(Buffer.concat([ct, tag])), mParameters: javaBytes(der(iv)), mToken: token };
}

/** The Token a scan of the account's URI gives: only what the URI said. */
function tokenJson(a) {
  const t = {};
  if (a.type !== 'steam') t.algo = a.algorithm;
  if (a.type === 'hotp') t.counter = a.counter;
  if (a.type !== 'steam') t.digits = a.digits;
  if (a.issuer) Object.assign(t, { issuerExt: a.issuer, issuerInt: a.issuer });
  t.label = a.name;
  if (a.type !== 'hotp') t.period = a.period;
  t.type = a.type === 'hotp' ? 'HOTP' : 'TOTP';
  return JSON.stringify(t);
}

function backup(name, accounts, password, { kdf = 'PBKDF2withHmacSHA512', restored = false } = {}) {
  const salt = bytes(`freeotp2:${name}:salt`, 32);
  const master = bytes(`freeotp2:${name}:master`, 32);
  const pwKey = pbkdf2(kdf.endsWith('SHA512') ? 'sha512' : 'sha1', Buffer.from(password, 'utf8'), salt, 100_000, 32);
  const masterKey = { mAlgorithm: kdf, mEncryptedKey: encryptedKey(pwKey, bytes(`freeotp2:${name}:master-iv`, 12), master, 'AES'), mIterations: 100_000, mSalt: javaBytes(salt) };
  const entries = [['masterKey', JSON.stringify(masterKey)]];
  for (const a of accounts) {
    const id = uuid(`freeotp2:${name}:${a.id}`);
    const key = encryptedKey(master, bytes(`freeotp2:${name}:${a.id}:iv`, 12), a.secret, `Hmac${a.algorithm}`);
    entries.push([id, orgJson({ key: JSON.stringify(key) })], [`${id}-token`, tokenJson(a)]);
  }
  if (restored) entries.push(['restoreComplete', true]);
  return serializeHashMap(entries);
}

export function make() {
  const password = 'freeotp test password';
  const all = pick('acme', 'harbor', 'quill', 'lantern', 'orbit', 'fjord', 'zurich', 'bare', 'steam');
  const few = pick('acme', 'orbit', 'steam');
  return [
    { file: 'freeotp2-externalBackup.xml', bytes: backup('sha512', all, password), password, expected: all.map((a) => expected(a)), note: 'FreeOTP 2: Java-serialised HashMap, PBKDF2-HMAC-SHA512 100 000, AES-256-GCM' },
    { file: 'freeotp2-sha1-restored.xml', bytes: backup('sha1', few, password, { kdf: 'PBKDF2withHmacSHA1', restored: true }), password, expected: few.map((a) => expected(a)), note: 'FreeOTP 2 on a device without PBKDF2-SHA512 (PBKDF2-HMAC-SHA1), restored once: a Boolean restoreComplete entry' },
  ];
}
