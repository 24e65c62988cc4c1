import { decodeBase32, encodeBase32 } from './base32';
import { OttoError } from './errors';

export type OtpType = 'totp' | 'hotp' | 'steam';
export type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';
export const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** What a QR code, a typed key or an import yields: an account without identity yet. */
export interface AccountDraft {
  type: OtpType;
  issuer: string;
  label: string;
  secret: Uint8Array;
  algorithm: Algorithm;
  /** 6 to 10 for TOTP/HOTP; always 5 for Steam. */
  digits: number;
  /** Seconds per step (TOTP and Steam). Kept (30) for HOTP so a type switch keeps a sane value. */
  period: number;
  /** Next HOTP counter to use. 0 for TOTP/Steam. */
  counter: number;
  /** Host patterns this account may be filled on: `example.com` or `*.example.com`. */
  sites: string[];
}

export interface Account extends AccountDraft {
  id: string;
  /** Epoch ms. */
  created: number;
  updated: number;
  pinned: boolean;
  /** Submit the form after filling; off unless the user turns it on for this account. */
  autoSubmit: boolean;
}

/** Accounts cross extension messages (JSON) with the secret as base32 text. */
export type AccountWire = Omit<Account, 'secret'> & { secret: string };

export const LIMITS = {
  textLength: 256,
  secretBytesMin: 1,
  secretBytesMax: 512,
  periodMax: 86_400,
  sitesMax: 32,
} as const;

/** Checks a draft's fields; throws an OttoError naming the first bad one. */
export function validateDraft(d: AccountDraft): void {
  if (d.type !== 'totp' && d.type !== 'hotp' && d.type !== 'steam') throw new OttoError('typeUnsupported', { type: String(d.type).slice(0, 24) });
  if (!ALGORITHMS.includes(d.algorithm)) throw new OttoError('algorithmUnsupported', { algorithm: String(d.algorithm).slice(0, 24) });
  if (d.type === 'steam') {
    if (d.digits !== 5) throw new OttoError('steamDigits');
  } else if (!Number.isInteger(d.digits) || d.digits < 6 || d.digits > 10) {
    throw new OttoError('digitsRange', { value: String(d.digits).slice(0, 24) });
  }
  if (!Number.isInteger(d.period) || d.period < 1 || d.period > LIMITS.periodMax) {
    throw new OttoError('periodRange', { value: String(d.period).slice(0, 24), max: LIMITS.periodMax });
  }
  if (!Number.isSafeInteger(d.counter) || d.counter < 0) throw new OttoError('counterRange', { value: String(d.counter).slice(0, 24), max: Number.MAX_SAFE_INTEGER });
  if (!(d.secret instanceof Uint8Array) || d.secret.length < LIMITS.secretBytesMin) throw new OttoError('secretEmpty');
  if (d.secret.length > LIMITS.secretBytesMax) throw new OttoError('secretTooLong', { max: LIMITS.secretBytesMax });
  if (typeof d.issuer !== 'string' || d.issuer.length > LIMITS.textLength) throw new OttoError('issuerTooLong', { max: LIMITS.textLength });
  if (typeof d.label !== 'string' || d.label.length > LIMITS.textLength) throw new OttoError('labelTooLong', { max: LIMITS.textLength });
  if (!Array.isArray(d.sites) || d.sites.length > LIMITS.sitesMax) throw new OttoError('tooManySites', { max: LIMITS.sitesMax });
}

/** A draft with sensible defaults for missing fields (TOTP, SHA1, 6 digits, 30 s). */
export function makeDraft(fields: Partial<AccountDraft> & { secret: Uint8Array }): AccountDraft {
  const type = fields.type ?? 'totp';
  return {
    type,
    issuer: fields.issuer ?? '',
    label: fields.label ?? '',
    secret: fields.secret,
    algorithm: fields.algorithm ?? 'SHA1',
    digits: type === 'steam' ? 5 : fields.digits ?? 6,
    period: fields.period ?? 30,
    counter: fields.counter ?? 0,
    sites: fields.sites ?? [],
  };
}

/** Longest account id sync carries (docs/sync-format.md); Otto's own ids are 36-character UUIDs. */
export const ID_MAX = 128;

/** An id every reader accepts, sync's included. */
export const isAccountId = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= ID_MAX;

export function newAccount(draft: AccountDraft, now = Date.now(), id: string = crypto.randomUUID()): Account {
  validateDraft(draft);
  return { ...draft, sites: [...draft.sites], id, created: now, updated: now, pinned: false, autoSubmit: false };
}

export function toWire(a: Account): AccountWire {
  return { ...a, sites: [...a.sites], secret: encodeBase32(a.secret) };
}

export function fromWire(w: AccountWire): Account {
  const a: Account = { ...w, sites: [...w.sites], secret: decodeBase32(w.secret) };
  validateDraft(a);
  return a;
}

/** Same secret bytes: the test for "this is the same account" on re-enrollment or import. */
export function sameSecret(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function displayName(a: Pick<AccountDraft, 'issuer' | 'label'>): string {
  return a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label || 'Unnamed account';
}
