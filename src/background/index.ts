/**
 * Otto's service worker: the only holder of the vault key and the only writer of
 * the vault. Listeners are registered synchronously at start, as MV3 requires for
 * a worker that is woken by events.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { listenForIdle } from './autolock';
import { showLockState } from './badge';
import { listenForClipboardAlarm } from './clipboard';
import { syncClockWatch } from './clock';
import { listenForTabs } from './frames';
import { createMenus, listenForMenusAndCommands } from './menus';
import { route } from './router';

// The session key must never be readable by content scripts. Chrome: its default, made explicit.
// Firefox has no setAccessLevel: there storage.session is never exposed to content scripts at all.
const sessionArea = browser.storage.session as { setAccessLevel?(access: { accessLevel: 'TRUSTED_CONTEXTS' }): Promise<void> };
if (typeof sessionArea.setAccessLevel === 'function') void sessionArea.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => route(message, sender));
browser.runtime.onInstalled.addListener(createMenus);
browser.runtime.onStartup.addListener(() => void showLockState());
listenForIdle(showLockState);
listenForMenusAndCommands();
listenForClipboardAlarm();
listenForTabs();
void showLockState();
// A restarted worker that restores the unlocked session listens for bound pages' clocks again.
void syncClockWatch();
