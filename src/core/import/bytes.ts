/** Byte and text helpers shared by the importers. Every failure is an ImportError naming the field. */
import { ImportError } from '../errors';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export type Json = Record<string, unknown>;

export function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** UTF-8 text without a byte-order mark, or null if the bytes are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Decoder.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

export function encodeUtf8(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/** Standard base64, padding optional; `what` names the field in the error. */
export function fromBase64(text: unknown, what: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string') throw new ImportError(`The ${what} is missing or not text.`);
  let binary: string;
  try {
    binary = atob(text.trim());
  } catch {
    throw new ImportError(`The ${what} is not valid base64.`);
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function toBase64(bytes: Uint8Array, padded = true): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  const text = btoa(binary);
  return padded ? text : text.replace(/=+$/, '');
}

export function fromHex(text: unknown, what: string): Uint8Array<ArrayBuffer> {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) {
    throw new ImportError(`The ${what} is not hexadecimal.`);
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Parses decrypted or plain JSON; `what` says whose content it was. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ImportError(`The ${what} is not valid JSON; the file may be truncated or damaged.`);
  }
}
