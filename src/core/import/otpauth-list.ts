/**
 * Text with one account per line: `otpauth://` URIs, Google Authenticator
 * `otpauth-migration://` URIs and `steam://<base32>` (Bitwarden, Proton). Blank
 * lines and `#` comments are ignored; a line that is none of these is skipped with
 * a reason. Aegis/WinAuth URI lists, Ente Auth's plain export and the Authenticator
 * extension's text backup all have this shape.
 */
import type { AccountDraft } from '../account';
import { decodeBase32 } from '../base32';
import { OttoError } from '../errors';
import { parseMigrationBatch, parseOtpauthUri } from '../otpauth';
import { Entries, draft } from './entries';
import type { ImportFormat, ImportResult } from './result';

const URI_LINE = /^(otpauth|otpauth-migration|steam):\/\//i;

/** `steam://SECRET`: Steam accounts in password managers carry no name of their own. */
export function parseSteamUri(uri: string, label = ''): AccountDraft {
  const secret = uri.trim().replace(/^steam:\/\//i, '');
  return draft({ type: 'steam', issuer: 'Steam', label: label || 'Steam account', secret: decodeBase32(secret) });
}

/** One URI of any supported kind; a migration URI may hold several accounts. */
export function parseAnyUri(uri: string): AccountDraft[] {
  const scheme = URI_LINE.exec(uri.trim())?.[1]?.toLowerCase();
  if (scheme === 'otpauth') return [parseOtpauthUri(uri)];
  if (scheme === 'steam') return [parseSteamUri(uri)];
  if (scheme === 'otpauth-migration') return parseMigrationBatch(uri).accounts;
  throw new OttoError('importNotOtpLink');
}

/** The lines that carry data: not blank, not comments. */
function dataLines(text: string): Array<{ line: string; number: number }> {
  return text
    .split(/\r\n|\r|\n/)
    .map((line, i) => ({ line: line.trim(), number: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
}

export function isOtpauthList(text: string): boolean {
  return dataLines(text).some(({ line }) => URI_LINE.test(line));
}

/** What the label part of a URI says, for naming a bad line without showing its secret. */
function lineName(line: string): string {
  const path = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(line)?.[1];
  if (!path) return '';
  try {
    return decodeURIComponent(path).replace(/\s+/g, ' ').slice(0, 40);
  } catch {
    return '';
  }
}

export function readOtpauthList(text: string, fileName: string): ImportResult {
  const entries = new Entries();
  const lines = dataLines(text);
  for (const { line, number } of lines) {
    const name = lineName(line);
    const where = { kind: 'line', position: number, name } as const;
    if (!URI_LINE.test(line)) {
      entries.skip(where, new OttoError('importNotOtpLink'));
      continue;
    }
    if (/^otpauth-migration:/i.test(line)) {
      // Entries of a Google export that Otto cannot use are reported one by one.
      entries.add(where, () => {
        const batch = parseMigrationBatch(line);
        for (const { name: entryName, reason } of batch.skipped) entries.skip({ ...where, name: entryName }, OttoError.fromInfo(reason));
        return batch.accounts;
      });
      continue;
    }
    entries.add(where, () => parseAnyUri(line));
  }
  return { format: listFormat(text, lines.map((l) => l.line), fileName), accounts: entries.accounts, skipped: entries.skipped };
}

function listFormat(text: string, lines: string[], fileName: string): ImportFormat {
  if (/[?&]codeDisplay=/.test(text)) return { app: 'Ente Auth', variant: 'text' };
  if (lines.every((l) => /^otpauth-migration:/i.test(l))) return { app: 'Google Authenticator' };
  // The content cannot tell these apart; the file name can, for display only.
  if (/^ente/i.test(fileName)) return { app: 'Ente Auth', variant: 'text' };
  if (/authenticator\.txt$/i.test(fileName)) return { app: 'Authenticator extension', variant: 'text' };
  if (/winauth/i.test(fileName)) return { app: 'WinAuth', variant: 'text' };
  return { app: 'otpauth://', variant: 'list' };
}
