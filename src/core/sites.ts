/**
 * Site binding: where an account's codes may be filled. This is the phishing brake, so
 * a binding is an origin (scheme + host + port) compared part by part, never a substring
 * or a regex.
 *
 * Canonical stored form (docs/vault-format.md, "Sites"):
 *   `https://github.com`        that host, https, default port (443)
 *   `https://*.example.com`     any subdomain of example.com (not example.com itself)
 *   `http://intranet.test`      plain http, default port (80): only when written so
 *   `https://host.example:8443` another port: only when written so
 * Host names are lower-case ASCII (IDNs in punycode), without a trailing dot; IPv6
 * addresses in brackets; the port is left out when it is the scheme's default.
 *
 * What a user types: `github.com` means `https://github.com`; `http://` and `:port` are
 * kept only when written. Pasted URLs lose their path (`https://github.com/login` →
 * `https://github.com`).
 *
 * This module only checks syntax. Whether a wildcard covers a public suffix (`*.co.uk`,
 * `*.github.io`) needs the public-suffix list, which lives in site-policy.ts so that the
 * popup's first screen does not load it.
 */
import { OttoError } from './errors';

export type Scheme = 'https' | 'http';

export interface Site {
  scheme: Scheme;
  /** Lower-case ASCII host without the `*.`; IPv6 in brackets. */
  host: string;
  /** `*.host`: every subdomain of `host`, not `host` itself. */
  wildcard: boolean;
  /** null: the scheme's default port. */
  port: number | null;
}

const DEFAULT_PORT: Record<Scheme, number> = { https: 443, http: 80 };

// After URL parsing: dot-separated labels of letters, digits, '-' and '_' (some intranets
// use '_'); IDNs are punycode by then. Anything else ('!', '$', '=', '~' …) the URL parser
// lets through is not a host name anyone means.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

function notHost(input: string): OttoError {
  return new OttoError('siteNotHost', { site: input.slice(0, 80) });
}

/** What the user typed (a host, `*.host`, `host:port`, `http://host`, a pasted URL) as a binding; throws OttoError. */
export function parseSite(input: string): Site {
  const text = input.trim();
  if (!text) throw new OttoError('siteEmpty');
  if (/\s/.test(text)) throw notHost(text);
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  let scheme: Scheme = 'https';
  let rest = text;
  if (schemeMatch) {
    const s = schemeMatch[1]!.toLowerCase();
    if (s !== 'https' && s !== 'http') throw new OttoError('siteScheme', { scheme: s.slice(0, 20) });
    scheme = s;
    rest = text.slice(schemeMatch[0].length);
  } else if (/^[a-z][a-z0-9+-]*:(?!\d)/i.test(text)) {
    // "mailto:x", "javascript:…": a scheme without "//", not "host:8443" nor "host.example:x".
    throw new OttoError('siteScheme', { scheme: text.slice(0, text.indexOf(':')).toLowerCase().slice(0, 20) });
  }
  // The authority ends at the first '/', '?' or '#' (a pasted URL's path goes).
  const authority = rest.split(/[/?#]/, 1)[0]!;
  // '%' escapes and backslashes are never part of a host name; the URL parser would
  // decode them or read '\' as '/' ("evil.example\@github.com" is evil.example).
  if (/[%\\]/.test(authority)) throw notHost(text);
  if (authority.includes('@')) throw new OttoError('siteUserinfo', { site: text.slice(0, 80) });
  const wildcard = authority.startsWith('*.');
  const hostPort = wildcard ? authority.slice(2) : authority;
  if (!hostPort || hostPort.includes('*')) throw notHost(text);
  let url: URL;
  try {
    url = new URL(`${scheme}://${hostPort}`);
  } catch {
    // Bad port numbers land here too; say so when the host part is fine.
    const port = /:([^:\]]*)$/.exec(hostPort);
    if (port && !hostPort.startsWith('[') && /^[^:]+$/.test(hostPort.slice(0, port.index))) {
      throw new OttoError('sitePort', { port: port[1]!.slice(0, 12) });
    }
    throw notHost(text);
  }
  const host = url.hostname.replace(/\.$/, '');
  const port = url.port ? Number(url.port) : null;
  if (host.startsWith('[')) {
    if (wildcard) throw new OttoError('siteWildcardIp');
  } else if (IPV4.test(host)) {
    if (wildcard) throw new OttoError('siteWildcardIp');
  } else {
    const labels = host.split('.');
    if (host.length > 253 || !labels.every((l) => LABEL.test(l))) throw notHost(text);
    // The cheap half of the public-suffix rule, so the form catches `*.com` as it is typed.
    if (wildcard && labels.length < 2) throw new OttoError('siteWildcardTld', { site: `*.${host}` });
  }
  if (port === 0) throw new OttoError('sitePort', { port: '0' });
  return { scheme, host, wildcard, port };
}

/** The canonical stored form of a binding. */
export function formatSite(site: Site): string {
  const port = site.port === null || site.port === DEFAULT_PORT[site.scheme] ? '' : `:${site.port}`;
  return `${site.scheme}://${site.wildcard ? '*.' : ''}${site.host}${port}`;
}

/** What the user typed, in canonical form; throws OttoError. */
export function normalizeSite(input: string): string {
  return formatSite(parseSite(input));
}

/** Is `text` a binding in exactly the canonical form (what the vault and messages must carry)? */
export function isCanonicalSite(text: string): boolean {
  if (!/^https?:\/\//.test(text)) return false;
  try {
    return normalizeSite(text) === text;
  } catch {
    return false;
  }
}

// Bindings are compared many times per fill decision and per popup render.
const parsed = new Map<string, Site | null>();
function siteOf(text: string): Site | null {
  let site = parsed.get(text);
  if (site === undefined) {
    site = isCanonicalSite(text) ? parseSite(text) : null;
    if (parsed.size > 1000) parsed.clear();
    parsed.set(text, site);
  }
  return site;
}

/** An http(s) origin (or URL) as scheme, host and port; null for anything else (about:, file:, extension pages). */
export function originParts(origin: string): { scheme: Scheme; host: string; port: number } | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  const host = url.hostname.replace(/\.$/, '');
  if (!host) return null;
  return { scheme, host, port: url.port ? Number(url.port) : DEFAULT_PORT[scheme] };
}

/** The binding for exactly this page's origin (a scan's or the popup's suggestion), or null if it cannot be bound. */
export function siteForOrigin(origin: string): string | null {
  const o = originParts(origin);
  if (!o) return null;
  try {
    return normalizeSite(`${o.scheme}://${o.host}:${o.port}`);
  } catch {
    return null;
  }
}

function hostMatches(site: Site, host: string): boolean {
  if (!site.wildcard) return host === site.host;
  return host.length > site.host.length + 1 && host.endsWith(`.${site.host}`);
}

/**
 * How a page's origin relates to an account's bindings:
 * - `bound`: a binding matches scheme, host and port: codes may be filled (automatically too);
 * - `insecure`: the host is bound with https but this page is plain http: never automatic;
 *   a fill the user asks for warns that the page is not encrypted first;
 * - `otherPort`: the host is bound, but on another port (or bound to http and this is
 *   https): never automatic; a fill the user asks for names both and asks first;
 * - `none`: no binding names this host.
 * `site` is the binding that matched (or nearly did), for the prompt's words.
 */
export type SiteMatch =
  | { kind: 'bound'; site: string }
  | { kind: 'insecure'; site: string }
  | { kind: 'otherPort'; site: string }
  | { kind: 'none' };

export function matchOrigin(sites: readonly string[], origin: string): SiteMatch {
  const o = originParts(origin);
  if (!o) return { kind: 'none' };
  let near: SiteMatch = { kind: 'none' };
  for (const text of sites) {
    const site = siteOf(text);
    if (!site || !hostMatches(site, o.host)) continue;
    const port = site.port ?? DEFAULT_PORT[site.scheme];
    if (site.scheme === o.scheme && port === o.port) return { kind: 'bound', site: text };
    if (site.scheme === 'https' && o.scheme === 'http') near = { kind: 'insecure', site: text };
    else if (near.kind === 'none') near = { kind: 'otherPort', site: text };
  }
  return near;
}

/** May codes of an account with these bindings be filled on this origin without asking? */
export function isBound(sites: readonly string[], origin: string): boolean {
  return matchOrigin(sites, origin).kind === 'bound';
}

/** Does `text` look like a binding written before bindings had a scheme (`github.com`, `*.github.com`)? */
export function isLegacySite(text: string): boolean {
  return !text.includes('://');
}

/**
 * A binding of the first release (a bare host pattern, filled on any scheme and port)
 * in today's form: https on the default port, which is what those sites serve their
 * sign-in on. Null when it cannot be expressed (it could never have matched a page).
 */
export function migrateLegacySite(text: string): string | null {
  try {
    return normalizeSite(`https://${text}`);
  } catch {
    return null;
  }
}

/**
 * Sites as read from a stored vault or a backup, in today's form: first-release patterns
 * become https bindings (written so at the next save), today's entries are normalised,
 * duplicates and text that is no binding are dropped (it never filled anything; a vault
 * must still open). Never throws. Syntax only, so every reader of the vault format can use
 * it without the public-suffix list; the background and the restore apply `allowedSites`
 * (site-policy.ts) on top.
 */
export function readStoredSites(sites: readonly string[]): string[] {
  const out: string[] = [];
  for (const text of sites) {
    let site: string | null;
    try {
      site = isLegacySite(text) ? migrateLegacySite(text) : normalizeSite(text);
    } catch {
      site = null;
    }
    if (site && !out.includes(site)) out.push(site);
  }
  return out;
}

/** What a binding means, for the form's explanation under each line. */
export function describeSite(text: string): { secure: boolean; wildcard: boolean; host: string; port: number } | null {
  const site = siteOf(text);
  if (!site) return null;
  return { secure: site.scheme === 'https', wildcard: site.wildcard, host: site.host, port: site.port ?? DEFAULT_PORT[site.scheme] };
}

/**
 * Where well-known issuers ask for their codes, so a new account is bound from the start.
 * Only hosts the issuer itself runs: no host under which customers get their own names
 * (Okta's `<tenant>.okta.com`, AWS IAM Identity Center's `<name>.awsapps.com`), since any
 * customer, an attacker included, could then collect the codes. Those accounts are bound
 * to the page they were scanned on (scan.ts adds the tab's origin), or by the user.
 */
const KNOWN_SITES: ReadonlyArray<[RegExp, string[]]> = [
  // IAM users sign in at signin.aws.amazon.com and its regional hosts; IAM Identity
  // Center's sign-in pages are AWS's own <region>.signin.aws.
  [/^(aws|amazon web services|amazon)\b/, ['https://signin.aws.amazon.com', 'https://*.signin.aws.amazon.com', 'https://*.signin.aws']],
  [/^github\b/, ['https://github.com']],
  [/^gitlab\b/, ['https://gitlab.com']],
  [/^google\b/, ['https://accounts.google.com']],
  [/^microsoft\b|^azure\b|^office ?365\b/, ['https://login.microsoftonline.com', 'https://login.live.com', 'https://account.live.com']],
  [/^cloudflare\b/, ['https://dash.cloudflare.com']],
  [/^digitalocean\b/, ['https://cloud.digitalocean.com']],
  [/^atlassian\b|^bitbucket\b/, ['https://id.atlassian.com', 'https://bitbucket.org']],
  [/^npm\b|^npmjs\b/, ['https://www.npmjs.com']],
];

export function defaultSitesFor(issuer: string): string[] {
  const key = issuer.trim().toLowerCase();
  for (const [re, sites] of KNOWN_SITES) if (re.test(key)) return [...sites];
  return [];
}
