/** Turning scanned or imported accounts into what to save, given the accounts already in the vault. */
import type { Account } from '../core/account';
import { findDuplicate } from './form';

export interface Candidate {
  /** What will be saved (for a duplicate: the existing account, updated). */
  account: Account;
  /** The saved account with the same secret, if any. */
  existing?: Account;
}

/**
 * A scanned or imported account matched against the vault: a duplicate keeps the
 * existing account's identity (id, pin, position, created) and gains the new
 * sites; everything else comes from the new data. A `restore` (Otto's own backup)
 * takes every field from the backup and only keeps the existing id.
 */
export function candidateFor(incoming: Account, vault: readonly Account[], restore = false): Candidate {
  const existing = vault.find((a) => a.id === incoming.id) ?? findDuplicate(incoming.secret, vault);
  if (!existing) return { account: incoming };
  if (restore) return { existing, account: { ...incoming, id: existing.id } };
  return {
    existing,
    account: {
      ...incoming,
      id: existing.id,
      created: existing.created,
      pinned: existing.pinned || incoming.pinned,
      autoSubmit: existing.autoSubmit,
      sites: [...new Set([...existing.sites, ...incoming.sites])],
    },
  };
}
