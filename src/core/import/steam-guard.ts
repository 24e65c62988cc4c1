/**
 * Steam Guard secrets as the Steam app's `Steamguard-*` file (`{accounts:{id:{…}}}`)
 * or a Steam Desktop Authenticator `.maFile` (one account object). Only
 * `shared_secret` (base64) generates codes; the other secrets are not needed.
 */
import { type Json, fromBase64, isRecord } from './bytes';
import { OttoError } from '../errors';
import { Entries, describeEntry, draft, text } from './entries';
import { type ImportResult, result } from './result';

const hasSharedSecret = (x: unknown): boolean => isRecord(x) && 'shared_secret' in x;

export function isSteamGuard(json: unknown): json is Json {
  return isRecord(json) && (hasSharedSecret(json) || (isRecord(json.accounts) && Object.values(json.accounts).some(hasSharedSecret)));
}

export function readSteamGuard(json: Json): ImportResult {
  const accounts = hasSharedSecret(json) ? [json] : Object.values(json.accounts as Json);
  const entries = new Entries();
  accounts.forEach((a, i) => {
    if (!isRecord(a)) return entries.skip({ kind: 'entry', position: i + 1, name: '' }, new OttoError('importNotAccount'));
    entries.add(describeEntry('entry', i + 1, a.account_name, undefined), () =>
      draft({ type: 'steam', issuer: 'Steam', label: text(a, 'account_name'), secret: fromBase64(a.shared_secret, 'shared_secret') }),
    );
  });
  return result({ app: 'Steam Guard' }, entries);
}
