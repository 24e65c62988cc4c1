/** Who sent a message. Origins come from the browser's sender record, never from message bodies. */
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

/** One document in one frame of a tab, as the browser identifies it. */
export interface ContentFrame {
  tabId: number;
  frameId: number;
  /** The document's id (Chrome 106+, Firefox 153 here): a frame that navigates gets a new one. */
  documentId: string | undefined;
  /** scheme://host[:port] of the document, from the browser. */
  origin: string;
  /** The tab's top-level URL as the browser reports it with the message (undefined when it withholds it). */
  topUrl: string | undefined;
}

/** The http(s) origin of a URL or origin string; null for anything else (about:, file:, data:, opaque). */
export function webOrigin(raw: string | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * A content script of ours in a web page frame. `origin` is the frame's security origin
 * (for about:blank/srcdoc frames, the origin they inherit), so a blank frame cannot
 * borrow another site's binding; without one (old browsers) the frame's URL decides.
 */
export function contentFrame(sender: Runtime.MessageSender): ContentFrame | null {
  if (sender.id !== browser.runtime.id || sender.tab?.id === undefined || sender.frameId === undefined) return null;
  const record = sender as Runtime.MessageSender & { origin?: string; documentId?: string };
  const origin = webOrigin(record.origin ?? sender.url);
  if (!origin) return null;
  return { tabId: sender.tab.id, frameId: sender.frameId, documentId: record.documentId, origin, topUrl: sender.tab.url };
}

/** Is this the same document the background saw before (same frame; same document id where both are known)? */
export function sameDocument(frame: ContentFrame, seen: { tabId: number; frameId: number; documentId?: string | undefined }): boolean {
  if (frame.tabId !== seen.tabId || frame.frameId !== seen.frameId) return false;
  return seen.documentId === undefined || frame.documentId === seen.documentId;
}
