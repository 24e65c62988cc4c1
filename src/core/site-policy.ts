/**
 * The rules a binding must pass beyond syntax, with the public-suffix list (tldts, which
 * tracks publicsuffix.org, ICANN and private sections). A wildcard over a public suffix
 * (`*.com`, `*.co.uk`, `*.github.io`, `*.awsapps.com`) would bind every customer of that
 * suffix, an attacker included, so it is refused.
 *
 * Imported by the background (every message that carries sites, the vault it opens) and,
 * lazily, by the popup's sites field and restore; the popup's first screen and the
 * import worker check syntax only (sites.ts), so the package holds the list once.
 */
// tldts's own minified build: bundling its ES modules instead lets our minifier copy the
// 68 KB label string into each function that reads it (three times, +270 KB in all).
import { getPublicSuffix } from 'tldts/dist/index.esm.min.js';
import { OttoError } from './errors';
import { isCanonicalSite, normalizeSite, parseSite, readStoredSites } from './sites';

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
 * Stored sites (already through `readStoredSites`) without those that must not fill any
 * more: a public-suffix wildcard saved by the first release, which did not check the
 * list, or one the list gained after it was saved. Applied where the list is at hand:
 * when the background opens the vault, and to the accounts of a backup being restored.
 */
export function allowedSites(sites: readonly string[]): string[] {
  return sites.filter((site) => !coversPublicSuffix(site));
}

/** Sites of a stored vault or backup in today's form, allowed ones only. Never throws. */
export function migrateSites(sites: readonly string[]): string[] {
  return allowedSites(readStoredSites(sites));
}
