/**
 * The rules a binding must pass beyond syntax, with the public-suffix list (tldts, which
 * tracks publicsuffix.org, ICANN and private sections) and a short list of shared-tenant
 * parents it lacks. A wildcard over either (`*.com`, `*.co.uk`, `*.github.io`,
 * `*.awsapps.com`, `*.okta.com`) would bind every customer there, an attacker included,
 * so it is refused.
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

/**
 * Shared multi-tenant parents that the public-suffix list lacks, where each subdomain is
 * a different customer's site and the customer decides what it runs: a wildcard over one
 * binds every tenant, an attacker's included. The first release's Okta default
 * (`*.okta.com`) was one. Reviewed, not exhaustive; listed only where anyone can open a
 * tenant and its sign-in pages carry the tenant's own code or settings:
 * - Okta orgs (`acme.okta.com` and its preview, EMEA and US-government clouds): a tenant
 *   can host its own sign-in page code.
 * - Auth0 tenants (`acme.auth0.com`, `acme.eu.auth0.com`, … by region): Universal Login
 *   pages are the tenant's own HTML and script.
 * - OneLogin (`acme.onelogin.com`): each subdomain is one customer's portal.
 * - Salesforce My Domain (`acme.my.salesforce.com`, sandboxes), Experience Cloud sites
 *   (`acme.my.site.com`) and `*.force.com` (Sites, Lightning): customers' own Visualforce/LWC code.
 * - Azure AD B2C (`acme.b2clogin.com`) and Entra External ID (`acme.ciamlogin.com`):
 *   sign-in pages from the tenant's own templates.
 * - Zendesk (`acme.zendesk.com`): help-center themes are the customer's own script.
 * - Atlassian cloud sites (`acme.atlassian.net`) and Slack workspaces (`acme.slack.com`):
 *   these run Atlassian's and Slack's own code, so the risk is lower, but each is another
 *   customer's site with its own sign-in settings and anyone can open one; the user binds
 *   the hosts they sign in at (id.atlassian.com, acme.slack.com).
 * Already on the public-suffix list, so not repeated here: awsapps.com (IAM Identity
 * Center start URLs), amazoncognito.com's regional auth domains, github.io, herokuapp.com.
 */
const SHARED_TENANT_PARENTS: readonly string[] = [
  'okta.com', 'oktapreview.com', 'okta-emea.com', 'okta-gov.com',
  'auth0.com', 'us.auth0.com', 'eu.auth0.com', 'au.auth0.com', 'jp.auth0.com', 'uk.auth0.com', 'ca.auth0.com',
  'onelogin.com',
  'my.salesforce.com', 'sandbox.my.salesforce.com', 'develop.my.salesforce.com', 'my.site.com', 'force.com', 'lightning.force.com',
  'b2clogin.com', 'ciamlogin.com',
  'zendesk.com',
  'atlassian.net',
  'slack.com',
];

/**
 * The shared-tenant parent this canonical binding's wildcard covers (`*.okta.com`, or
 * `*.salesforce.com` over my.salesforce.com), or null.
 */
export function sharedTenantCovered(site: string): string | null {
  const { wildcard, host } = parseSite(site);
  if (!wildcard) return null;
  return SHARED_TENANT_PARENTS.find((parent) => parent === host || parent.endsWith(`.${host}`)) ?? null;
}

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
  const parent = sharedTenantCovered(site);
  if (parent) throw new OttoError('siteSharedTenant', { site, parent });
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
 * more: a public-suffix or shared-tenant wildcard saved by the first release, which did
 * not check either (its Okta default was `*.okta.com`), or one the lists gained after it
 * was saved. Applied where the list is at hand: when the background opens the vault, and
 * to the accounts of a backup being restored. An account left with no site fills nowhere
 * by itself, and its edit form says it is bound to no site.
 */
export function allowedSites(sites: readonly string[]): string[] {
  return sites.filter((site) => !coversPublicSuffix(site) && !sharedTenantCovered(site));
}

/** Sites of a stored vault or backup in today's form, allowed ones only. Never throws. */
export function migrateSites(sites: readonly string[]): string[] {
  return allowedSites(readStoredSites(sites));
}
