/**
 * Bitwarden unencrypted vault exports (JSON and CSV). The TOTP field (`login.totp`,
 * CSV `login_totp`) holds an otpauth:// URI, a `steam://` URI or a bare base32
 * secret; items without one are passwords, not authenticator accounts, and are not
 * mentioned. The item name is used only when the TOTP value carries no name.
 */
import type { AccountDraft } from '../account';
import { OttoError } from '../errors';
import { parseOtpauthUri } from '../otpauth';
import { type Json, isRecord } from './bytes';
import { Entries, base32Secret, describeEntry, draft, list } from './entries';
import { parseSteamUri } from './otpauth-list';
import { type ImportResult, result } from './result';

export function isBitwardenJson(json: unknown): json is Json {
  return isRecord(json) && Array.isArray(json.items) && ('encrypted' in json || 'folders' in json);
}

/** CSV whose header row has Bitwarden's `login_totp` column. */
export function isBitwardenCsv(text: string): boolean {
  const header = text.slice(0, text.search(/\r?\n|$/));
  return /(^|,)"?login_totp"?(,|$)/.test(header);
}

function readTotp(totp: string, itemName: string, username: string): AccountDraft {
  const value = totp.trim();
  if (/^otpauth:/i.test(value)) {
    const d = parseOtpauthUri(value);
    return d.issuer || d.label ? d : { ...d, issuer: itemName };
  }
  if (/^steam:/i.test(value)) return parseSteamUri(value, username);
  return draft({ type: 'totp', issuer: itemName, label: username, secret: base32Secret(value) });
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function readBitwardenJson(json: Json): ImportResult {
  if (json.encrypted === true) {
    throw new OttoError('bitwardenEncrypted');
  }
  const entries = new Entries();
  list(json.items, 'items').forEach((item, i) => {
    const login = isRecord(item) && isRecord(item.login) ? item.login : undefined;
    if (!isRecord(item) || !login || login.totp === undefined || login.totp === null || login.totp === '') return;
    const name = str(item.name);
    entries.add(describeEntry('entry', i + 1, name, undefined), () => {
      if (typeof login.totp !== 'string') throw new OttoError('importFieldText', { field: 'totp' });
      return readTotp(login.totp, name, str(login.username));
    });
  });
  return result({ app: 'Bitwarden', variant: 'json' }, entries);
}

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

export function readBitwardenCsv(text: string): ImportResult {
  const [header = [], ...rows] = parseCsv(text);
  const col = (name: string): number => header.indexOf(name);
  const [nameAt, userAt, totpAt] = [col('name'), col('login_username'), col('login_totp')];
  const entries = new Entries();
  rows.forEach((row, i) => {
    const totp = row[totpAt]?.trim();
    if (!totp) return;
    const name = row[nameAt] ?? '';
    // Row numbers count the header as row 1, as a spreadsheet shows them.
    entries.add(describeEntry('row', i + 2, name, undefined), () => readTotp(totp, name, row[userAt] ?? ''));
  });
  return result({ app: 'Bitwarden', variant: 'csv' }, entries);
}
