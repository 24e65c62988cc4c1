/** What every screen of the unlocked popup shares; provided by App. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Account, AccountDraft } from '../core/account';
import type { ServerClock, Settings } from '../shared/messages';

export type Screen =
  | { name: 'list' }
  | { name: 'add'; draft?: AccountDraft }
  | { name: 'edit'; id: string }
  | { name: 'scan' }
  | { name: 'import' }
  | { name: 'export' }
  | { name: 'settings' };

/** The tab the popup was opened over: where Fill and Scan act. */
export interface TabContext {
  id: number | null;
  host: string;
  codeFields: number;
  /** The server clock of the page Otto last filled in this tab. */
  clock: ServerClock | null;
}

export interface AppApi {
  accounts: Account[];
  settings: Settings;
  tab: TabContext;
  go(screen: Screen): void;
  /** Fetches the accounts again after a change. */
  reload(): Promise<void>;
  /** Says something in the polite live region (and shows it as a toast). */
  announce(text: string): void;
  saveSettings(patch: Partial<Settings>): Promise<void>;
  copy(account: Account): Promise<void>;
  fill(accountId: string, both?: boolean): Promise<void>;
  /** Deletes now and offers Undo for a few seconds. */
  remove(account: Account): Promise<void>;
  lock(): Promise<void>;
}

export const AppContext = createContext<AppApi | null>(null);

export function useApp(): AppApi {
  const api = useContext(AppContext);
  if (!api) throw new Error('useApp outside <App>');
  return api;
}
