/** Which accounts the list shows, and in what order. Pure, so it is unit-tested. */
import type { Account } from '../core/account';
import { isBound } from '../core/sites';

/**
 * Accounts bound to the current tab's origin first (they are what the user came for),
 * then pinned ones, then the user's manual order (the vault's order).
 */
export function orderAccounts(accounts: readonly Account[], origin: string): Account[] {
  return accounts
    .map((a, i) => ({ a, i, r: rankOf(a, origin) }))
    .sort((x, y) => x.r - y.r || x.i - y.i)
    .map((x) => x.a);
}

/** The group an account is listed in: bound to the tab and pinned (0), bound (1), pinned (2), the rest (3). */
export function rankOf(a: Pick<Account, 'sites' | 'pinned'>, origin: string): number {
  return (origin && isBound(a.sites, origin) ? 0 : 2) + (a.pinned ? 0 : 1);
}

/** Every whitespace-separated term must appear in the issuer, the label or one of the sites. */
export function matchesQuery(a: Pick<Account, 'issuer' | 'label' | 'sites'>, query: string): boolean {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const hay = [a.issuer, a.label, ...a.sites].join('\n').toLowerCase();
  return terms.every((t) => hay.includes(t));
}

export function filterAccounts<T extends Pick<Account, 'issuer' | 'label' | 'sites'>>(accounts: readonly T[], query: string): T[] {
  return query.trim() ? accounts.filter((a) => matchesQuery(a, query)) : [...accounts];
}

/** The manual order with `id` moved by `delta` places (clamped); unchanged if `id` is absent. */
export function moveId(ids: readonly string[], id: string, delta: number): string[] {
  const from = ids.indexOf(id);
  const out = [...ids];
  if (from < 0) return out;
  const to = Math.max(0, Math.min(ids.length - 1, from + delta));
  out.splice(from, 1);
  out.splice(to, 0, id);
  return out;
}

/** The manual order with `id` placed just before (or after) `targetId`; unchanged if either is absent. */
export function moveBeside(ids: readonly string[], id: string, targetId: string, after: boolean): string[] {
  if (id === targetId || !ids.includes(id) || !ids.includes(targetId)) return [...ids];
  const out = ids.filter((x) => x !== id);
  out.splice(out.indexOf(targetId) + (after ? 1 : 0), 0, id);
  return out;
}
