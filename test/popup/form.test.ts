import { describe, expect, it } from 'vitest';
import { makeDraft, newAccount } from '../../src/core/account';
import { decodeBase32 } from '../../src/core/base32';
import { OttoError } from '../../src/core/errors';
import { codeFor } from '../../src/core/otp';
import { type FormFields, draftFromFields, findDuplicate, parseSites, readSecretField, siteSuggestions } from '../../src/popup/form';

const base: FormFields = { issuer: 'GitHub', label: 'alice', secret: 'JBSW Y3DP-EHPK 3PXP', type: 'totp', algorithm: 'SHA1', digits: '6', period: '30', counter: '0', sites: 'github.com' };

describe('secret field', () => {
  it('accepts base32 with spaces, dashes and lowercase', () => {
    const r = readSecretField('jbsw y3dp-ehpk 3pxp');
    expect(r.kind).toBe('secret');
    expect(r.kind === 'secret' && Array.from(r.secret)).toEqual(Array.from(decodeBase32('JBSWY3DPEHPK3PXP')));
  });

  it('explains a bad character without echoing the key', () => {
    const r = readSecretField('JBSWY3DPEHPK3PX1');
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.error.toInfo()).toEqual({ code: 'secretCharLookalike', params: { char: '1' } });
    expect(r.kind === 'error' && r.error.message).not.toContain('JBSWY3DPEHPK3PX');
  });

  it('reads a pasted otpauth:// URI into every field', () => {
    const r = readSecretField('otpauth://totp/ACME:bob?secret=JBSWY3DPEHPK3PXP&issuer=ACME&digits=8&period=60&algorithm=SHA256');
    expect(r.kind).toBe('uri');
    if (r.kind === 'uri') expect(r.draft).toMatchObject({ issuer: 'ACME', label: 'bob', digits: 8, period: 60, algorithm: 'SHA256' });
    expect(readSecretField('otpauth://totp/x?issuer=y').kind).toBe('error');
    expect(readSecretField('   ').kind).toBe('empty');
  });
});

describe('sites field', () => {
  it('takes commas and newlines, normalizes URLs, drops duplicates', () => {
    expect(parseSites('GitHub.com, https://github.com/login\n*.example.com\n\n')).toEqual({ sites: ['https://github.com', 'https://*.example.com'], errors: [] });
  });

  it('keeps http:// and ports only when written', () => {
    expect(parseSites('http://intranet.test\nhost.example:8443\nhttps://github.com:443').sites).toEqual([
      'http://intranet.test',
      'https://host.example:8443',
      'https://github.com',
    ]);
  });

  it('reports text that cannot be a site, line by line', () => {
    const r = parseSites('github.com, *.com\nnot a host name\n100%');
    expect(r.sites).toEqual(['https://github.com']);
    expect(r.errors).toHaveLength(3);
    expect(r.errors.map((e) => e.code)).toEqual(['siteWildcardTld', 'siteNotHost', 'siteNotHost']);
  });

  it('suggests exactly the tab origin', () => {
    expect(siteSuggestions('http://127.0.0.1:8765')).toEqual(['http://127.0.0.1:8765']);
    expect(siteSuggestions('https://acme.okta.com')).toEqual(['https://acme.okta.com']);
    expect(siteSuggestions('')).toEqual([]);
  });
});

describe('form → draft', () => {
  it('builds a valid draft whose code matches the RFC key', () => {
    const r = draftFromFields(base);
    expect('draft' in r).toBe(true);
    if ('draft' in r) {
      expect(r.draft).toMatchObject({ issuer: 'GitHub', label: 'alice', digits: 6, period: 30, sites: ['https://github.com'] });
      expect(codeFor(r.draft, 59_000)).toBe(codeFor(makeDraft({ secret: decodeBase32('JBSWY3DPEHPK3PXP') }), 59_000));
    }
  });

  it('rejects bad numbers instead of truncating them', () => {
    const code = (r: ReturnType<typeof draftFromFields>) => ('error' in r ? r.error.code : 'draft');
    expect(code(draftFromFields({ ...base, digits: '6.5' }))).toBe('digitsRange');
    expect(code(draftFromFields({ ...base, digits: '11' }))).toBe('digitsRange');
    expect(code(draftFromFields({ ...base, period: '0' }))).toBe('periodRange');
    expect(code(draftFromFields({ ...base, type: 'hotp', counter: '-1' }))).toBe('counterRange');
  });

  it('forces Steam to 5 characters, SHA1 and 30 s', () => {
    const r = draftFromFields({ ...base, type: 'steam', digits: '6', algorithm: 'SHA512', period: '60' });
    expect('draft' in r && r.draft).toMatchObject({ type: 'steam', digits: 5, algorithm: 'SHA1', period: 30 });
  });

  it('needs a secret and valid sites', () => {
    expect(draftFromFields({ ...base, secret: '' })).toEqual({ error: new OttoError('secretMissing') });
    expect('error' in draftFromFields({ ...base, sites: 'not a host!' })).toBe(true);
  });
});

describe('duplicate detection', () => {
  const saved = newAccount(makeDraft({ secret: decodeBase32('JBSWY3DPEHPK3PXP'), issuer: 'GitHub' }), 1, 'a1');

  it('finds the account with the same secret, except the one being edited', () => {
    expect(findDuplicate(decodeBase32('jbswy3dpehpk3pxp'), [saved])).toBe(saved);
    expect(findDuplicate(decodeBase32('JBSWY3DPEHPK3PXQ'), [saved])).toBeUndefined();
    expect(findDuplicate(saved.secret, [saved], 'a1')).toBeUndefined();
  });
});
