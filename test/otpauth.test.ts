import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountDraft, type Algorithm, validateDraft } from '../src/core/account';
import { decodeBase32, encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';
import { formatOtpauthUri, parseOtpauthUri } from '../src/core/otpauth';

// URI lists made by scripts/test-data/ (test/data/README.md).
const DATA = path.resolve(__dirname, 'data/import');
const SECRET = 'JBSWY3DPEHPK3PXP';

/** A draft in the shape of test/data/import/expected.json entries. */
function normalised(d: AccountDraft): Record<string, unknown> {
  const { type, issuer, label: name, algorithm, digits } = d;
  const entry = { type, issuer, name, secret: encodeBase32(d.secret), algorithm, digits };
  return type === 'hotp' ? { ...entry, counter: d.counter } : { ...entry, period: d.period };
}

describe('parseOtpauthUri', () => {
  it('reads every field and passes validateDraft', () => {
    const d = parseOtpauthUri(`otpauth://totp/ACME%20Co:john.doe@email.com?secret=${SECRET}&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60`);
    expect(d).toEqual({
      type: 'totp', issuer: 'ACME Co', label: 'john.doe@email.com', secret: decodeBase32(SECRET),
      algorithm: 'SHA256', digits: 8, period: 60, counter: 0, sites: [],
    });
    expect(() => validateDraft(d)).not.toThrow();
  });

  it('defaults to SHA1, 6 digits and 30 s', () => {
    expect(parseOtpauthUri(`otpauth://totp/alice?secret=${SECRET}`)).toMatchObject({ issuer: '', label: 'alice', algorithm: 'SHA1', digits: 6, period: 30 });
  });

  it('is case-insensitive in scheme, type and algorithm, and ignores unknown parameters', () => {
    const d = parseOtpauthUri(`OTPAUTH://TOTP/x?secret=${SECRET.toLowerCase()}&algorithm=sha512&image=https%3A%2F%2Fx&foo`);
    expect(d).toMatchObject({ type: 'totp', algorithm: 'SHA512', label: 'x', secret: decodeBase32(SECRET) });
  });

  it('reads HOTP counters up to the largest safe integer', () => {
    expect(parseOtpauthUri(`otpauth://hotp/x?secret=${SECRET}&counter=4294967297`).counter).toBe(2 ** 32 + 1);
    expect(parseOtpauthUri(`otpauth://hotp/x?secret=${SECRET}&counter=9007199254740991`).counter).toBe(Number.MAX_SAFE_INTEGER);
  });

  describe('issuer and label', () => {
    const parse = (rest: string): [string, string] => {
      const d = parseOtpauthUri(`otpauth://totp/${rest}${rest.includes('?') ? '&' : '?'}secret=${SECRET}`);
      return [d.issuer, d.label];
    };
    it('takes the issuer from the label prefix when the parameter is absent', () => {
      expect(parse('Example:alice@google.com')).toEqual(['Example', 'alice@google.com']);
      expect(parse('Example%3Aalice')).toEqual(['Example', 'alice']);
      expect(parse('Big%20Corp:%20%20alice')).toEqual(['Big Corp', 'alice']);
      expect(parse('alice')).toEqual(['', 'alice']);
    });
    it('prefers the issuer parameter and strips a matching prefix, in any case', () => {
      expect(parse('Example:alice?issuer=Example')).toEqual(['Example', 'alice']);
      expect(parse('example:alice?issuer=Example')).toEqual(['Example', 'alice']);
      expect(parse('alice?issuer=Example')).toEqual(['Example', 'alice']);
    });
    it('keeps a disagreeing prefix in the name rather than losing it', () => {
      expect(parse('Foo:alice?issuer=Bar')).toEqual(['Bar', 'Foo:alice']);
    });
    it('keeps a colon in the name when the issuer is explicitly empty', () => {
      expect(parse('a%3Ab?issuer=')).toEqual(['', 'a:b']);
    });
    it('treats + as a space only in the query', () => {
      expect(parse('A+B:c+d?issuer=A+B')).toEqual(['A B', 'A+B:c+d']);
      expect(parse('A+B:c+d')).toEqual(['A+B', 'c+d']);
      expect(parse('x?issuer=Air%2BCanada')).toEqual(['Air+Canada', 'x']);
    });
    it('decodes unicode', () => {
      expect(parse('%C3%84rger:J%C3%BCrgen?issuer=%C3%84rger')).toEqual(['Ärger', 'Jürgen']);
    });
  });

  describe('Steam', () => {
    it.each([
      `otpauth://steam/Steam:bob?secret=${SECRET}`,
      `otpauth://totp/Steam:bob?secret=${SECRET}&issuer=Steam`,
      `otpauth://totp/Valve:bob?secret=${SECRET}&issuer=Valve&encoder=steam&digits=5`,
      `otpauth://totp/bob?secret=${SECRET}&issuer=steam&digits=8&algorithm=SHA256`,
    ])('reads %s as Steam with 5 characters', (uri) => {
      expect(parseOtpauthUri(uri)).toMatchObject({ type: 'steam', digits: 5, algorithm: 'SHA1', period: 30 });
    });
    it('keeps an HOTP account HOTP even with issuer Steam', () => {
      expect(parseOtpauthUri(`otpauth://hotp/x?secret=${SECRET}&issuer=Steam&counter=1`).type).toBe('hotp');
    });
  });

  describe('rejections', () => {
    it.each([
      ['not a URI', 'https://example.com/?secret=x', 'otpauthInvalid', {}],
      ['unknown type', `otpauth://motp/x?secret=${SECRET}`, 'typeUnsupported', { type: 'motp' }],
      ['missing secret', 'otpauth://totp/x?issuer=a', 'otpauthNoSecret', {}],
      ['empty secret', 'otpauth://totp/x?secret=', 'otpauthNoSecret', {}],
      ['bad base32', 'otpauth://totp/x?secret=JBSWY3DPEHPK3PX1', 'secretCharLookalike', { char: '1' }],
      ['unsupported algorithm', `otpauth://totp/x?secret=${SECRET}&algorithm=MD5`, 'algorithmUnsupported', { algorithm: 'MD5' }],
      ['hotp without counter', `otpauth://hotp/x?secret=${SECRET}`, 'otpauthHotpCounter', {}],
      ['negative counter', `otpauth://hotp/x?secret=${SECRET}&counter=-1`, 'otpauthParam', { param: 'counter', value: '-1' }],
      ['unsafe counter', `otpauth://hotp/x?secret=${SECRET}&counter=9007199254740992`, 'otpauthParam', { param: 'counter', value: '9007199254740992' }],
      ['5 digits', `otpauth://totp/x?secret=${SECRET}&digits=5`, 'otpauthParam', { param: 'digits', value: '5' }],
      ['11 digits', `otpauth://totp/x?secret=${SECRET}&digits=11`, 'otpauthParam', { param: 'digits', value: '11' }],
      ['text digits', `otpauth://totp/x?secret=${SECRET}&digits=six`, 'otpauthParam', { param: 'digits', value: 'six' }],
      ['period 0', `otpauth://totp/x?secret=${SECRET}&period=0`, 'otpauthParam', { param: 'period', value: '0' }],
      ['fractional period', `otpauth://totp/x?secret=${SECRET}&period=1.5`, 'otpauthParam', { param: 'period', value: '1.5' }],
      ['huge period', `otpauth://totp/x?secret=${SECRET}&period=86401`, 'otpauthParam', { param: 'period', value: '86401' }],
      ['broken label encoding', `otpauth://totp/%E0%A4%A?secret=${SECRET}`, 'otpauthPercent', { part: 'label' }],
      ['broken secret encoding', 'otpauth://totp/x?secret=JBSW%ZZ', 'otpauthPercent', { part: 'secret' }],
      ['overlong label', `otpauth://totp/${'a'.repeat(300)}?secret=${SECRET}`, 'labelTooLong', { max: 256 }],
    ] as const)('rejects %s', (_, uri, code, params) => {
      let error: unknown;
      try {
        parseOtpauthUri(uri);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OttoError);
      expect((error as OttoError).code).toBe(code);
      expect((error as OttoError).params).toMatchObject(params);
    });

    it('never quotes the secret in an error', () => {
      const secret = 'SUPERSECRETKEYQQ1';
      try {
        parseOtpauthUri(`otpauth://totp/x?secret=${secret}`);
        expect.unreachable();
      } catch (e) {
        expect((e as Error).message).not.toContain('SUPERSECRET');
      }
    });
  });

  it.each(['otpauth-list.txt', 'ente-auth.txt', 'authenticator.txt'])('reads the URI list %s (test/data) as its expected.json says', (file) => {
    const expected = JSON.parse(readFileSync(path.join(DATA, 'expected.json'), 'utf8'))[file].entries as Record<string, unknown>[];
    const lines = readFileSync(path.join(DATA, file), 'utf8').split(/\r?\n/).filter((l) => l.startsWith('otpauth://'));
    expect(lines).toHaveLength(expected.length);
    const key = (e: Record<string, unknown>): string => `${e.issuer}|${e.name}|${e.secret}`;
    const actual = lines.map((l) => normalised(parseOtpauthUri(l)));
    expect(actual.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  });
});

describe('formatOtpauthUri', () => {
  it('writes the standard shape', () => {
    const d = parseOtpauthUri(`otpauth://hotp/Orbit%20Bank:alan?secret=${SECRET}&issuer=Orbit+Bank&algorithm=SHA256&digits=7&counter=50`);
    expect(formatOtpauthUri(d)).toBe(`otpauth://hotp/Orbit%20Bank:alan?secret=${SECRET}&issuer=Orbit%20Bank&algorithm=SHA256&digits=7&counter=50`);
  });

  it('rejects an invalid draft', () => {
    const d = parseOtpauthUri(`otpauth://totp/x?secret=${SECRET}`);
    expect(() => formatOtpauthUri({ ...d, digits: 4 })).toThrow(OttoError);
  });

  const tricky = fc.constantFrom(':', ' ', '&', '?', '#', '%', '+', '=', '/', 'Ä', '😀', '%3A', '%20', 'issuer=');
  const text = fc
    .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), tricky), { maxLength: 8 })
    .map((parts) => parts.join('').trim().slice(0, 200));

  it('round-trips through parseOtpauthUri for any label and issuer', () => {
    const draft = fc.record({
      type: fc.constantFrom('totp', 'hotp', 'steam') as fc.Arbitrary<AccountDraft['type']>,
      issuer: text,
      label: text,
      secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      algorithm: fc.constantFrom<Algorithm>('SHA1', 'SHA256', 'SHA512'),
      digits: fc.integer({ min: 6, max: 10 }),
      period: fc.integer({ min: 1, max: 86_400 }),
      counter: fc.maxSafeNat(),
    }).map(({ type, ...d }): AccountDraft => ({
      ...d,
      type,
      // The fields a type does not use have fixed values in a parsed draft.
      algorithm: type === 'steam' ? 'SHA1' : d.algorithm,
      digits: type === 'steam' ? 5 : d.digits,
      period: type === 'totp' ? d.period : 30,
      counter: type === 'hotp' ? d.counter : 0,
      sites: [],
    }));
    fc.assert(
      fc.property(draft, (d) => {
        expect(parseOtpauthUri(formatOtpauthUri(d))).toEqual(d);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips the hand-picked hard labels', () => {
    for (const [issuer, label] of [['', 'a:b'], ['A:B', 'c:d'], ['Q&A?', '#1 100% + more'], ['', 'encoding: ¿äÄéÉ? (demo)'], ['x', '']]) {
      const d: AccountDraft = { type: 'totp', issuer: issuer!, label: label!, secret: decodeBase32(SECRET), algorithm: 'SHA1', digits: 6, period: 30, counter: 0, sites: [] };
      expect(parseOtpauthUri(formatOtpauthUri(d))).toEqual(d);
    }
  });
});
