/**
 * Import from other authenticators. The format is recognised by content, never by
 * file name (the name only picks a display name when the content cannot tell):
 * a SealedVault is Otto's own backup, JSON shapes identify each app, text with
 * otpauth lines is a URI list, and binary headers identify the encrypted formats.
 *
 * Encrypted files without a password throw OttoError('passwordRequired', { app })
 * (the UI asks and calls again); a wrong password throws 'wrongPassword' naming the
 * app and imports nothing. Entries Otto cannot use are listed in `skipped` with a reason.
 */
import { type ErrorCode, OttoError } from '../errors';
import { isAegis, readAegis } from './aegis';
import { ANDOTP_MIN_BYTES, isAndOtpJson, readAndOtpEncrypted, readAndOtpJson } from './andotp';
import { isAuthenticatorExt, readAuthenticatorExt } from './authenticator-ext';
import { isBitwardenCsv, isBitwardenJson, readBitwardenCsv, readBitwardenJson } from './bitwarden';
import { decodeUtf8, isRecord } from './bytes';
import { isEnteEncrypted, refuseEnteEncrypted } from './ente';
import { isFreeOtpPlus, readFreeOtpPlus } from './freeotp-plus';
import { isFreeOtp2, readFreeOtp2 } from './freeotp2';
import { isOtpauthList, readOtpauthList } from './otpauth-list';
import { isOttoBackup, readOtto } from './otto';
import { isProton, readProton } from './proton';
import type { ImportResult } from './result';
import { isSteamGuard, readSteamGuard } from './steam-guard';
import { isStratumJson, readStratumEncrypted, readStratumJson, stratumHeader } from './stratum';
import { isTwoFas, readTwoFas } from './twofas';

export type { ImportFormat, ImportResult, Skipped } from './result';
export { readOttoBackup } from './otto';

export interface ImportInput {
  name: string;
  bytes: Uint8Array;
}

/** Binary formats Otto recognises only to explain what to do instead. */
const FOREIGN_MAGIC: Array<[number[], ErrorCode]> = [
  [[0x89, 0x50, 0x4e, 0x47], 'importImage'],
  [[0xff, 0xd8, 0xff], 'importImage'],
  [[0x50, 0x4b, 0x03, 0x04], 'importArchive'],
  [[0x1f, 0x8b], 'importArchive'],
  [[0x25, 0x50, 0x44, 0x46], 'importPdf'],
  [[0x53, 0x51, 0x4c, 0x69], 'importSqlite'],
];

/** Names the keys of JSON no importer recognised, so the user sees what the file holds. */
function unknownJson(json: unknown): OttoError {
  if (!isRecord(json) || Object.keys(json).length === 0) return new OttoError('importUnknown');
  const keys = Object.keys(json);
  const shown = keys.slice(0, 6).map((k) => (k.length > 24 ? `${k.slice(0, 23)}…` : k));
  return new OttoError('importUnknownJson', { keys: `${shown.join(', ')}${keys.length > shown.length ? ', …' : ''}` });
}

function readJson(json: unknown, password: string | undefined): Promise<ImportResult> | ImportResult {
  if (isOttoBackup(json)) return readOtto(json, password);
  if (isAegis(json)) return readAegis(json, password);
  if (isTwoFas(json)) return readTwoFas(json, password);
  if (isAndOtpJson(json)) return readAndOtpJson(json);
  if (isBitwardenJson(json)) return readBitwardenJson(json);
  if (isFreeOtpPlus(json)) return readFreeOtpPlus(json);
  if (isStratumJson(json)) return readStratumJson(json);
  if (isSteamGuard(json)) return readSteamGuard(json);
  if (isProton(json)) return readProton(json);
  if (isEnteEncrypted(json)) refuseEnteEncrypted();
  if (isAuthenticatorExt(json)) return readAuthenticatorExt(json, password);
  throw unknownJson(json);
}

/** Text that is not JSON-like and has no control characters beyond line breaks and tabs. */
function looksLikeText(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
  return !/[\x00-\x08\x0e-\x1f\x7f]/.test(text);
}

export async function importBackup(input: ImportInput, password?: string): Promise<ImportResult> {
  const { bytes, name } = input;
  if (bytes.length === 0) throw new OttoError('importEmpty');

  const header = stratumHeader(bytes);
  if (header) return readStratumEncrypted(bytes, password);

  const text = decodeUtf8(bytes);
  if (text !== null && looksLikeText(text)) {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let json: unknown;
      try {
        json = JSON.parse(trimmed);
      } catch {
        throw new OttoError('importBadJson');
      }
      return readJson(json, password);
    }
    if (isBitwardenCsv(trimmed)) return readBitwardenCsv(trimmed);
    if (isOtpauthList(trimmed)) return readOtpauthList(trimmed, name);
    throw new OttoError(trimmed ? 'importUnknown' : 'importEmpty');
  }

  // Java serialisation: FreeOTP 2's externalBackup.xml.
  if (isFreeOtp2(bytes)) return readFreeOtp2(bytes, password);
  const foreign = FOREIGN_MAGIC.find(([magic]) => magic.every((b, i) => bytes[i] === b));
  if (foreign) throw new OttoError(foreign[1]);
  // andOTP's encrypted backups have no magic bytes: other binary is tried as one (as Aegis does).
  if (bytes.length >= ANDOTP_MIN_BYTES) return readAndOtpEncrypted(bytes, password);
  throw new OttoError('importUnknown');
}
