/** Opening the popup on a given screen for a tab (context menu, shortcut, region scan). */
import browser from 'webextension-polyfill';

const POPUP = 'src/popup/index.html';

/** The popup's Scan screen scans on opening; the event that led here granted activeTab. */
export async function openPopupOnScan(tabId: number): Promise<void> {
  await browser.action.setPopup({ tabId, popup: `${POPUP}#scan` });
  try {
    await browser.action.openPopup();
  } finally {
    await browser.action.setPopup({ tabId, popup: POPUP });
  }
}
