// Authenticator Pro (now Stratum) backups, from its Backup and BackupEncryption code:
// plain JSON `{Authenticators, Categories, AuthenticatorCategories, CustomIcons}` with
// Type 1 HOTP / 2 TOTP / 4 Steam and Algorithm 0 SHA1 / 1 SHA256 / 2 SHA512.
// Encrypted, current: "AUTHENTICATORPRO" ‖ salt 16 ‖ IV 12 ‖ AES-256-GCM ct‖tag, key
// Argon2id(password, salt, t=3, m=64 MiB, p=4, 32 B). Legacy: "AuthenticatorPro" ‖
// salt 20 ‖ IV 16 ‖ AES-256-CBC (PKCS#7), key PBKDF2-HMAC-SHA1(password, salt, 64 000, 32 B).
import { ACCOUNTS, base32, bytes, expected } from '../lib.mjs';
import { argon2id, cbcSeal, gcmSeal, pbkdf2 } from '../crypto.mjs';

const TYPE = { hotp: 1, totp: 2, steam: 4 };
const ALGORITHM = { SHA1: 0, SHA256: 1, SHA512: 2 };

function backup() {
  return {
    Authenticators: ACCOUNTS.map((a, i) => ({
      Type: TYPE[a.type], Icon: null, Issuer: a.issuer, Username: a.name, Secret: base32(a.secret), Pin: null,
      Algorithm: ALGORITHM[a.algorithm], Digits: a.digits, Period: a.period ?? 30, Counter: a.counter ?? 0, CopyCount: 0, Ranking: i,
    })),
    Categories: [{ Id: 'work', Name: 'Work', Ranking: 0 }],
    AuthenticatorCategories: [{ CategoryId: 'work', AuthenticatorSecret: base32(ACCOUNTS[0].secret), Ranking: 0 }],
    CustomIcons: [],
  };
}

export async function make() {
  const password = 'authpro test password';
  const plain = Buffer.from(JSON.stringify(backup()));

  const salt = bytes('authpro:salt', 16);
  const iv = bytes('authpro:iv', 12);
  const key = await argon2id(Buffer.from(password, 'utf8'), salt, { t: 3, m: 65_536, p: 4 }, 32);
  const sealed = gcmSeal(Buffer.from(key), iv, plain);

  const legacySalt = bytes('authpro:legacy-salt', 20);
  const legacyIv = bytes('authpro:legacy-iv', 16);
  const legacyKey = pbkdf2('sha1', Buffer.from(password, 'utf8'), legacySalt, 64_000, 32);
  const all = ACCOUNTS.map((a) => expected(a));
  return [
    { file: 'authpro-plain.json', bytes: plain, expected: all, note: 'Authenticator Pro / Stratum plain JSON' },
    { file: 'authpro-encrypted.authpro', bytes: Buffer.concat([Buffer.from('AUTHENTICATORPRO'), salt, iv, sealed.ct, sealed.tag]), password, expected: all, note: 'Authenticator Pro, current: Argon2id t=3 m=64 MiB p=4, AES-256-GCM' },
    { file: 'authpro-encrypted-legacy.authpro', bytes: Buffer.concat([Buffer.from('AuthenticatorPro'), legacySalt, legacyIv, cbcSeal(legacyKey, legacyIv, plain)]), password, expected: all, note: 'Authenticator Pro, legacy: PBKDF2-HMAC-SHA1 64 000, AES-256-CBC' },
  ];
}
