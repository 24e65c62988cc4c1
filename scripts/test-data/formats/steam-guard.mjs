// Steam Guard secrets: the Steam mobile app's `Steamguard-<steamid>` file
// (`{accounts: {<id>: {shared_secret, account_name, …}}}`) and a Steam Desktop
// Authenticator `.maFile` (one account object). shared_secret is base64.
import { account, bytes, expected } from '../lib.mjs';

export function make() {
  const a = account('steam');
  const record = {
    shared_secret: a.secret.toString('base64'),
    serial_number: '9876543210123456789',
    revocation_code: 'R12345',
    uri: `otpauth://totp/Steam:${a.name}?secret=REDACTED&issuer=Steam`,
    server_time: 1767225600,
    account_name: a.name,
    token_gid: bytes('steam:gid', 6).toString('hex'),
    identity_secret: bytes('steam:identity', 20).toString('base64'),
    secret_1: bytes('steam:secret1', 20).toString('base64'),
    status: 1,
    steamid: '76561190000000001',
  };
  return [
    { file: 'steamguard.json', bytes: Buffer.from(JSON.stringify({ accounts: { [record.steamid]: record } })), expected: [expected(a)], note: 'Steam mobile app Steamguard file' },
    { file: 'steam-desktop.maFile', bytes: Buffer.from(JSON.stringify({ ...record, fully_enrolled: true, Session: null })), expected: [expected(a)], note: 'Steam Desktop Authenticator .maFile' },
  ];
}
