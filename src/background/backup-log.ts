/**
 * When the last sealed backup was made and what it held, so the popup can remind the
 * user of accounts no backup has (issue 14 item 6). Non-secret metadata only, beside
 * the settings in storage.local: a time, the newest account's creation time, a count.
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import type { BackupInfo } from '../shared/messages';

const K_BACKUP = 'backup';

export async function noteBackup(accounts: readonly Pick<Account, 'created'>[], at = Date.now()): Promise<void> {
  const info: BackupInfo = { at, newest: accounts.reduce((m, a) => Math.max(m, a.created), 0), count: accounts.length };
  await browser.storage.local.set({ [K_BACKUP]: info });
}

export async function lastBackup(): Promise<BackupInfo | null> {
  const got = (await browser.storage.local.get(K_BACKUP))[K_BACKUP] as Partial<BackupInfo> | undefined;
  // Written only by noteBackup; anything else (an older or damaged record) counts as no backup.
  if (!got || ![got.at, got.newest, got.count].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return { at: got.at!, newest: got.newest!, count: got.count! };
}
