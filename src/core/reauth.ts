/**
 * Which account changes count as dangerous enough to ask for the passphrase again:
 * binding an existing account to more sites (where its codes will be filled) and
 * turning its auto-submit on. New accounts bring their own secret and ask nothing.
 */
import type { Account } from './account';

export function changeNeedsReauth(existing: readonly Account[], incoming: readonly Account[]): boolean {
  const byId = new Map(existing.map((a) => [a.id, a]));
  return incoming.some((next) => {
    const before = byId.get(next.id);
    if (!before) return false;
    // Removing a site only narrows where codes go; adding one widens it.
    return (next.autoSubmit && !before.autoSubmit) || next.sites.some((s) => !before.sites.includes(s));
  });
}
