/**
 * Per-entry reading shared by every format: one bad entry (absurd digits, a secret
 * that is not base32, an algorithm Otto lacks) is reported in `skipped` with the
 * reason, and the rest of the file still imports.
 */
import { type AccountDraft, type Algorithm, type OtpType, ALGORITHMS, makeDraft, validateDraft } from '../account';
import { decodeBase32 } from '../base32';
import { OttoError, type Skipped } from '../errors';
import type { Json } from './bytes';

/** Which entry of a file: position and name, never the secret. */
export type EntryRef = Omit<Skipped, 'reason'>;

const NAME_MAX = 40;

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > NAME_MAX ? `${oneLine.slice(0, NAME_MAX - 1)}…` : oneLine;
}

/** Entry 3 (GitHub: alice); non-text names are left out. */
export function describeEntry(kind: EntryRef['kind'], position: number, issuer: unknown, name: unknown): EntryRef {
  const parts = [issuer, name].filter((x): x is string => typeof x === 'string' && x.trim() !== '').map(short);
  return { kind, position, name: parts.join(': ') };
}

export class Entries {
  readonly accounts: AccountDraft[] = [];
  readonly skipped: Skipped[] = [];

  /** Runs `read` for one entry; a typed error there skips just this entry. */
  add(entry: EntryRef, read: () => AccountDraft | AccountDraft[]): void {
    try {
      const drafts = read();
      for (const draft of Array.isArray(drafts) ? drafts : [drafts]) {
        validateDraft(draft);
        this.accounts.push(draft);
      }
    } catch (e) {
      if (!(e instanceof OttoError)) throw e;
      this.skip(entry, e);
    }
  }

  skip(entry: EntryRef, reason: OttoError): void {
    this.skipped.push({ ...entry, reason: reason.toInfo() });
  }
}

/** A text field: missing or null is empty; anything but text is an error. */
export function text(obj: Json, key: string): string {
  const v = obj[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new OttoError('importFieldText', { field: key });
  return v;
}

/** A number field (apps also write them as digit strings); missing or null gives `fallback`. */
export function int(obj: Json, key: string, fallback: number): number {
  const v = obj[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?\d{1,16}\s*$/.test(v)) return Number(v);
  throw new OttoError('importFieldNumber', { field: key });
}

export function record(obj: Json, key: string): Json {
  const v = obj[key];
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new OttoError('importFieldObject', { field: key });
  return v as Json;
}

/** SHA1 / sha-256 / HmacSHA512 …; anything else (MD5, GOST) is named in the error. */
export function algorithm(v: unknown): Algorithm {
  if (v === undefined || v === null || v === '') return 'SHA1';
  const raw = typeof v === 'string' ? v : String(v);
  const upper = raw.trim().toUpperCase().replace(/^HMAC/, '').replace('-', '');
  const known = ALGORITHMS.find((a) => a === upper);
  if (!known) throw new OttoError('algorithmUnsupported', { algorithm: raw.slice(0, 24) });
  return known;
}

export function base32Secret(v: unknown): Uint8Array {
  if (v === undefined || v === null || v === '') throw new OttoError('importNoSecret');
  if (typeof v !== 'string') throw new OttoError('importFieldText', { field: 'secret' });
  return decodeBase32(v);
}

/** Type names as apps write them; the unsupported ones get a reason the user can understand. */
export function otpType(v: unknown): OtpType {
  const raw = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (raw === 'totp' || raw === 'hotp' || raw === 'steam') return raw;
  if (raw === 'motp') throw new OttoError('typeNotInOtto', { type: 'mOTP' });
  if (raw === 'yandex') throw new OttoError('typeNotInOtto', { type: 'Yandex' });
  if (raw === 'battle' || raw === 'blizzard') throw new OttoError('typeNotInOtto', { type: 'Battle.net' });
  throw new OttoError('typeUnsupported', { type: String(v).slice(0, 24) });
}

export interface DraftFields {
  type: OtpType;
  issuer: string;
  label: string;
  secret: Uint8Array;
  algorithm?: Algorithm;
  digits?: number;
  period?: number;
  counter?: number;
}

/** A draft with Otto's defaults (6 digits, 30 s); Steam is always SHA1, 5 characters, 30 s. */
export function draft(f: DraftFields): AccountDraft {
  const steam = f.type === 'steam';
  return makeDraft({
    type: f.type,
    issuer: f.issuer.trim(),
    label: f.label.trim(),
    secret: f.secret,
    algorithm: steam ? 'SHA1' : f.algorithm ?? 'SHA1',
    digits: f.digits ?? 6,
    period: steam ? 30 : f.type === 'hotp' ? 30 : f.period ?? 30,
    counter: f.type === 'hotp' ? f.counter ?? 0 : 0,
    sites: [],
  });
}

/** Items that must be a list of objects; `what` names the list. */
export function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new OttoError('importFieldList', { field: what });
  return v;
}

/** Calls `read` for each object in a list of entries; anything else is skipped as not an account. */
export function eachEntry(entries: Entries, items: unknown[], read: (item: Json, position: number) => void): void {
  items.forEach((item, i) => {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) read(item as Json, i + 1);
    else entries.skip({ kind: 'entry', position: i + 1, name: '' }, new OttoError('importNotAccount'));
  });
}
