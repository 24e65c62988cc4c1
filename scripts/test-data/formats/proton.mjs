// Proton Authenticator's unencrypted export: `{version: 1, entries: [{id, content:
// {uri, entry_type, name}, note}]}`; entry_type "Totp" or "Steam" (steam://<base32>).
// The app shows `content.name` as the account name.
import { base32, expected, pick, uuid } from '../lib.mjs';
import { otpauthUri } from '../lib.mjs';

export function make() {
  const accounts = pick('acme', 'harbor', 'quill', 'zurich', 'steam');
  const entries = accounts.map((a) => ({
    id: uuid(`proton:${a.id}`),
    content: a.type === 'steam'
      ? { uri: `steam://${base32(a.secret)}`, entry_type: 'Steam', name: a.name }
      : { uri: otpauthUri(a), entry_type: 'Totp', name: a.name },
    note: a.id === 'quill' ? 'personal mail' : null,
  }));
  return [{ file: 'proton-authenticator.json', bytes: Buffer.from(JSON.stringify({ version: 1, entries }, null, 2)), expected: accounts.map((a) => expected(a)), note: 'Proton Authenticator unencrypted export' }];
}
