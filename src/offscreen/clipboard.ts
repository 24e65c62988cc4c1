/**
 * Offscreen page that clears a copied code from the clipboard after the user's delay,
 * once the popup (and its timers) are long gone. It only ever receives a SHA-256 of
 * the code, and clears the clipboard only if it still holds that code.
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

chrome.runtime.onMessage.addListener((message: { type?: string; sha256?: string }, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || message?.type !== 'offscreen:clearClipboardIf' || !message.sha256) return false;
  const current = readClipboard();
  void (current ? sha256Hex(current) : Promise.resolve('')).then((hash) => {
    const match = hash === message.sha256;
    if (match) emptyClipboard();
    sendResponse({ cleared: match });
  });
  return true;
});
