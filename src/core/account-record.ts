/**
 * Decoding an account as Otto stores it: in the vault's payload (docs/vault-format.md) and
 * in sync records (docs/sync-format.md). One reader, so whatever one of them refuses the
 * other refuses too. Each caller says what a refusal means to the user (a damaged vault, a
 * sync item ignored), so the reader reports faults through the caller's `fail`.
 * Popup-safe (no public-suffix list): the vault reader is on the popup's first paint.
 */
import { validateDraft, type Account, type Algorithm, type OtpType } from './account';
import { decodeBase32, encodeBase32 } from './base32';
import { OttoError } from './errors';
import { readStoredSites } from './sites';

/** An account without its identity and HOTP counter (a sync record carries those beside it). */
export type AccountContent = Omit<Account, 'id' | 'counter'>;

/** The stored fields of an account, in the order the vault writes them. */
export const ACCOUNT_KEYS = [
  'type', 'issuer', 'label', 'secret', 'algorithm', 'digits', 'period', 'counter', 'sites',
  'id', 'created', 'updated', 'pinned', 'autoSubmit',
] as const;

/** ACCOUNT_KEYS without `id` and `counter`; in this order a sync record's digest is taken. */
export const CONTENT_KEYS = [
  'type', 'issuer', 'label', 'secret', 'algorithm', 'digits', 'period', 'sites', 'created', 'updated', 'pinned', 'autoSubmit',
] as const;

/**
 * `field` names what is wrong, or is null when it is the shape (fields missing or extra, a
 * JSON type) or a rule of `validateDraft`, whose error comes as `cause`.
 */
export type AccountFault = (field: 'sites' | 'created' | 'updated' | 'secret' | null, cause?: OttoError) => Error;

/**
 * Strict reading of an account's content: exactly CONTENT_KEYS with their JSON types, times
 * as non-negative integers, the secret in our own canonical base32 and the rules of
 * `validateDraft` (with `counter`, the HOTP counter stored beside the content). Sites come
 * back in today's binding form (readStoredSites); callers that hold the public-suffix list
 * drop what it forbids.
 */
export function readAccountContent(x: unknown, counter: number, fail: AccountFault): AccountContent {
  if (!isRecord(x) || !hasExactKeys(x, CONTENT_KEYS)) throw fail(null);
  const strings = ['type', 'issuer', 'label', 'secret', 'algorithm'] as const;
  const numbers = ['digits', 'period', 'created', 'updated'] as const;
  if (strings.some((k) => typeof x[k] !== 'string') || numbers.some((k) => typeof x[k] !== 'number')) throw fail(null);
  if (typeof x.pinned !== 'boolean' || typeof x.autoSubmit !== 'boolean') throw fail(null);
  if (!Array.isArray(x.sites) || x.sites.some((s) => typeof s !== 'string')) throw fail('sites');
  for (const k of ['created', 'updated'] as const) {
    if (!Number.isSafeInteger(x[k]) || (x[k] as number) < 0) throw fail(k);
  }
  let secret: Uint8Array;
  try {
    secret = decodeBase32(x.secret as string);
  } catch {
    throw fail('secret');
  }
  // The lenient decoder accepts spacing and case; stored, only our own encoding is valid.
  if (encodeBase32(secret) !== x.secret) throw fail('secret');
  const content: AccountContent = {
    type: x.type as OtpType,
    issuer: x.issuer as string,
    label: x.label as string,
    secret,
    algorithm: x.algorithm as Algorithm,
    digits: x.digits as number,
    period: x.period as number,
    // First-release bindings (`github.com`) become https ones (`https://github.com`); written so at the next save.
    sites: readStoredSites(x.sites as string[]),
    created: x.created as number,
    updated: x.updated as number,
    pinned: x.pinned,
    autoSubmit: x.autoSubmit,
  };
  try {
    validateDraft({ ...content, counter });
  } catch (e) {
    if (!(e instanceof OttoError)) throw e;
    throw fail(null, e);
  }
  return content;
}

/** The stored JSON of `a`'s fields `keys` (ACCOUNT_KEYS or CONTENT_KEYS), in that order. */
export function storedJson<T extends AccountContent>(a: T, keys: readonly (keyof T & string)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = k === 'secret' ? encodeBase32(a.secret) : k === 'sites' ? [...a.sites] : a[k];
  return out;
}

/** The account of `content`, with its fields in the order of `Account` (as the vault writes them). */
export function accountWith(content: AccountContent, id: string, counter: number): Account {
  const c = content;
  return {
    type: c.type, issuer: c.issuer, label: c.label, secret: c.secret, algorithm: c.algorithm, digits: c.digits, period: c.period,
    counter, sites: [...c.sites], id, created: c.created, updated: c.updated, pinned: c.pinned, autoSubmit: c.autoSubmit,
  };
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function hasExactKeys(x: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
}
