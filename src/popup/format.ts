/** Display formatting shared by the popup's screens; no browser APIs, so it is unit-tested in Node. */

/**
 * Splits a code into groups that are easy to read and type:
 * 6 → "123 456", 8 → "1234 5678", 9 → "123 456 789", 7 → "123 4567", 10 → "12345 67890".
 * Steam's five characters stay whole.
 */
export function groupCode(code: string): string {
  const n = code.length;
  if (n <= 5) return code;
  const size = n % 3 === 0 ? 3 : n % 4 === 0 ? 4 : 0;
  if (size) return code.match(new RegExp(`.{${size}}`, 'g'))!.join(' ');
  const half = Math.floor(n / 2);
  return `${code.slice(0, half)} ${code.slice(half)}`;
}

/** Above this the site's clock and ours disagree enough for codes to be rejected near a step boundary. */
export const SKEW_WARN_MS = 10_000;

/**
 * The clock correction still missing, given the skew a site reported (server − local)
 * and the offset already applied; null when within tolerance or unknown.
 */
export function skewToFix(clockSkewMs: number | null, timeOffsetMs: number): { seconds: number; behind: boolean } | null {
  if (clockSkewMs === null || !Number.isFinite(clockSkewMs)) return null;
  const missing = clockSkewMs - timeOffsetMs;
  if (Math.abs(missing) <= SKEW_WARN_MS) return null;
  return { seconds: Math.round(Math.abs(missing) / 1000), behind: missing > 0 };
}

/** Origin (scheme://host[:port]) of a tab URL, or '' for pages that cannot be bound (browser pages, files). */
export function pageOriginOf(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : '';
  } catch {
    return '';
  }
}

/** Host of a tab URL, or '' for pages that have none we can bind to (browser pages, files). */
export function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : '';
  } catch {
    return '';
  }
}

/** Hosts of the browser's extension stores: browsers let no extension read or script them. */
const STORES = ['chromewebstore.google.com', 'chrome.google.com', 'microsoftedge.microsoft.com', 'addons.mozilla.org'];

/**
 * Whether Otto can read a tab to scan or fill it: web pages yes; the browser's own pages
 * (chrome://, about:, the new-tab page, other extensions) and the extension stores no.
 * An unknown URL (no access to it) counts as readable: the background finds out.
 */
export function pageReadable(url: string | undefined): boolean {
  if (!url) return true;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:' && u.protocol !== 'file:') return false;
    return !(STORES.includes(u.hostname) && (u.hostname !== 'chrome.google.com' || u.pathname.startsWith('/webstore')));
  } catch {
    return false;
  }
}
