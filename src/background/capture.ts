/** Tab capture, shared by the full scan and the region scan. */
import browser from 'webextension-polyfill';

/** Chrome allows two captures a second; a scan right after another waits its turn. */
const QUOTA_WAIT_MS = 600;

export async function captureVisible(windowId: number | undefined): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await browser.tabs.captureVisibleTab(windowId, { format: 'png' });
    } catch (e) {
      if (attempt >= 3 || !/QUOTA/i.test(String(e))) throw e;
      await new Promise((resolve) => setTimeout(resolve, QUOTA_WAIT_MS));
    }
  }
}
