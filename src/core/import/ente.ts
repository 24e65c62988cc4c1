/**
 * Ente Auth. The plain export is otpauth:// lines (read by otpauth-list.ts; Ente's
 * extra `codeDisplay` parameter is ignored). The encrypted export (Argon2id +
 * XChaCha20-Poly1305) needs a cipher Otto does not ship, so it is recognised and
 * refused with advice instead of being called unknown.
 */
import { OttoError } from '../errors';
import { isRecord } from './bytes';

export function isEnteEncrypted(json: unknown): boolean {
  return isRecord(json) && isRecord(json.kdfParams) && 'encryptedData' in json;
}

export function refuseEnteEncrypted(): never {
  throw new OttoError('enteEncrypted');
}
