/**
 * The popup's first look at the vault (issue 14 item 20): while the background answers, the
 * popup opens the sealed vault itself with the session's data key, so the list is painted
 * without waiting for a round trip (or for a sleeping service worker to start).
 *
 * Only what the background already trusts this page with: storage.session is closed to
 * content scripts, and the popup receives the same accounts from the background anyway.
 * Lock removes the key before it answers, so a popup opened after Lock finds none and opens
 * nothing; the background's `status` answer still decides (App.tsx drops this view when it
 * says locked, and every later lock arrives as an event).
 */
import type { Account } from '../core/account';
import { fromBase64 } from '../core/bytes';
import { openWithKey } from '../core/vault-read';
import type { Settings } from '../shared/messages';
import { earlyReads } from './early-reads';

export interface SessionView {
  accounts: Account[];
  settings: Settings;
}

/** The unlocked vault's accounts and the settings, or null when there is no session to open (locked, new, or anything amiss). */
export async function openSession(): Promise<SessionView | null> {
  try {
    const [b64, sealed, settings] = await earlyReads().session;
    const key = typeof b64 === 'string' ? fromBase64(b64) : null;
    if (!key || !sealed) return null;
    try {
      return { accounts: (await openWithKey(sealed, key)).accounts, settings };
    } finally {
      key.fill(0);
    }
  } catch {
    // A key of another vault (a passphrase changed meanwhile) or a damaged record: the background's answer says what to show.
    return null;
  }
}
