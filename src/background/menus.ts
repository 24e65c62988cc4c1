/** Context menu and keyboard shortcuts: both act on the frame the user is in. */
import browser, { type Tabs } from 'webextension-polyfill';
import { sendToFrame } from './fill';

const MENU_FILL = 'otto-fill';

export function createMenus(): void {
  void browser.contextMenus.removeAll().then(() => {
    browser.contextMenus.create({ id: MENU_FILL, title: browser.i18n.getMessage('menuFill') || 'Fill MFA code', contexts: ['editable'] });
  });
}

/** Asks the frame (or, for the shortcut, whichever frame has focus) to request a fill. */
function requestFill(tab: Tabs.Tab | undefined, frameId?: number): void {
  if (tab?.id === undefined) return;
  const send = frameId === undefined ? browser.tabs.sendMessage(tab.id, { type: 'requestFill' }) : sendToFrame(tab.id, frameId, { type: 'requestFill' });
  void send.catch(() => undefined);
}

export function listenForMenusAndCommands(): void {
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_FILL) requestFill(tab, info.frameId ?? 0);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'fill-code') requestFill(tab);
  });
}
