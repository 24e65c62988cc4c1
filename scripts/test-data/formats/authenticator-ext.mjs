// Backups of the Authenticator browser extension (authenticator.cc, v8), from its
// source (models/backup.ts, models/encryption.ts, models/otp.ts):
//  - authenticator.json, plain: an object keyed by entry hash; each value an OTPStorage
//    record {encrypted: false, hash, index, type, secret, [counter], [period if not 30],
//    [issuer], [account], [digits if not 6], [algorithm if not SHA1], dataType}. Types:
//    totp, hotp, steam, battle, and hex/hhex for keys written in hexadecimal.
//    Written with JSON.stringify(…, null, 2) and CRLF line ends.
//  - authenticator.json, encrypted v8: {dataType: "Key", id, salt, hash, version: 3}
//    plus {dataType: "EncOTPStorage", data, keyId, index} records. The passphrase is the
//    last `$` field (unpadded base64, not decoded) of the PHC string
//    Argon2id(password, salt as UTF-8 text, t=2, m=19 MiB, p=1, 32 B); `hash` is that
//    passphrase's own Argon2id PHC string; `data` = CryptoJS.AES.encrypt(JSON of the
//    OTPStorage record, passphrase): "Salted__" ‖ salt 8 ‖ AES-256-CBC, key and IV from
//    EVP_BytesToKey(MD5).
//  - authenticator.txt: otpauth:// lines joined by CRLF; Steam and Battle.net skipped.
import { ACCOUNTS, base32, bytes, expected, pick, uuid } from '../lib.mjs';
import { argon2id, cbcSeal, evpBytesToKey } from '../crypto.mjs';

function record(a, index, { hex = false } = {}) {
  const type = hex ? (a.type === 'hotp' ? 'hhex' : 'hex') : a.type;
  const r = { encrypted: false, hash: uuid(`authext:${a.id}`), index, type, secret: hex ? a.secret.toString('hex') : base32(a.secret) };
  if (a.type === 'hotp') r.counter = a.counter;
  if (a.type === 'totp' && a.period !== 30) r.period = a.period;
  if (a.issuer) r.issuer = a.issuer;
  if (a.name) r.account = a.name;
  if (a.digits !== 6 && a.type !== 'steam') r.digits = a.digits;
  if (a.algorithm !== 'SHA1') r.algorithm = a.algorithm;
  r.dataType = 'OTPStorage';
  return r;
}

const write = (obj) => Buffer.from(JSON.stringify(obj, null, 2).replace(/\n/g, '\r\n'));

/** CryptoJS.AES.encrypt(text, passphrase).toString(). */
function cryptoJsAes(text, passphrase, label) {
  const salt = bytes(`authext:cryptojs:${label}`, 8);
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), salt, 32, 16);
  return Buffer.concat([Buffer.from('Salted__'), salt, cbcSeal(key, iv, Buffer.from(text, 'utf8'))]).toString('base64');
}

const phcHash = (phc) => phc.slice(phc.lastIndexOf('$') + 1);

function uriLine(a) {
  const clean = (s) => encodeURIComponent(s.replace(/:/g, ''));
  const label = a.issuer ? `${clean(a.issuer)}:${clean(a.name)}` : clean(a.name);
  let uri = `otpauth://${a.type}/${label}?secret=${base32(a.secret)}`;
  if (a.issuer) uri += `&issuer=${clean(a.issuer)}`;
  if (a.type === 'hotp') uri += `&counter=${a.counter}`;
  if (a.type === 'totp' && a.period !== 30) uri += `&period=${a.period}`;
  if (a.digits !== 6) uri += `&digits=${a.digits}`;
  if (a.algorithm !== 'SHA1') uri += `&algorithm=${a.algorithm}`;
  return uri;
}

export async function make() {
  const password = 'authenticator test password';
  // The user's order (index) differs from the object's key order.
  const accounts = ACCOUNTS;
  const order = [...accounts].reverse();
  const records = accounts.map((a) => record(a, order.indexOf(a), { hex: a.id === 'lantern' || a.id === 'acme' }));
  const plain = Object.fromEntries(records.map((r) => [r.hash, r]));

  const keyId = uuid('authext:key');
  const salt = bytes('authext:key-salt', 8).toString('hex'); // used as text, as the extension does
  const m = 19_456;
  const phc = await argon2id(Buffer.from(password, 'utf8'), Buffer.from(salt, 'utf8'), { t: 2, m, p: 1 }, 32, 'encoded');
  const passphrase = phcHash(phc);
  const check = await argon2id(Buffer.from(passphrase, 'utf8'), bytes('authext:check-salt', 16), { t: 2, m, p: 1 }, 32, 'encoded');
  const encrypted = { [keyId]: { dataType: 'Key', id: keyId, salt, hash: check, version: 3 } };
  for (const r of records) {
    encrypted[r.hash] = { dataType: 'EncOTPStorage', keyId, index: r.index, data: cryptoJsAes(JSON.stringify({ ...r, encrypted: true, keyId }), passphrase, r.hash) };
  }

  const inOrder = order.map((a) => expected(a));
  const textAccounts = pick('acme', 'harbor', 'quill', 'lantern', 'orbit', 'fjord', 'zurich', 'bare');
  return [
    { file: 'authenticator-plain.json', bytes: write(plain), expected: inOrder, ordered: true, note: 'Authenticator extension plain backup; hex/hhex secrets; index order' },
    { file: 'authenticator-encrypted.json', bytes: write(encrypted), password, expected: inOrder, ordered: true, note: 'Authenticator extension v8 encrypted backup: Argon2id + CryptoJS AES' },
    { file: 'authenticator.txt', bytes: Buffer.from(textAccounts.map(uriLine).join('\r\n')), expected: textAccounts.map((a) => expected(a)), note: 'Authenticator extension text backup (Steam skipped by the extension)' },
  ];
}
