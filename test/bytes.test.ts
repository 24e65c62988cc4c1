/** The one home of byte/base64 helpers (src/core/bytes.ts). */
import { describe, expect, it } from 'vitest';
import { fromBase64, fromCanonicalBase64, toBase64 } from '../src/core/bytes';

/** The rule before fromCanonicalBase64: decode, encode again, compare. */
const canonicalByRoundTrip = (text: string) => {
  const bytes = fromBase64(text);
  return bytes && toBase64(bytes) === text ? bytes : null;
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';

describe('fromCanonicalBase64', () => {
  it('reads what toBase64 writes, for every length and every last byte', () => {
    for (let n = 0; n < 40; n++) {
      for (let last = 0; last < 256; last += n ? 1 : 256) {
        const bytes = crypto.getRandomValues(new Uint8Array(n));
        if (n) bytes[n - 1] = last;
        expect(fromCanonicalBase64(toBase64(bytes))).toEqual(bytes);
      }
    }
  });

  it('refuses every other spelling: no padding, whitespace, unused bits set, URL-safe letters, stray padding', () => {
    for (const text of ['QQ', 'QUI', 'QQ==\n', ' QQ==', 'QR==', 'QUJ=', 'QUI=QUI=', '-_8=', 'Q===', '=', 'QQ=', 'QUJDR', 'QU JD']) {
      expect([text, fromCanonicalBase64(text)]).toEqual([text, null]);
      expect(canonicalByRoundTrip(text)).toBeNull();
    }
  });

  it('agrees with decode-and-encode-again on random near-base64 text', () => {
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(Math.random() * 12);
      let text = '';
      for (let j = 0; j < length; j++) text += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
      expect([text, fromCanonicalBase64(text)]).toEqual([text, canonicalByRoundTrip(text)]);
    }
  });
});
