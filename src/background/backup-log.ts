/**
 * When the last sealed backup was made and what it held, so the popup can remind the
 * user of accounts no backup has (issue 14 item 6). Non-secret metadata only, in the
 * extension's own IndexedDB beside the settings (src/shared/vault-db.ts): a time, the
 * newest account's creation time, a count.
 */
import type { Account } from '../core/account';
import type { BackupInfo } from '../shared/messages';
import { readRecord, writeRecords } from '../shared/vault-db';

export async function noteBackup(accounts: readonly Pick<Account, 'created'>[], at = Date.now()): Promise<void> {
  await writeRecords({ backup: { at, newest: accounts.reduce((m, a) => Math.max(m, a.created), 0), count: accounts.length } });
}

export async function lastBackup(): Promise<BackupInfo | null> {
  const got = (await readRecord('backup')) as Partial<BackupInfo> | undefined;
  // Written only by noteBackup; anything else (a damaged record) counts as no backup.
  if (!got || ![got.at, got.newest, got.count].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return { at: got.at!, newest: got.newest!, count: got.count! };
}
