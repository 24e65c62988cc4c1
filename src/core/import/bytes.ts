/** The importers' reading of untrusted fields: core/bytes.ts conversions, each failure an OttoError naming the field. */
import { fromBase64 as decodeBase64, fromHex as decodeHex, fromUtf8 } from '../bytes';
import { OttoError } from '../errors';

export { concat, toBase64, utf8 as encodeUtf8 } from '../bytes';

export type Json = Record<string, unknown>;

export function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** UTF-8 text without a byte-order mark, or null if the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  return fromUtf8(bytes)?.replace(/^\uFEFF/, '') ?? null;
}

/** Standard base64, padding optional; `field` names the field in the error. */
export function fromBase64(text: unknown, field: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new OttoError('importFieldMissing', { field });
  const bytes = decodeBase64(text.trim());
  if (!bytes) throw new OttoError('importFieldBase64', { field });
  return bytes;
}

export function fromHex(text: unknown, field: string): Uint8Array<ArrayBuffer> {
  const bytes = typeof text === 'string' ? decodeHex(text) : null;
  if (!bytes) throw new OttoError('importFieldHex', { field });
  return bytes;
}

/** Parses decrypted or plain JSON; `app` says whose backup it was. */
export function parseJson(text: string, app: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new OttoError('importJson', { app });
  }
}
