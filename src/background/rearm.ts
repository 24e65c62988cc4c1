/**
 * Content scripts stop watching a page once the background has said that nothing can be
 * filled there (src/content/watch.ts). When that may have changed (an account added or
 * its sites edited, autofill switched on) every frame of every tab is told to look again;
 * a frame that finds a code field then asks for a fill as on page load, and the fill is
 * decided from its sender record as always. Unlocking re-arms only the frames that asked
 * while locked (fillPending).
 */
import browser from 'webextension-polyfill';
import type { ContentCommand } from '../shared/messages';

export async function rearmContentScripts(): Promise<void> {
  const rescan: ContentCommand = { type: 'rescan' };
  const tabs = await browser.tabs.query({});
  // No frameId: every frame of the tab. Tabs without Otto's content script (browser pages) just fail.
  await Promise.all(tabs.map((tab) => (tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, rescan).catch(() => undefined))));
}
