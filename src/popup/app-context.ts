/** What every screen of the unlocked popup shares; provided by App. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account, AccountDraft } from '../core/account';
import type { BackupInfo, ServerClock, Settings } from '../shared/messages';

export type Screen =
  | { name: 'list' }
  | { name: 'add'; draft?: AccountDraft }
  | { name: 'edit'; id: string }
  | { name: 'scan' }
  /** `text`: pasted data to read at once (a Google Authenticator export link pasted into Add). */
  | { name: 'import'; text?: string }
  | { name: 'export' }
  | { name: 'settings' };

/** The tab the popup was opened over: where Fill and Scan act. */
export interface TabContext {
  /** False until the popup has asked the browser which tab it is over. */
  known: boolean;
  id: number | null;
  host: string;
  /** scheme://host[:port] of the tab, '' for pages that cannot be bound: what bindings match. */
  origin: string;
  /** False for pages no extension may read (browser pages, the web store): Scan and Fill cannot work there. */
  readable: boolean;
  codeFields: number;
  /** The server clock of the page Otto last filled in this tab. */
  clock: ServerClock | null;
}

export interface AppApi {
  accounts: Account[];
  settings: Settings;
  /** The last sealed backup, for the reminder; null if none was made. */
  backup: BackupInfo | null;
  tab: TabContext;
  go(screen: Screen): void;
  /** Fetches the accounts again after a change. */
  reload(): Promise<void>;
  /** Says something in the polite live region and shows it as a toast (`quiet`: screen readers only). */
  announce(text: string, quiet?: boolean): void;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  /** Copies the code; which one was copied (the next one in a step's last seconds), or null on failure. */
  copy(account: Account): Promise<'current' | 'next' | null>;
  fill(accountId: string, both?: boolean): Promise<void>;
  /** Deletes now and offers Undo for a few seconds. */
  remove(account: Account): Promise<void>;
  /** Downloads a sealed backup under the vault's passphrase (or its own); false if it failed (said in a toast). */
  backupNow(passphrase?: string): Promise<boolean>;
  lock(): Promise<void>;
  /** Asks for the passphrase again and runs `action` with it; false if the user cancelled. */
  reauth(action: (passphrase: string) => Promise<void>): Promise<boolean>;
}

export const AppContext = createContext<AppApi | null>(null);

export function useApp(): AppApi {
  const api = useContext(AppContext);
  if (!api) throw new Error('useApp outside <App>');
  return api;
}
