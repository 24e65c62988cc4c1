/** Context menu and keyboard shortcuts: both act on the frame the user is in. */
import browser, { type Tabs } from 'webextension-polyfill';
import { sendToFrame } from './fill';
import { openPopupOnScan } from './popup';

const MENU_FILL = 'otto-fill';
const MENU_SCAN = 'otto-scan';

export function createMenus(): void {
  void browser.contextMenus.removeAll().then(() => {
    browser.contextMenus.create({ id: MENU_FILL, title: browser.i18n.getMessage('menuFill') || 'Fill MFA code', contexts: ['editable'] });
    browser.contextMenus.create({ id: MENU_SCAN, title: browser.i18n.getMessage('menuScan') || 'Scan QR code with Otto', contexts: ['image', 'page'] });
  });
}

function openScan(tab: Tabs.Tab | undefined): Promise<void> {
  return tab?.id === undefined ? Promise.resolve() : openPopupOnScan(tab.id).catch(() => undefined);
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
    if (info.menuItemId === MENU_SCAN) void openScan(tab);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'fill-code') requestFill(tab);
    if (command === 'scan-qr') void openScan(tab);
  });
}
