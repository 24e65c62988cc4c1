// 2FAS Authenticator backups (`.2fas`), per schema version as the 2fas-android app
// writes them (data/services/.../BackupContent.kt and ServiceBackup.kt):
//  1: no OTP parameters at all (every service is TOTP, SHA1, 6 digits, 30 s);
//  2: digits/period/algorithm but no tokenType (every service is TOTP);
//  3: tokenType TOTP/HOTP and counter;  4: tokenType STEAM and otp.link too.
// Encrypted (schema ≥ 2): servicesEncrypted = b64(ct‖tag) ":" b64(salt, 256 B) ":"
// b64(iv, 12 B), key PBKDF2-HMAC-SHA256(password, salt, 10 000, 32 B), AES-256-GCM of the
// services JSON; `reference` encrypts 2FAS's fixed reference text the same way (own IV).
import { base32, bytes, expected, otpauthUri, pick } from '../lib.mjs';
import { gcmSeal, pbkdf2 } from '../crypto.mjs';

// BackupContent.Reference in 2fas-android: a fixed text, not a secret.
const REFERENCE = 'tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd';
const UPDATED = 1_767_225_600_000; // 2026-01-01: fixed, so the files do not change

const TOKEN_TYPE = { totp: 'TOTP', hotp: 'HOTP', steam: 'STEAM' };

function service(a, schema, position) {
  const otp = { label: schema >= 4 ? a.name : a.issuer ? `${a.issuer}:${a.name}` : a.name, account: a.name, issuer: a.issuer };
  if (schema >= 4) otp.link = otpauthUri(a, { type: a.type === 'steam' ? 'totp' : a.type });
  if (schema >= 2) {
    otp.digits = a.digits;
    if (a.type !== 'hotp') otp.period = a.period;
    otp.algorithm = a.algorithm;
  }
  if (schema >= 3) {
    if (a.type === 'hotp') otp.counter = a.counter;
    otp.tokenType = TOKEN_TYPE[a.type];
    otp.source = 'Link';
  }
  const s = { name: a.issuer || a.name, secret: base32(a.secret), updatedAt: UPDATED + position, otp, order: { position } };
  if (schema < 3) s.type = 'Unknown';
  s.icon = { selected: 'Label', label: { text: (a.issuer || a.name).slice(0, 2).toUpperCase(), backgroundColor: 'Orange' }, iconCollection: { id: 'a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad' } };
  return s;
}

function backup(schema, services, extra = {}) {
  return { services, groups: [], updatedAt: UPDATED, schemaVersion: schema, appVersionCode: 5000000 + schema, appVersionName: '5.0.0', appOrigin: 'android', ...extra };
}

function seal(password, salt, label, plain) {
  const key = pbkdf2('sha256', Buffer.from(password, 'utf8'), salt, 10_000, 32);
  const iv = bytes(`2fas:iv:${label}`, 12);
  const { ct, tag } = gcmSeal(key, iv, Buffer.from(plain, 'utf8'));
  return `${Buffer.concat([ct, tag]).toString('base64')}:${salt.toString('base64')}:${iv.toString('base64')}`;
}

function encrypted(schema, services, password) {
  const salt = bytes(`2fas:salt:${schema}`, 256);
  return backup(schema, [], {
    servicesEncrypted: seal(password, salt, `services:${schema}`, JSON.stringify(services)),
    reference: seal(password, salt, `reference:${schema}`, REFERENCE),
  });
}

const json = (v) => Buffer.from(JSON.stringify(v));
/** What schemas 1 and 2 can say about an account: TOTP, and (schema 1) the defaults. */
const asTotp = (a, defaults) => expected(a, { type: 'totp', period: defaults ? 30 : a.period ?? 30, ...(defaults ? { algorithm: 'SHA1', digits: 6 } : {}) });

export function make() {
  const password = '2fas test password';
  const v1 = pick('acme', 'harbor', 'zurich');
  const v2 = pick('acme', 'quill', 'lantern');
  // No issuer-less account: 2FAS requires a service name.
  const v3 = pick('acme', 'harbor', 'lantern', 'orbit', 'zurich');
  const v4 = pick('acme', 'quill', 'fjord', 'zurich', 'steam');
  const services = (list, schema) => list.map((a, i) => service(a, schema, i));
  // Schema 1 files carry the whole backup under `services` and no parameters.
  const v1File = { ...backup(1, services(v1, 1)), appVersionName: '3.1.1' };
  delete v1File.groups;
  return [
    { file: '2fas-v1.json', bytes: json(v1File), expected: v1.map((a) => asTotp(a, true)), note: '2FAS schema 1: no OTP parameters, so TOTP SHA1/6/30' },
    { file: '2fas-v2.2fas', bytes: json(backup(2, services(v2, 2))), expected: v2.map((a) => asTotp(a, false)), note: '2FAS schema 2: no tokenType, so an HOTP service is read as TOTP, 30 s' },
    { file: '2fas-v3.2fas', bytes: json(backup(3, services(v3, 3))), expected: v3.map((a) => expected(a)), note: '2FAS schema 3 (tokenType TOTP/HOTP)' },
    { file: '2fas-v3-encrypted.2fas', bytes: json(encrypted(3, services(v3, 3), password)), password, expected: v3.map((a) => expected(a)), note: '2FAS schema 3, encrypted: PBKDF2-HMAC-SHA256 10 000, AES-256-GCM' },
    { file: '2fas-v4.2fas', bytes: json(backup(4, services(v4, 4))), expected: v4.map((a) => expected(a)), note: '2FAS schema 4 (tokenType STEAM, otp.link)' },
    { file: '2fas-v4-encrypted.2fas', bytes: json(encrypted(4, services(v4, 4), password)), password, expected: v4.map((a) => expected(a)), note: '2FAS schema 4, encrypted' },
  ];
}
