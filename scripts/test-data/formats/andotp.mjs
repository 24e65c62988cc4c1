// andOTP backups (andOTP's Entry.toJSON and BackupHelper/EncryptionHelper):
// plain: a JSON list of entries, secrets base32 with `=` padding, type TOTP/HOTP/STEAM.
// Encrypted (new): [int32 BE iterations][salt 12][nonce 12][AES-256-GCM ct‖tag], key
// PBKDF2-HMAC-SHA1(password, salt, iterations, 32 B), iterations picked in 140 000–160 000.
// Encrypted (old, before 0.6.3): [nonce 12][ct‖tag] with key SHA-256(password), and
// entries without an issuer field: their label reads "Issuer - Name".
import { ACCOUNTS, base32, bytes, expected } from '../lib.mjs';
import { gcmSeal, pbkdf2, sha256 } from '../crypto.mjs';

const LAST_USED = 1_767_225_600_000;

function entry(a, i, old) {
  const e = { secret: base32(a.secret, true) };
  if (old) e.label = a.issuer ? `${a.issuer} - ${a.name}` : a.name;
  else Object.assign(e, { issuer: a.issuer, label: a.name });
  Object.assign(e, { digits: a.digits, type: a.type.toUpperCase(), algorithm: a.algorithm, thumbnail: 'Default', last_used: LAST_USED + i, used_frequency: i });
  if (a.type === 'hotp') e.counter = a.counter;
  else e.period = a.period;
  e.tags = i % 2 ? ['work'] : [];
  return e;
}

export function make() {
  const password = 'andotp test password';
  const list = (old) => Buffer.from(JSON.stringify(ACCOUNTS.map((a, i) => entry(a, i, old))));

  const iterations = 151_303;
  const salt = bytes('andotp:salt', 12);
  const nonce = bytes('andotp:nonce', 12);
  const key = pbkdf2('sha1', Buffer.from(password, 'utf8'), salt, iterations, 32);
  const sealed = gcmSeal(key, nonce, list(false));
  const head = Buffer.alloc(4);
  head.writeUInt32BE(iterations);

  // The old format has no issuer field; an account without an issuer has no " - " either.
  const oldNonce = bytes('andotp:old-nonce', 12);
  const old = gcmSeal(sha256(Buffer.from(password, 'utf8')), oldNonce, list(true));
  return [
    { file: 'andotp-plain.json', bytes: list(false), expected: ACCOUNTS.map((a) => expected(a)), note: 'andOTP plain JSON; secrets padded with =' },
    { file: 'andotp-encrypted.bin', bytes: Buffer.concat([head, salt, nonce, sealed.ct, sealed.tag]), password, expected: ACCOUNTS.map((a) => expected(a)), note: `andOTP encrypted: PBKDF2-HMAC-SHA1 ${iterations}, AES-256-GCM` },
    { file: 'andotp-encrypted-old.bin', bytes: Buffer.concat([oldNonce, old.ct, old.tag]), password, expected: ACCOUNTS.map((a) => expected(a)), note: 'andOTP encrypted, old format: SHA-256(password), AES-256-GCM; "Issuer - Name" labels' },
  ];
}
