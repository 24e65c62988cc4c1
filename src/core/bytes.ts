/**
 * The one home for byte and text conversions (base64, hex, UTF-8, random bytes).
 * Pure functions on Uint8Array; decoders return null on bad input so that each
 * caller raises its own error, in its own words, naming its own field.
 */

export type Bytes = Uint8Array<ArrayBuffer>;

const utf8Encoder = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Bytes {
  return utf8Encoder.encode(text);
}

/** UTF-8 text, or null if the bytes are not valid UTF-8. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Standard base64 (`+/`, `=` padding); `padded: false` drops the padding. */
export function toBase64(bytes: Uint8Array, padded = true): string {
  let binary = '';
  // 32 KiB per fromCharCode call: a sealed vault of 500 accounts is ~160 KB, checked on every open.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  const text = btoa(binary);
  return padded ? text : text.replace(/=+$/, '');
}

/** Standard base64 as browsers read it (padding optional, ASCII whitespace ignored), or null. */
export function fromBase64(text: string): Bytes | null {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Standard base64 exactly as toBase64 writes it (padded, no whitespace, unused bits zero), or
 * null: strict formats refuse other spellings of the same bytes. Checked on the text, so a
 * sealed vault is decoded once, not decoded and encoded again.
 */
export function fromCanonicalBase64(text: string): Bytes | null {
  return CANONICAL_BASE64.test(text) ? fromBase64(text) : null;
}
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$/;

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Hexadecimal of either case, or null. */
export function fromHex(text: string): Bytes | null {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Cryptographically random bytes (WebCrypto, in browsers and in Node alike). */
export function randomBytes(n: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(n));
}
