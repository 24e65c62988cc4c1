/** The add/edit form's validation, pure so it is unit-tested. Problems are OttoErrors; screens word them. */
import { type Account, type AccountDraft, type Algorithm, type OtpType, makeDraft, sameSecret, validateDraft } from '../core/account';
import { decodeBase32 } from '../core/base32';
import { OttoError } from '../core/errors';
import { parseOtpauthUri } from '../core/otpauth';
import { normalizeSite, siteForOrigin } from '../core/sites';

export type SecretField =
  | { kind: 'empty' }
  | { kind: 'secret'; secret: Uint8Array }
  /** A whole otpauth:// URI was pasted: it fills every field. */
  | { kind: 'uri'; draft: AccountDraft }
  | { kind: 'error'; error: OttoError };

function problem(e: unknown): OttoError {
  if (e instanceof OttoError) return e;
  throw e;
}

export function readSecretField(text: string): SecretField {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'empty' };
  try {
    if (/^otpauth:/i.test(trimmed)) return { kind: 'uri', draft: parseOtpauthUri(trimmed) };
    return { kind: 'secret', secret: decodeBase32(trimmed) };
  } catch (e) {
    return { kind: 'error', error: problem(e) };
  }
}

/**
 * Sites typed one per line or separated by commas, each in canonical form (`github.com`
 * → `https://github.com`), duplicates dropped. Syntax only: the background refuses
 * public-suffix wildcards (`*.co.uk`) on save.
 */
export function parseSites(text: string): { sites: string[]; errors: OttoError[] } {
  const sites: string[] = [];
  const errors: OttoError[] = [];
  for (const part of text.split(/[\n,]+/)) {
    if (!part.trim()) continue;
    try {
      const site = normalizeSite(part);
      if (!sites.includes(site)) sites.push(site);
    } catch (e) {
      errors.push(problem(e));
    }
  }
  return { sites, errors };
}

/** The binding the form offers for the tab the popup was opened over (exactly its origin). */
export function siteSuggestions(origin: string): string[] {
  const site = origin ? siteForOrigin(origin) : null;
  return site ? [site] : [];
}

/** The saved account with the same secret (the same authenticator), other than `exceptId`. */
export function findDuplicate(secret: Uint8Array, accounts: readonly Account[], exceptId?: string): Account | undefined {
  return accounts.find((a) => a.id !== exceptId && sameSecret(a.secret, secret));
}

export interface FormFields {
  issuer: string;
  label: string;
  secret: string;
  type: OtpType;
  algorithm: Algorithm;
  digits: string;
  period: string;
  counter: string;
  sites: string;
}

export function fieldsFromDraft(d: AccountDraft, secretText: string): FormFields {
  return {
    issuer: d.issuer,
    label: d.label,
    secret: secretText,
    type: d.type,
    algorithm: d.algorithm,
    digits: String(d.digits),
    period: String(d.period),
    counter: String(d.counter),
    sites: d.sites.join('\n'),
  };
}

/** A number field: digits only, so "6.5" or "6x" is not silently cut to 6. */
function whole(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

export type FormResult = { draft: AccountDraft } | { error: OttoError };

/** The draft the form describes, or the first thing that is wrong with it. */
export function draftFromFields(f: FormFields): FormResult {
  const secret = readSecretField(f.secret);
  if (secret.kind === 'empty') return { error: new OttoError('secretMissing') };
  if (secret.kind === 'error') return { error: secret.error };
  const sites = parseSites(f.sites);
  if (sites.errors.length) return { error: sites.errors[0]! };
  const bytes = secret.kind === 'secret' ? secret.secret : secret.draft.secret;
  const draft = makeDraft({
    type: f.type,
    issuer: f.issuer.trim(),
    label: f.label.trim(),
    secret: bytes,
    algorithm: f.type === 'steam' ? 'SHA1' : f.algorithm,
    digits: whole(f.digits),
    period: f.type === 'steam' ? 30 : whole(f.period),
    counter: f.type === 'hotp' ? whole(f.counter) : 0,
    sites: sites.sites,
  });
  try {
    validateDraft(draft);
  } catch (e) {
    return { error: problem(e) };
  }
  return { draft };
}
