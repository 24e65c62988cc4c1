/**
 * The Key URI Format (`otpauth://TYPE/ISSUER:NAME?secret=…&issuer=…&algorithm=…
 * &digits=…&period=…&counter=…`) and Google Authenticator's export
 * (`otpauth-migration://offline?data=…`).
 *
 * `parseOtpauthUri(uri)` → AccountDraft (validated, `sites: []`):
 * - scheme, type and algorithm are case-insensitive; unknown parameters are ignored;
 *   the first of repeated parameters wins.
 * - path and query are percent-decoded; `+` means a space only in the query.
 * - issuer: the `issuer` parameter if present (even when the label prefix
 *   disagrees), else the label's `ISSUER:` prefix. The prefix is removed from the
 *   name only when it equals the issuer (case-insensitively), so nothing is lost
 *   when they disagree; an explicit empty `issuer=` keeps any `:` in the name.
 *   Surrounding whitespace of issuer and name is not significant.
 * - Steam: `otpauth://steam/…` (Aegis), or a TOTP URI with `issuer=Steam` or
 *   `encoder=steam`, gives type 'steam', 5 characters, SHA1, 30 s.
 * - Rejected with OttoError: missing or invalid secret, unsupported type or
 *   algorithm, HOTP without counter, bad digits/period/counter.
 * `formatOtpauthUri(draft)` writes a URI that parses back to the same draft
 * (apart from `sites`, and whitespace around issuer/name).
 *
 * `parseMigrationBatch(uri)` / `parseMigrationUri(uri)`: `data` is base64 that is
 * only percent-decoded (a raw `+` is base64, never a space); padding is optional.
 * Period is always 30. A name `Issuer:name` is split when the issuer is empty and
 * loses its `Issuer:` prefix when it repeats the issuer. Entries Otto cannot use
 * (MD5, unknown enums, empty secret) are left out and described in `skipped`;
 * malformed data, or a payload with no usable account, throws OttoError.
 */
import { fromBase64, fromUtf8 } from './bytes';
import { type AccountDraft, type Algorithm, type OtpType, ALGORITHMS, LIMITS, validateDraft } from './account';
import { decodeBase32, encodeBase32 } from './base32';
import { OttoError, type Skipped } from './errors';
import { ProtoReader } from './protobuf';

/** `part` names where in the link: a parameter name, `label` or `data`. */
function percentDecode(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OttoError('otpauthPercent', { part: part.slice(0, 32) });
  }
}

function queryParams(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const key = percentDecode(rawKey.replace(/\+/g, ' '), 'query').toLowerCase();
    const value = eq < 0 ? '' : percentDecode(part.slice(eq + 1).replace(/\+/g, ' '), key);
    if (!params.has(key)) params.set(key, value);
  }
  return params;
}

function wholeNumber(params: Map<string, string>, key: string, fallback: number, min: number, max: number): number {
  const text = params.get(key);
  if (text === undefined) return fallback;
  const value = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(value >= min && value <= max)) throw new OttoError('otpauthParam', { param: key, min, max, value: text.slice(0, 20) });
  return value;
}

/** The name without an `issuer:` prefix (and the spaces after it), if it has exactly that prefix. */
function stripIssuerPrefix(name: string, issuer: string): string {
  const prefix = name.slice(0, issuer.length);
  if (issuer && name[issuer.length] === ':' && prefix.toLowerCase() === issuer.toLowerCase()) return name.slice(issuer.length + 1);
  return name;
}

const OTPAUTH = /^otpauth:\/\/([^/?#]*)\/?([^?#]*)(?:\?([^#]*))?/i;

export function parseOtpauthUri(uri: string): AccountDraft {
  const match = OTPAUTH.exec(uri.trim());
  if (!match) throw new OttoError('otpauthInvalid');
  const typeText = match[1]!.toLowerCase();
  if (typeText !== 'totp' && typeText !== 'hotp' && typeText !== 'steam') {
    throw new OttoError('typeUnsupported', { type: match[1]!.slice(0, 20) });
  }
  const label = percentDecode(match[2]!, 'label');
  const params = queryParams(match[3] ?? '');

  const issuerParam = params.get('issuer');
  let issuer: string;
  let name: string;
  if (issuerParam === undefined) {
    const colon = label.indexOf(':');
    issuer = colon < 0 ? '' : label.slice(0, colon);
    name = colon < 0 ? label : label.slice(colon + 1);
  } else {
    issuer = issuerParam.trim();
    name = stripIssuerPrefix(label, issuer);
  }
  issuer = issuer.trim();
  name = name.trim();

  const secretText = params.get('secret');
  if (secretText === undefined || secretText.trim() === '') throw new OttoError('otpauthNoSecret');
  const secret = decodeBase32(secretText);

  const isSteam = typeText === 'steam' || (typeText === 'totp' && (issuer.toLowerCase() === 'steam' || params.get('encoder')?.toLowerCase() === 'steam'));
  const type: OtpType = isSteam ? 'steam' : typeText;
  let algorithm: Algorithm = 'SHA1';
  const algorithmText = params.get('algorithm');
  if (algorithmText !== undefined && !isSteam) {
    const upper = algorithmText.trim().toUpperCase();
    const known = ALGORITHMS.find((a) => a === upper);
    if (!known) throw new OttoError('algorithmUnsupported', { algorithm: algorithmText.slice(0, 20) });
    algorithm = known;
  }
  if (type === 'hotp' && !params.has('counter')) throw new OttoError('otpauthHotpCounter');

  const draft: AccountDraft = {
    type,
    issuer,
    label: name,
    secret,
    algorithm,
    digits: isSteam ? 5 : wholeNumber(params, 'digits', 6, 6, 10),
    period: type === 'totp' ? wholeNumber(params, 'period', 30, 1, LIMITS.periodMax) : 30,
    counter: type === 'hotp' ? wholeNumber(params, 'counter', 0, 0, Number.MAX_SAFE_INTEGER) : 0,
    sites: [],
  };
  validateDraft(draft);
  return draft;
}

function component(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    throw new OttoError('nameInvalidChar');
  }
}

export function formatOtpauthUri(account: AccountDraft): string {
  validateDraft(account);
  const path = account.issuer ? `${component(account.issuer)}:${component(account.label)}` : component(account.label);
  const query = [`secret=${encodeBase32(account.secret)}`];
  // An explicit empty issuer keeps a `:` in the name from being read as an issuer prefix.
  if (account.issuer || account.label.includes(':')) query.push(`issuer=${component(account.issuer)}`);
  query.push(`algorithm=${account.algorithm}`, `digits=${account.digits}`);
  query.push(account.type === 'hotp' ? `counter=${account.counter}` : `period=${account.period}`);
  return `otpauth://${account.type}/${path}?${query.join('&')}`;
}

export interface MigrationBatch {
  accounts: AccountDraft[];
  /** 0-based position of this QR code in a multi-code export. */
  batchIndex: number;
  batchSize: number;
  batchId: number;
  /** The entries that were left out, and why. */
  skipped: Skipped[];
}

const MIGRATION = /^otpauth-migration:\/\/offline\/?\?(.*)$/is;
const MIGRATION_ALGORITHMS: Record<number, Algorithm> = { 0: 'SHA1', 1: 'SHA1', 2: 'SHA256', 3: 'SHA512' };
const MIGRATION_DIGITS: Record<number, number> = { 0: 6, 1: 6, 2: 8 };
const MIGRATION_TYPES: Record<number, OtpType> = { 0: 'totp', 1: 'hotp', 2: 'totp' };

function migrationData(uri: string): Uint8Array {
  const match = MIGRATION.exec(uri.trim());
  if (!match) throw new OttoError('migrationPrefix');
  const part = match[1]!.split('&').find((p) => p.toLowerCase().startsWith('data='));
  // Percent-decoding only: `+` is a base64 character here. A space can only be a `+` someone form-decoded.
  const base64 = percentDecode(part?.slice(5) ?? '', 'data').trim().replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  if (!base64) throw new OttoError('migrationNoData');
  const bytes = fromBase64(base64);
  if (!bytes) throw new OttoError('migrationBase64');
  return bytes;
}

function text(bytes: Uint8Array, field: string): string {
  const decoded = fromUtf8(bytes);
  if (decoded === null) throw new OttoError('migrationUtf8', { field });
  return decoded;
}

interface RawEntry {
  secret: Uint8Array;
  name: string;
  issuer: string;
  algorithm: number;
  digits: number;
  type: number;
  counter: bigint;
}

function readEntry(bytes: Uint8Array): RawEntry {
  const entry: RawEntry = { secret: new Uint8Array(0), name: '', issuer: '', algorithm: 0, digits: 0, type: 0, counter: 0n };
  const reader = new ProtoReader(bytes);
  for (let f = reader.next(); f; f = reader.next()) {
    switch (f.field) {
      case 1: entry.secret = reader.bytes(f); break;
      case 2: entry.name = text(reader.bytes(f), 'name'); break;
      case 3: entry.issuer = text(reader.bytes(f), 'issuer'); break;
      case 4: entry.algorithm = reader.int32(f); break;
      case 5: entry.digits = reader.int32(f); break;
      case 6: entry.type = reader.int32(f); break;
      case 7: entry.counter = reader.int64(f); break;
      default: reader.skip(f);
    }
  }
  return entry;
}

/** The draft for the `position`th entry, or why it cannot be used. */
function toDraft(raw: RawEntry, position: number): AccountDraft | Skipped {
  let issuer = raw.issuer.trim();
  let name = raw.name;
  const colon = name.indexOf(':');
  if (!issuer && colon >= 0) {
    issuer = name.slice(0, colon).trim();
    name = name.slice(colon + 1);
  } else {
    name = stripIssuerPrefix(name, issuer);
  }
  const skip = (reason: OttoError): Skipped => ({ kind: 'entry', position, name: [issuer, name.trim()].filter(Boolean).join(': '), reason: reason.toInfo() });
  if (raw.algorithm === 4) return skip(new OttoError('algorithmUnsupported', { algorithm: 'MD5' }));
  const algorithm = MIGRATION_ALGORITHMS[raw.algorithm];
  const digits = MIGRATION_DIGITS[raw.digits];
  const type = MIGRATION_TYPES[raw.type];
  if (!algorithm || !digits || !type) return skip(new OttoError('migrationUnknownParams'));
  if (type === 'hotp' && (raw.counter < 0n || raw.counter > BigInt(Number.MAX_SAFE_INTEGER))) {
    return skip(new OttoError('migrationCounterRange'));
  }
  const draft: AccountDraft = {
    type,
    issuer,
    label: name.trim(),
    secret: raw.secret,
    algorithm,
    digits,
    period: 30,
    counter: type === 'hotp' ? Number(raw.counter) : 0,
    sites: [],
  };
  try {
    validateDraft(draft);
  } catch (e) {
    if (e instanceof OttoError) return skip(e);
    throw e;
  }
  return draft;
}

export function parseMigrationBatch(uri: string): MigrationBatch {
  const data = migrationData(uri);
  const batch: MigrationBatch = { accounts: [], batchIndex: 0, batchSize: 1, batchId: 0, skipped: [] };
  try {
    const reader = new ProtoReader(data);
    for (let f = reader.next(); f; f = reader.next()) {
      switch (f.field) {
        case 1: {
          const draft = toDraft(readEntry(reader.bytes(f)), batch.accounts.length + batch.skipped.length + 1);
          if ('reason' in draft) batch.skipped.push(draft);
          else batch.accounts.push(draft);
          break;
        }
        case 3: batch.batchSize = Math.max(1, reader.int32(f)); break;
        case 4: batch.batchIndex = reader.int32(f); break;
        case 5: batch.batchId = reader.int32(f); break;
        default: reader.skip(f);
      }
    }
  } catch (e) {
    if (e instanceof OttoError) throw new OttoError('migrationInvalid', {}, e);
    throw e;
  }
  const first = batch.skipped[0];
  if (batch.accounts.length === 0) throw new OttoError('migrationEmpty', {}, first && OttoError.fromInfo(first.reason));
  return batch;
}

export function parseMigrationUri(uri: string): AccountDraft[] {
  return parseMigrationBatch(uri).accounts;
}
