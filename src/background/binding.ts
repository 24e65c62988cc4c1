/**
 * The background's one view of bindings: how an origin (from the browser's sender record)
 * relates to an account's sites, and which host patterns a binding covers.
 * Bindings are still host patterns on main (bind is turning them into scheme+host+port
 * origins in src/core/sites.ts); every caller goes through these calls on the sender's
 * origin, so that change lands here only.
 */
import { hostMatches } from '../core/sites';

export type SiteMatch =
  | { kind: 'bound'; site: string }
  | { kind: 'insecure'; site: string }
  | { kind: 'otherPort'; site: string }
  | { kind: 'none' };

export function originParts(origin: string): { scheme: 'http' | 'https'; host: string; port: number } | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return { scheme, host: url.hostname, port: url.port ? Number(url.port) : scheme === 'https' ? 443 : 80 };
}

export function matchOrigin(sites: readonly string[], origin: string): SiteMatch {
  const parts = originParts(origin);
  const site = parts && sites.find((p) => hostMatches(p, parts.host));
  return site ? { kind: 'bound', site } : { kind: 'none' };
}

export function isBound(sites: readonly string[], origin: string): boolean {
  return matchOrigin(sites, origin).kind === 'bound';
}

/** The webRequest match pattern of a binding's host (any port: ports are checked on the origin). */
export function hostPattern(site: string): string | null {
  return /^(\*\.)?[a-z0-9.[\]:_-]+$/i.test(site) ? `*://${site.replace(/:\d+$/, '')}/*` : null;
}
