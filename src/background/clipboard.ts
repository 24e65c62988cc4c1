/**
 * Clears a copied code from the clipboard after the user's delay, through an offscreen
 * document (workers have no clipboard). Chrome alarms fire no sooner than 30 s.
 */
import browser from 'webextension-polyfill';

const ALARM = 'clipboard-clear';
const K_PENDING = 'clipboardPending';
const OFFSCREEN = 'src/offscreen/clipboard.html';

export async function clearClipboardLater(sha256: string, seconds: number): Promise<void> {
  await browser.storage.session.set({ [K_PENDING]: sha256 });
  await browser.alarms.create(ALARM, { when: Date.now() + seconds * 1000 });
}

async function clearNow(): Promise<void> {
  const got = await browser.storage.session.get(K_PENDING);
  const sha256 = got[K_PENDING] as string | undefined;
  if (!sha256) return;
  await browser.storage.session.remove(K_PENDING);
  // The offscreen API is Chrome's; elsewhere clearing stays with the popup.
  if (!chrome.offscreen) return;
  if (!(await chrome.offscreen.hasDocument())) {
    await chrome.offscreen.createDocument({
      url: OFFSCREEN,
      reasons: [chrome.offscreen.Reason.CLIPBOARD],
      justification: 'Clear a copied MFA code from the clipboard after the delay the user chose.',
    });
  }
  try {
    await browser.runtime.sendMessage({ type: 'offscreen:clearClipboardIf', sha256 });
  } finally {
    await chrome.offscreen.closeDocument();
  }
}

/** Lock: clear a copied code now (if the clipboard still holds it) instead of after the delay. */
export async function clearCopiedCodeNow(): Promise<void> {
  await browser.alarms.clear(ALARM);
  await clearNow();
}

export function listenForClipboardAlarm(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void clearNow().catch(() => undefined);
  });
}
