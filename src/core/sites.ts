/**
 * Site binding: which hosts an account may be filled on. This is the phishing
 * brake, so matching is exact label-by-label comparison, never substring or regex.
 *
 * Patterns: `example.com` (that host only) or `*.example.com` (any subdomain of it,
 * not example.com itself; list both when both are wanted).
 */
import { OttoError } from './errors';

/** Lower-cased, punycoded host of a pattern or URL-ish input, or throws an OttoError. */
export function normalizeSitePattern(input: string): string {
  let text = input.trim().toLowerCase();
  if (!text) throw new OttoError('siteEmpty');
  const wildcard = text.startsWith('*.');
  if (wildcard) text = text.slice(2);
  // Accept pasted URLs ("https://github.com/login") as well as bare hosts.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let host: string;
  try {
    host = new URL(withScheme).hostname;
  } catch {
    throw new OttoError('siteNotHost', { site: input.trim().slice(0, 80) });
  }
  if (!host || host.includes('*')) throw new OttoError('siteNotHost', { site: input.trim().slice(0, 80) });
  if (host.startsWith('[')) {
    if (wildcard) throw new OttoError('siteWildcardIp');
    return host;
  }
  if (wildcard && host.split('.').length < 2) {
    throw new OttoError('siteWildcardTld', { site: `*.${host}` });
  }
  return wildcard ? `*.${host}` : host;
}

/** Does `host` (a frame's location.hostname) match one pattern? */
export function hostMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!h) return false;
  if (pattern.startsWith('*.')) {
    const base = pattern.slice(2);
    return h.length > base.length && h.endsWith(`.${base}`);
  }
  return h === pattern;
}

export function accountMatchesHost(sites: readonly string[], host: string): boolean {
  return sites.some((p) => hostMatches(p, host));
}

/** Hosts where well-known issuers ask for their codes, so a new account is bound from the start. */
const KNOWN_SITES: ReadonlyArray<[RegExp, string[]]> = [
  [/^(aws|amazon web services|amazon)\b/, ['signin.aws.amazon.com', '*.signin.aws.amazon.com', '*.awsapps.com', '*.signin.aws']],
  [/^github\b/, ['github.com']],
  [/^gitlab\b/, ['gitlab.com']],
  [/^google\b/, ['accounts.google.com']],
  [/^microsoft\b|^azure\b|^office ?365\b/, ['login.microsoftonline.com', 'login.live.com', 'account.live.com']],
  [/^okta\b/, ['*.okta.com']],
  [/^cloudflare\b/, ['dash.cloudflare.com']],
  [/^digitalocean\b/, ['cloud.digitalocean.com']],
  [/^atlassian\b|^bitbucket\b/, ['id.atlassian.com', 'bitbucket.org']],
  [/^npm\b|^npmjs\b/, ['www.npmjs.com']],
];

export function defaultSitesFor(issuer: string): string[] {
  const key = issuer.trim().toLowerCase();
  for (const [re, sites] of KNOWN_SITES) if (re.test(key)) return [...sites];
  return [];
}
