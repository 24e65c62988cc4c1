import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase32, encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// RFC 4648 §10 (the empty string is covered by the rejection tests: an empty secret is an error).
const vectors: [string, string][] = [
  ['f', 'MY======'],
  ['fo', 'MZXQ===='],
  ['foo', 'MZXW6==='],
  ['foob', 'MZXW6YQ='],
  ['fooba', 'MZXW6YTB'],
  ['foobar', 'MZXW6YTBOI======'],
];

describe('encodeBase32', () => {
  it.each(vectors)('encodes %j as RFC 4648 without padding', (plain, padded) => {
    expect(encodeBase32(ascii(plain))).toBe(padded.replace(/=/g, ''));
  });

  it('encodes nothing as nothing', () => {
    expect(encodeBase32(new Uint8Array(0))).toBe('');
  });
});

describe('decodeBase32', () => {
  it.each(vectors)('decodes %j with and without padding', (plain, padded) => {
    expect(decodeBase32(padded)).toEqual(ascii(plain));
    expect(decodeBase32(padded.replace(/=/g, ''))).toEqual(ascii(plain));
  });

  it('accepts lowercase, spaces, tabs, newlines and dashes', () => {
    const want = ascii('foobar');
    expect(decodeBase32('mzxw6ytboi')).toEqual(want);
    expect(decodeBase32('MzXw 6yTb oI')).toEqual(want);
    expect(decodeBase32(' mzxw-6ytb-oi\t\n')).toEqual(want);
    expect(decodeBase32('mzxw 6ytb oi== ====')).toEqual(want);
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 100 }), (bytes) => {
        const text = encodeBase32(bytes);
        expect(text).toMatch(/^[A-Z2-7]+$/);
        expect(decodeBase32(text)).toEqual(bytes);
        expect(decodeBase32(text.toLowerCase())).toEqual(bytes);
      }),
    );
  });

  it.each([
    ['JBSWY3DPEHPK3PX0', '0', 'secretCharLookalike'],
    ['JBSWY3DPEHPK3PX1', '1', 'secretCharLookalike'],
    ['JBSWY3DPEHPK3PX8', '8', 'secretCharLookalike'],
    ['JBSWY3DPEHPK3PX9', '9', 'secretChar'],
    ['JBSWY3DPEHPK3PX!', '!', 'secretChar'],
    ['JBSWY3DPEHPK3PXé', 'é', 'secretChar'],
    ['JBSWY3DPEHPK3PX_', '_', 'secretChar'],
    ['JBSWY3DPEHPK3PX😀', '😀', 'secretChar'],
  ])('rejects %s naming the bad character only', (text, quoted, reason) => {
    const error = (() => {
      try {
        decodeBase32(text);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OttoError);
    const { code, params } = error as OttoError;
    expect(code).toBe(reason);
    expect(params).toEqual({ char: quoted });
    expect((error as Error).message).not.toContain('JBSWY3DP');
  });

  it('does not let case mapping turn a bad character into letters', () => {
    // "ß".toUpperCase() is "SS": decoding must see the original character.
    expect(() => decodeBase32('MZXWß')).toThrow(new OttoError('secretChar', { char: 'ß' }));
  });

  it('rejects padding before the end', () => {
    expect(() => decodeBase32('MY==MZXQ')).toThrow(new OttoError('secretPadding'));
  });

  it.each(['M', 'MZX', 'MZXW6Y', 'MZXW6YTBO'])('rejects %s, a length no encoder produces', (text) => {
    expect(() => decodeBase32(text)).toThrow(new OttoError('secretLength', { count: text.length }));
  });

  it.each(['', '   ', '====', ' - - '])('rejects an empty secret %j', (text) => {
    expect(() => decodeBase32(text)).toThrow(new OttoError('secretEmpty'));
  });
});
