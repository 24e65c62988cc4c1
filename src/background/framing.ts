/**
 * Frames of other sites (Bitwarden's untrusted-iframe rule): a bound sign-in page inside
 * a page of a site the account is not bound to gets nothing automatic, and a fill the user
 * asks for names the framing site first. What surrounds a frame comes from the browser:
 * the tab's top-level URL from the sender record or the tab, and on Chrome the frames in
 * between from webNavigation (no install warning there beside the host access Otto has);
 * on Firefox, where webNavigation would add one, from the frame's own navigation response
 * (webRequest's frameAncestors, see clock.ts) when Otto saw it. Where Otto saw neither (the
 * frame loaded while Otto was locked or asleep), the frames in between are unknown, never
 * assumed absent: a bank page inside an attacker's frame inside the bank's own page would
 * otherwise look like the bank's own frame.
 */
import browser from 'webextension-polyfill';
import { dateOf } from './frames';
import { webOrigin } from './senders';

/** An origin the browser could not tell (a page it hides from Otto, an opaque about:blank). */
export const UNKNOWN_ORIGIN = '';

interface FrameRef {
  tabId: number;
  frameId: number;
  documentId?: string | undefined;
  origin: string;
}

interface NavFrame {
  frameId: number;
  parentFrameId: number;
  url: string;
  documentId?: string;
}

/** The frames above `frame` on Chrome, innermost first; null where webNavigation is not available. */
async function chromeAncestors(frame: FrameRef): Promise<string[] | null> {
  if (!browser.webNavigation) return null;
  const all = (await browser.webNavigation.getAllFrames({ tabId: frame.tabId }).catch(() => null)) as NavFrame[] | null;
  if (!all) return null;
  const byId = new Map(all.map((f) => [f.frameId, f]));
  const self = all.find((f) => (frame.documentId && f.documentId ? f.documentId === frame.documentId : f.frameId === frame.frameId));
  if (!self) return null;
  const out: string[] = [];
  for (let f = byId.get(self.parentFrameId); f; f = f.parentFrameId >= 0 ? byId.get(f.parentFrameId) : undefined) {
    out.push(webOrigin(f.url) ?? UNKNOWN_ORIGIN);
  }
  return out;
}

/** The tab's top-level origin, from a URL the browser gave (a sender record's tab) or from the tab itself. */
export async function topOriginOf(tabId: number, topUrl?: string): Promise<string> {
  const url = topUrl ?? (await browser.tabs.get(tabId).catch(() => undefined))?.url;
  return webOrigin(url) ?? UNKNOWN_ORIGIN;
}

/** Origins of the frames around `frame`, innermost first, ending with the top level; [] for a top-level page. */
export async function ancestorOrigins(frame: FrameRef, topUrl?: string): Promise<string[]> {
  if (frame.frameId === 0) return [];
  const top = await topOriginOf(frame.tabId, topUrl);
  const chain = (await chromeAncestors(frame)) ?? (await dateOf(frame.tabId, frame.frameId, frame.origin))?.ancestors ?? [UNKNOWN_ORIGIN, top];
  // The top level as the sender record says now, whatever the chain was read from.
  return [...chain.slice(0, -1), top];
}

/** The frames around a page whose origin is neither the page's own nor one the account is bound to. */
export function foreignAncestors(ancestors: readonly string[], pageOrigin: string, isBoundTo: (origin: string) => boolean): string[] {
  return ancestors.filter((o) => o !== pageOrigin && (o === UNKNOWN_ORIGIN || !isBoundTo(o)));
}
