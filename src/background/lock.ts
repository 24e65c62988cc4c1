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
  // Locked from here: the caller may be answered. Scan results hold seeds, so they go before
  // the answer (two storage.session calls). The rest only tidies up and must not hold Lock:
  // the badge asks the vault's state (queued behind running work), pages may be slow to
  // answer, and the clipboard needs an offscreen document made and closed (~0.3 s).
  await forgetRegionSelections().catch(() => undefined);
  void showLockState().catch(() => undefined);
  void tellPages({ type: 'locked' });
  void clearCopiedCodeNow().catch(() => undefined);
}
