/**
 * Lock, from wherever it comes (the popup, idle, screen lock): the vault first, then
 * everything that outlives it: scan results holding seeds, the record of a copied code
 * (the code is cleared now), the badge, and every open extension page, which drops its
 * accounts and shows the unlock screen.
 */
import browser from 'webextension-polyfill';
import type { PageEvent } from '../shared/messages';
import { showLockState } from './badge';
import { clearCopiedCodeNow } from './clipboard';
import { forgetRegionSelections } from './region';
import { lock } from './vault-store';

/** Tells every open extension page (popups, the popup in a tab); none listening is fine. */
export async function tellPages(event: PageEvent): Promise<void> {
  await browser.runtime.sendMessage(event).catch(() => undefined);
}

export async function lockEverywhere(): Promise<void> {
  await lock();
  // The vault is locked above; what follows only tidies up, and must all be tried. The badge
  // is not waited for: it asks the vault's state, which queues behind work still running.
  void showLockState().catch(() => undefined);
  await Promise.allSettled([tellPages({ type: 'locked' }), forgetRegionSelections(), clearCopiedCodeNow()]);
}
