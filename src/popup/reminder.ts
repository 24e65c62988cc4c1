/** Whether the list should remind the user to make a backup (issue 14 item 6). Pure, unit-tested. */
import type { Account } from '../core/account';
import type { BackupInfo } from '../shared/messages';

const DAY_MS = 86_400_000;
/** A backup older than this is worth renewing even if no account was added since. */
export const STALE_AFTER_DAYS = 30;
/** "Later" hides the reminder this long, unless an account is added meanwhile. */
export const SNOOZE_DAYS = 7;

export interface Snooze {
  until: number;
  /** The newest account when the user said "Later": a newer one brings the reminder back. */
  newest: number;
}

export type BackupDue =
  | { why: 'never' }
  /** `count` accounts were added after the last backup. */
  | { why: 'new'; count: number }
  | { why: 'old'; days: number };

export function backupDue(accounts: readonly Pick<Account, 'created'>[], backup: BackupInfo | null, now: number, snooze: Snooze | null = null): BackupDue | null {
  if (!accounts.length) return null;
  const newest = Math.max(...accounts.map((a) => a.created));
  if (snooze && now < snooze.until && newest <= snooze.newest) return null;
  if (!backup) return { why: 'never' };
  const count = accounts.filter((a) => a.created > backup.newest).length;
  if (count) return { why: 'new', count };
  const days = Math.floor((now - backup.at) / DAY_MS);
  return days >= STALE_AFTER_DAYS ? { why: 'old', days } : null;
}

export function snoozeFrom(accounts: readonly Pick<Account, 'created'>[], now: number): Snooze {
  return { until: now + SNOOZE_DAYS * DAY_MS, newest: Math.max(0, ...accounts.map((a) => a.created)) };
}
