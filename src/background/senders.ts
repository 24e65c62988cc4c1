/** Who sent a message. Hosts come from the browser's sender record, never from message bodies. */
import browser, { type Runtime } from 'webextension-polyfill';

const extensionOrigin = () => new URL(browser.runtime.getURL('')).origin;

/** A page of this extension (popup, or the popup opened in a tab): may read and change the vault. */
export function isExtensionPage(sender: Runtime.MessageSender): boolean {
  if (sender.id !== browser.runtime.id || !sender.url) return false;
  try {
    return new URL(sender.url).origin === extensionOrigin();
  } catch {
    return false;
  }
}

export interface ContentFrame {
  tabId: number;
  frameId: number;
  host: string;
  /** scheme://host[:port] of the frame's document, as the browser reports it: what bindings are matched against. */
  origin: string;
}

/**
 * A content script of ours in a web page frame. `origin` is the frame's security origin
 * (for about:blank/srcdoc frames, the origin they inherit), so a blank frame cannot
 * borrow another site's binding.
 */
export function contentFrame(sender: Runtime.MessageSender): ContentFrame | null {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId === undefined) return null;
  const raw = (sender as { origin?: string }).origin ?? sender.url;
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return { tabId: sender.tab.id, frameId: sender.frameId, host: url.hostname, origin: url.origin };
}
