/**
 * The rules a binding must pass beyond syntax, with the public-suffix list (tldts, which
 * tracks publicsuffix.org, ICANN and private sections). A wildcard over a public suffix
 * (`*.com`, `*.co.uk`, `*.github.io`, `*.awsapps.com`) would bind every customer of that
 * suffix, an attacker included, so it is refused.
 *
 * Imported by the background (every message that carries sites) and by the vault reader;
 * the popup's first screen checks syntax only (sites.ts), so the list is loaded there only
 * with the import screen or the form's own check.
 */
// tldts's own minified build: bundling its ES modules instead lets our minifier copy the
// 68 KB label string into each function that reads it (three times, +270 KB in all).
import { getPublicSuffix } from 'tldts/dist/index.esm.min.js';
import { OttoError } from './errors';
import { isCanonicalSite, isLegacySite, migrateLegacySite, normalizeSite, parseSite } from './sites';

/** Does this canonical binding's wildcard cover a whole public suffix? */
export function coversPublicSuffix(site: string): boolean {
  const { wildcard, host } = parseSite(site);
  if (!wildcard) return false;
  // Unknown top-level names (`.test`, `.internal`) count as suffixes by the list's `*` rule.
  return getPublicSuffix(host, { allowPrivateDomains: true }) === host;
}

/** A binding arriving in a message: canonical and allowed, or OttoError. */
export function checkSite(site: unknown): string {
  if (typeof site !== 'string' || !isCanonicalSite(site)) throw new OttoError('siteNotHost', { site: String(site).slice(0, 80) });
  if (coversPublicSuffix(site)) throw new OttoError('sitePublicSuffix', { site });
  return site;
}

export function checkSites(sites: readonly unknown[]): string[] {
  return sites.map(checkSite);
}

/** The user's text as an allowed canonical binding, or OttoError (the form's full check). */
export function normalizeAllowedSite(input: string): string {
  return checkSite(normalizeSite(input));
}

/**
 * Sites as read from a stored vault or a backup, in today's form: first-release host
 * patterns become https bindings; whatever cannot be a binding any more (a public-suffix
 * wildcard, perhaps one the list gained since it was saved; text that is no host) is
 * dropped, since it must not fill and a vault must still open. Never throws.
 */
export function migrateSites(sites: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of sites) {
    let site: string | null;
    try {
      site = isLegacySite(text) ? migrateLegacySite(text) : normalizeSite(text);
      if (site && coversPublicSuffix(site)) site = null;
    } catch {
      site = null;
    }
    if (site && !out.includes(site)) out.push(site);
  }
  return out;
}
