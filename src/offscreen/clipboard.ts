/**
 * Offscreen page that clears a copied code from the clipboard after the user's delay,
 * once the popup (and its timers) are long gone. It only ever receives a SHA-256 of
 * the code, and clears the clipboard only if it still holds that code.
 *
 * runtime.sendMessage reaches every extension context, and content scripts can send it
 * too: a page's (compromised) content script could otherwise probe the clipboard with
 * guessed codes and wipe it. Only the service worker is obeyed: its script URL, no tab.
 */
import { sha256Hex } from '../shared/digest';

const area = document.querySelector('textarea')!;

function readClipboard(): string {
  area.value = '';
  area.focus();
  document.execCommand('paste');
  return area.value;
}

function emptyClipboard(): void {
  const onCopy = (e: ClipboardEvent) => {
    e.clipboardData?.setData('text/plain', '');
    e.preventDefault();
  };
  document.addEventListener('copy', onCopy, { once: true });
  document.execCommand('copy');
}

const extensionOrigin = new URL(chrome.runtime.getURL('')).origin;

/**
 * The service worker is the one sender of ours with no document: content scripts and
 * extension pages always have a documentId (Chrome 106+), content scripts a tab too.
 * (Offscreen pages get only part of chrome.runtime: no getManifest() to compare the
 * worker's script URL with.)
 */
function fromServiceWorker(sender: chrome.runtime.MessageSender): boolean {
  if (sender.id !== chrome.runtime.id || sender.tab || sender.frameId !== undefined || sender.documentId !== undefined || !sender.url) return false;
  try {
    return new URL(sender.url).origin === extensionOrigin;
  } catch {
    return false;
  }
}

chrome.runtime.onMessage.addListener((message: { type?: string; sha256?: string }, sender, sendResponse) => {
  if (!fromServiceWorker(sender) || message?.type !== 'offscreen:clearClipboardIf' || typeof message.sha256 !== 'string') return false;
  const current = readClipboard();
  void (current ? sha256Hex(current) : Promise.resolve('')).then((hash) => {
    const match = hash === message.sha256;
    if (match) emptyClipboard();
    sendResponse({ cleared: match });
  });
  return true;
});
