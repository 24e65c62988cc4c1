/**
 * Content scripts stop watching a page once the background has said that nothing can be
 * filled there (src/content/watch.ts). When that may have changed (an account added or
 * its sites edited, autofill switched on) every frame of every tab is told to watch again,
 * so that a code field appearing from then on is asked about (and decided from its sender
 * record as always). Fields already on the page are not filled by saving an account: the
 * user fills those from the popup. Unlocking asks again for the frames that asked while
 * locked (fillPending's rescan).
 */
import browser from 'webextension-polyfill';
import type { ContentCommand } from '../shared/messages';

export async function rearmContentScripts(): Promise<void> {
  const rearm: ContentCommand = { type: 'rearm' };
  const tabs = await browser.tabs.query({});
  // No frameId: every frame of the tab. Tabs without Otto's content script (browser pages) just fail.
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, rearm).catch(() => undefined))));
}
