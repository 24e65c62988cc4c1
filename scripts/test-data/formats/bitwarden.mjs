// Bitwarden unencrypted vault exports (JSON and CSV, as the Bitwarden clients write
// them). The authenticator key is `login.totp` (CSV `login_totp`): an otpauth:// URI, a
// bare base32 key, or `steam://<base32>`. Items without it are plain passwords or notes.
// A bare key has no name of its own: the item's name and username describe it.
import { account, base32, expected, otpauthUri, uuid } from '../lib.mjs';

function items() {
  const acme = account('acme');
  const harbor = account('harbor');
  const orbit = account('orbit');
  const zurich = account('zurich');
  const steam = account('steam');
  const login = (name, username, totp, extra = {}) => ({ type: 1, name, login: { uris: [{ match: null, uri: `https://${name.toLowerCase().replace(/\W+/g, '')}.example/` }], username, password: 'not-a-real-password', totp }, ...extra });
  return [
    { item: login('Acme Cloud console', acme.name, otpauthUri(acme)), expect: expected(acme) },
    { item: login('Forum', 'grace', null) },
    { item: login('Harbor', harbor.name, base32(harbor.secret).toLowerCase().replace(/(.{4})/g, '$1 ').trim()), expect: expected(harbor, { algorithm: 'SHA1', digits: 6, period: 30 }) },
    { item: { type: 2, name: 'Recovery codes', notes: 'kept elsewhere', secureNote: { type: 0 } } },
    { item: login('Orbit Bank', orbit.name, otpauthUri(orbit)), expect: expected(orbit) },
    { item: login('Zürich', zurich.name, otpauthUri(zurich)), expect: expected(zurich) },
    { item: login('Steam', steam.name, `steam://${base32(steam.secret)}`), expect: expected(steam) },
  ];
}

const csvField = (v) => (v === null || v === undefined ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function make() {
  const list = items();
  const json = {
    encrypted: false,
    folders: [{ id: uuid('bw:folder'), name: 'Work' }],
    items: list.map(({ item }, i) => ({
      passwordHistory: null, revisionDate: '2026-01-01T00:00:00.000Z', creationDate: '2026-01-01T00:00:00.000Z', deletedDate: null,
      id: uuid(`bw:${i}`), organizationId: null, folderId: null, reprompt: 0, notes: null, favorite: false, fields: [], collectionIds: null, ...item,
    })),
  };
  const header = ['folder', 'favorite', 'type', 'name', 'notes', 'fields', 'reprompt', 'login_uri', 'login_username', 'login_password', 'login_totp'];
  const rows = list.map(({ item }) => [
    '', '', item.type === 1 ? 'login' : 'note', item.name, item.notes ?? '', '', '0',
    item.login?.uris?.[0]?.uri ?? '', item.login?.username ?? '', item.login?.password ?? '', item.login?.totp ?? '',
  ]);
  const csv = [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  // A bare key says nothing but the key: TOTP, SHA1, 6 digits, 30 s, named after the item.
  const bare = (e, item) => (e.issuer === 'Harbor' ? { ...e, issuer: item.name, name: item.login.username } : e);
  const want = list.filter((x) => x.expect).map((x) => bare(x.expect, x.item));
  return [
    { file: 'bitwarden.json', bytes: Buffer.from(JSON.stringify(json, null, 2)), expected: want, note: 'Bitwarden unencrypted JSON: otpauth URI, bare key, steam://, items without a key' },
    { file: 'bitwarden.csv', bytes: Buffer.from(csv), expected: want, note: 'Bitwarden unencrypted CSV, same items' },
  ];
}
