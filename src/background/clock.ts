/**
 * Server clocks without a request of Otto's own: the background reads the `Date` header
 * of the response that loaded a bound page (webRequest, headers only, never blocking).
 * The listener exists only while Otto is unlocked and is filtered to the hosts of bound
 * sites, so the browser does not wake Otto for any other page (like uBlock Origin and
 * Refined GitHub, do nothing until needed). It follows the vault session: registered on
 * unlock and on a restarted worker's restore, re-filtered after every save, removed on lock.
 *
 * A clock seen here is only a candidate: it becomes the tab's clock, shown in the popup,
 * when Otto fills that very frame on that origin (fill.ts → adoptClock).
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { Account } from '../core/account';
import { isBound, isCanonicalSite, parseSite } from '../core/sites';
import { rememberDate } from './frames';
import { webOrigin } from './senders';
import { onSessionChange, vaultState } from './vault-store';

type Listener = (details: WebRequest.OnHeadersReceivedDetailsType) => void;
let listener: Listener | null = null;
let watched = '';

/**
 * The webRequest match pattern of a binding's scheme and host. Without the port: Firefox's
 * patterns cannot carry one, and the listener checks the exact origin anyway.
 */
export function hostPattern(site: string): string | null {
  if (!isCanonicalSite(site)) return null;
  const { scheme, host, wildcard } = parseSite(site);
  return `${scheme}://${wildcard ? '*.' : ''}${host}/*`;
}

/** Match patterns covering the hosts of these bindings. */
export function hostPatterns(accounts: readonly Account[]): string[] {
  const out = new Set<string>();
  for (const a of accounts) for (const site of a.sites) {
    const pattern = hostPattern(site);
    if (pattern) out.add(pattern);
  }
  return [...out].sort();
}

function dateHeader(details: WebRequest.OnHeadersReceivedDetailsType): number | null {
  const value = details.responseHeaders?.find((h) => h.name.toLowerCase() === 'date')?.value;
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
}

/** (Re)registers the listener for these accounts' bindings; null (locked) removes it. */
export function watchServerClocks(accounts: readonly Account[] | null): void {
  const urls = accounts ? hostPatterns(accounts) : [];
  const key = urls.join(' ');
  if (key === watched && (listener !== null) === urls.length > 0) return;
  if (listener) browser.webRequest.onHeadersReceived.removeListener(listener);
  listener = null;
  watched = key;
  if (!urls.length || !accounts) return;
  const bound = accounts.map((a) => a.sites);
  // The time of arrival is taken at once: the checks below wait on storage.
  listener = (details) => void record(details, bound, Date.now());
  browser.webRequest.onHeadersReceived.addListener(listener, { urls, types: ['main_frame', 'sub_frame'] }, ['responseHeaders']);
}

async function record(details: WebRequest.OnHeadersReceivedDetailsType, bound: ReadonlyArray<readonly string[]>, arrivedMs: number): Promise<void> {
  const origin = webOrigin(details.url);
  const dateMs = dateHeader(details);
  if (!origin || dateMs === null || details.tabId < 0 || !bound.some((sites) => isBound(sites, origin))) return;
  // `Date` has whole seconds: the server's clock was on average half a second further.
  const skewMs = dateMs + 500 - arrivedMs;
  const ancestors = (details as { frameAncestors?: Array<{ url: string }> }).frameAncestors?.map((f) => webOrigin(f.url) ?? '');
  await rememberDate(details.tabId, { frameId: details.frameId, origin, skewMs, ...(ancestors ? { ancestors } : {}) });
}

/**
 * Registered synchronously at worker start. Reading the vault state restores a session a
 * restarted worker had (and announces it), so a bound page is watched again at once.
 */
export function listenForServerClocks(): void {
  onSessionChange(watchServerClocks);
  void vaultState();
}
