// Aegis vault files, from Aegis's docs/vault.md: `{version: 1, header: {slots, params},
// db}`. Plain: `db` is the object. Encrypted: each password slot (type 1) holds the
// master key sealed with AES-256-GCM under scrypt(password, salt, N=2^15, r=8, p=1);
// `db` is base64 of AES-256-GCM(master key, header.params.nonce) of the db JSON, tag
// in header.params.tag. Aegis writes through org.json (4-space indent, `\/`).
import { ACCOUNTS, base32, bytes, expected, pick, uuid } from '../lib.mjs';
import { gcmSeal, scrypt } from '../crypto.mjs';

const hex = (b) => Buffer.from(b).toString('hex');
const write = (value) => Buffer.from(JSON.stringify(value, null, 4).replace(/\//g, '\\/'));

function entry(a, groups) {
  const info = { secret: base32(a.secret), algo: a.algorithm, digits: a.digits, ...(a.type === 'hotp' ? { counter: a.counter } : { period: a.period }) };
  return { type: a.type, uuid: uuid(`aegis:${a.id}`), name: a.name, issuer: a.issuer, note: '', favorite: a.id === 'harbor', icon: null, info, ...groups };
}

/** db v3 (Aegis 3.x): groups listed once, entries refer to them by uuid. */
function dbV3(accounts) {
  const work = { uuid: uuid('aegis:group:work'), name: 'Work' };
  return {
    version: 3,
    entries: accounts.map((a) => entry(a, { groups: ['acme', 'quill'].includes(a.id) ? [work.uuid] : [] })),
    groups: [work],
  };
}

export async function make() {
  const password = 'aegis test password';
  const plain = { version: 1, header: { slots: null, params: null }, db: dbV3(ACCOUNTS) };

  // db v2 (Aegis 2.x): one group name per entry.
  const v2Accounts = pick('acme', 'harbor', 'lantern', 'steam');
  const v2 = { version: 1, header: { slots: null, params: null }, db: { version: 2, entries: v2Accounts.map((a) => entry(a, { group: a.id === 'acme' ? 'Work' : null })) } };

  const master = bytes('aegis:master', 32);
  const salt = bytes('aegis:salt', 32);
  const kek = scrypt(Buffer.from(password, 'utf8'), salt, { N: 32768, r: 8, p: 1 }, 32);
  const slotNonce = bytes('aegis:slot-nonce', 12);
  const wrapped = gcmSeal(kek, slotNonce, master);
  const dbNonce = bytes('aegis:db-nonce', 12);
  const sealed = gcmSeal(master, dbNonce, Buffer.from(JSON.stringify(dbV3(ACCOUNTS))));
  // A biometric slot first (its key lives in the phone's keystore): importers must skip it.
  const biometric = { type: 2, uuid: uuid('aegis:slot:bio'), key: hex(bytes('aegis:bio-key', 32)), key_params: { nonce: hex(bytes('aegis:bio-nonce', 12)), tag: hex(bytes('aegis:bio-tag', 16)) } };
  const encrypted = {
    version: 1,
    header: {
      slots: [
        biometric,
        { type: 1, uuid: uuid('aegis:slot:pw'), key: hex(wrapped.ct), key_params: { nonce: hex(slotNonce), tag: hex(wrapped.tag) }, n: 32768, r: 8, p: 1, salt: hex(salt), repaired: true, is_backup: false },
      ],
      params: { nonce: hex(dbNonce), tag: hex(sealed.tag) },
    },
    db: sealed.ct.toString('base64'),
  };
  return [
    { file: 'aegis-plain.json', bytes: write(plain), expected: ACCOUNTS.map((a) => expected(a)), note: 'Aegis vault, db v3 with a group' },
    { file: 'aegis-plain-v2.json', bytes: write(v2), expected: v2Accounts.map((a) => expected(a)), note: 'Aegis vault, db v2 (group name per entry)' },
    { file: 'aegis-encrypted.json', bytes: write(encrypted), password, expected: ACCOUNTS.map((a) => expected(a)), note: 'Aegis vault, encrypted: scrypt N=32768 r=8 p=1, AES-256-GCM; a biometric slot before the password slot' },
  ];
}
