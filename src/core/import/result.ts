/** What every importer returns, and the password errors the UI acts on. */
import type { Account, AccountDraft } from '../account';
import { OttoError, type Skipped } from '../errors';
import type { Entries } from './entries';

export type { Skipped };

/** What was read: the app (a proper name) and, where it matters, which of its formats. */
export interface ImportFormat {
  app: string;
  variant?: 'encrypted' | 'encryptedLegacy' | 'json' | 'csv' | 'text' | 'list';
}

export interface ImportResult {
  format: ImportFormat;
  /** Validated drafts with `sites: []`, in the file's order. */
  accounts: AccountDraft[];
  skipped: Skipped[];
  /** Otto's own backup only: the accounts with every field (ids, sites, pins, order) for a full restore. */
  restored?: Account[];
}

/** The password, or OttoError('passwordRequired', { app }): the UI asks for one and calls again. */
export function requirePassword(password: string | undefined, app: string): string {
  if (password === undefined || password === '') throw new OttoError('passwordRequired', { app });
  return password;
}

export function wrongPassword(app: string): OttoError {
  return new OttoError('wrongPassword', { app });
}

export function result(format: ImportFormat, entries: Entries): ImportResult {
  return { format, accounts: entries.accounts, skipped: entries.skipped };
}
