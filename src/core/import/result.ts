/** What every importer returns, and the two password outcomes the UI acts on. */
import type { Account, AccountDraft } from '../account';
import { ImportError, WrongPassphraseError } from '../errors';
import type { Entries, Skipped } from './entries';

export type { Skipped };

export interface ImportResult {
  /** Human name of what was read, e.g. 'Aegis (encrypted)'. */
  format: string;
  /** Validated drafts with `sites: []`, in the file's order. */
  accounts: AccountDraft[];
  skipped: Skipped[];
  /** Otto's own backup only: the accounts with every field (ids, sites, pins, order) for a full restore. */
  restored?: Account[];
}

/** The file is encrypted and no password was given: the UI asks for one and calls again. */
export class PasswordRequiredError extends ImportError {
  constructor(readonly format: string) {
    super(`This ${format} backup is encrypted. Enter its password to import it.`);
  }
}

/** The password, or PasswordRequiredError naming the app. */
export function requirePassword(password: string | undefined, app: string): string {
  if (password === undefined || password === '') throw new PasswordRequiredError(app);
  return password;
}

export function wrongPassword(app: string): WrongPassphraseError {
  return new WrongPassphraseError(`Wrong password for this ${app} backup.`);
}

export function result(format: string, entries: Entries): ImportResult {
  return { format, accounts: entries.accounts, skipped: entries.skipped };
}
