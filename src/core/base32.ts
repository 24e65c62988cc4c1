/**
 * RFC 4648 base32 for OTP secrets.
 *
 * - `decodeBase32(text)` accepts the standard alphabet in any case, ignores spaces
 *   and dashes (people copy keys in groups), and accepts missing or present `=`
 *   padding. It throws an OttoError naming the first bad character (never the whole
 *   secret), for a length no encoder can produce, or for an empty result.
 * - `encodeBase32(bytes)` returns uppercase text without padding.
 */
import { OttoError } from './errors';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
// Lowercase is mapped directly: `toUpperCase()` on the whole text would turn e.g. "ß" into valid "SS".
const VALUES = new Map([...ALPHABET].flatMap((c, i) => [[c, i], [c.toLowerCase(), i]] as const));

/** Leftover characters after whole 8-character groups that an encoder can produce. */
const VALID_TAIL = new Set([0, 2, 4, 5, 7]);

export function decodeBase32(text: string): Uint8Array {
  const compact = text.replace(/[\s-]/g, '').replace(/=+$/, '');
  let bits = 0;
  let buffer = 0;
  const out: number[] = [];
  let count = 0;
  for (const ch of compact) {
    const value = VALUES.get(ch);
    if (value === undefined) {
      if (ch === '=') throw new OttoError('secretPadding');
      // 0, 1 and 8 are left out of base32 because they look like O, I/L and B.
      throw new OttoError('018'.includes(ch) ? 'secretCharLookalike' : 'secretChar', { char: ch });
    }
    count++;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  if (!VALID_TAIL.has(count % 8)) {
    throw new OttoError('secretLength', { count });
  }
  if (out.length === 0) throw new OttoError('secretEmpty');
  return Uint8Array.from(out);
}

export function encodeBase32(bytes: Uint8Array): string {
  let bits = 0;
  let buffer = 0;
  let out = '';
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}
