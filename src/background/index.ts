/**
 * Otto's service worker: the only holder of the vault key and the only writer of
 * the vault. Listeners are registered synchronously at start, as MV3 requires for
 * a worker that is woken by events.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { listenForIdle } from './autolock';
import { showLockState } from './badge';
import { listenForClipboardAlarm } from './clipboard';
import { listenForServerClocks } from './clock';
import { listenForTabs } from './frames';
import { createMenus, listenForMenusAndCommands } from './menus';
import { route } from './router';
import { listenForSync } from './sync';

// The session key must never be readable by content scripts. Chrome: its default, made explicit.
// Firefox has no setAccessLevel: there storage.session is never exposed to content scripts at all.
// storage.local holds nothing of Otto's any more (src/shared/vault-db.ts); Chromium (tested on 156)
// can close it to content scripts too, so nothing a page's script writes there lingers.
type Restrictable = { setAccessLevel?(access: { accessLevel: 'TRUSTED_CONTEXTS' }): Promise<void> };
// storage.sync too (sync, docs/sync-format.md): its items are sealed, but a page's script has no business
// reading the wrapped key for guessing, or writing there at all. Firefox cannot restrict it.
for (const area of [browser.storage.session, browser.storage.local, browser.storage.sync] as Restrictable[]) {
  if (typeof area.setAccessLevel === 'function') void area.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => undefined);
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
browser.runtime.onInstalled.addListener(createMenus);
browser.runtime.onStartup.addListener(() => void showLockState());
listenForIdle();
listenForMenusAndCommands();
listenForClipboardAlarm();
listenForSync();
listenForTabs();
listenForServerClocks();
void showLockState();
