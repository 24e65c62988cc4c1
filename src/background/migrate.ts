/**
 * The first release (0.1.0) kept `vault`, `vault.prev` and `settings` in storage.local,
 * which every content script can read and write. They move into IndexedDB
 * (src/shared/vault-db.ts) once, before anything is read:
 * - the vault is `vault` when it is a well-formed sealed vault, `vault.prev` only when
 *   `vault` is missing or malformed. A `vault.prev` beside a good `vault` is what a save
 *   or passphrase change cut short left behind: older contents, possibly under the old
 *   passphrase, which must not open Otto any more (issue 13, item 13);
 * - the settings are validated field by field.
 * The `migrated` record is written in the same transaction; from then on storage.local is
 * never read, so nothing a content script writes there can become Otto's vault.
 */
import browser from 'webextension-polyfill';
import { isSealedVault } from '../core/vault';
import { readRecord, validSettings, writeRecords } from '../shared/vault-db';

const LEGACY_KEYS = ['vault', 'vault.prev', 'settings'];
/** The storage layout this module moves data to (1: IndexedDB, docs/vault-format.md "Storage"). */
const LAYOUT = 1;

export async function migrateLegacyStorage(): Promise<void> {
  if ((await readRecord('migrated')) !== undefined) return;
  const legacy = await browser.storage.local.get(LEGACY_KEYS);
  const vault = [legacy.vault, legacy['vault.prev']].find(isSealedVault);
  const moved = !(await readRecord('vault')) && vault ? { vault } : {};
  const settings = legacy.settings === undefined ? {} : { settings: validSettings(legacy.settings) };
  await writeRecords({ ...moved, ...settings, migrated: LAYOUT });
  await browser.storage.local.remove(LEGACY_KEYS);
}
