/**
 * Otto's own backup: a sealed vault (docs/vault-format.md). Restoring it must bring
 * back every field (ids, sites, pins, order, auto-submit), so besides drafts the
 * importer hands back the full accounts.
 */
import type { Account } from '../account';
import { OttoError, isOttoError } from '../errors';
import { type SealedVault, isSealedVault, openVault } from '../vault';
import { decodeUtf8 } from './bytes';
import { Entries, describeEntry, draft } from './entries';
import { type ImportResult, requirePassword, wrongPassword } from './result';

const APP = 'Otto';

export { isSealedVault as isOttoBackup };

async function open(sealed: SealedVault, password: string | undefined): Promise<Account[]> {
  const pw = requirePassword(password, APP);
  try {
    return (await openVault(sealed, pw)).accounts;
  } catch (e) {
    if (isOttoError(e, 'wrongPassphrase')) throw wrongPassword(APP);
    throw e;
  }
}

/** Every account of an Otto backup file, exactly as it was saved. */
export async function readOttoBackup(bytes: Uint8Array, password: string): Promise<Account[]> {
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(bytes) ?? '');
  } catch {
    json = undefined;
  }
  if (!isSealedVault(json)) throw new OttoError('notOttoBackup');
  return open(json, password);
}

export async function readOtto(sealed: SealedVault, password?: string): Promise<ImportResult> {
  const restored = await open(sealed, password);
  const entries = new Entries();
  restored.forEach((a, i) => entries.add(describeEntry('entry', i + 1, a.issuer, a.label), () => draft(a)));
  return { format: { app: APP }, accounts: entries.accounts, skipped: entries.skipped, restored };
}
