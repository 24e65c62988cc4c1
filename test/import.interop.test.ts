/**
 * The real-export suite: export files of other authenticators in ../shared/interop
 * (GPL-3.0 test data, read in place and never copied, values included: everything
 * expected comes from its expected.json at run time; see test/interop.ts). It runs when
 * that folder exists: every file imports with the expected fields (32 of 32 files, the
 * PNG screenshot aside, which goes through the QR scanner: test/qr.interop.test.ts) and
 * gives the same codes as an independent computation from expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AccountDraft, makeDraft, validateDraft } from '../src/core/account';
import { decodeBase32, encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';
import { importBackup } from '../src/core/import';
import { codeFor } from '../src/core/otp';
import { INTEROP, interopPresent } from './interop';

interface Expected {
  type: 'totp' | 'hotp' | 'steam';
  issuer: string;
  name: string;
  secret: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period?: number;
  counter?: number;
}
interface ExpectedFile {
  password: string | null;
  entry_count: number;
  entries: Expected[];
}

const expected: Record<string, ExpectedFile> = interopPresent ? JSON.parse(readFileSync(path.join(INTEROP, 'expected.json'), 'utf8')) : {};
/** PNG screenshots go through the QR scanner (test/qr.interop.test.ts), not the importer. */
const files = Object.keys(expected).filter((k) => !k.endsWith('.png'));
const encrypted = files.filter((k) => expected[k]!.password);
const read = (key: string) => ({ name: path.basename(key), bytes: new Uint8Array(readFileSync(path.join(INTEROP, key))) });

/** Fixed instant for code comparison: 2023-11-14T22:13:20Z. */
const T = 1_700_000_000_000;

/**
 * expected.json keeps Google export names raw ("Issuer:name" with the issuer set). Otto's
 * migration parser normalises them (src/core/otpauth.ts): an `Issuer:` prefix is split
 * off when the issuer is empty and dropped when it repeats the issuer.
 */
function normalised(key: string, e: Expected): { issuer: string; name: string } {
  if (!key.startsWith('google_migration/')) return { issuer: e.issuer, name: e.name };
  const colon = e.name.indexOf(':');
  if (colon < 0) return { issuer: e.issuer, name: e.name };
  const prefix = e.name.slice(0, colon);
  if (!e.issuer) return { issuer: prefix.trim(), name: e.name.slice(colon + 1).trim() };
  if (prefix.toLowerCase() === e.issuer.toLowerCase()) return { issuer: e.issuer, name: e.name.slice(colon + 1).trim() };
  return { issuer: e.issuer, name: e.name };
}

function expectedDraft(e: Expected): AccountDraft {
  return makeDraft({
    type: e.type,
    issuer: e.issuer,
    label: e.name,
    secret: decodeBase32(e.secret),
    algorithm: e.algorithm,
    digits: e.digits,
    period: e.period ?? 30,
    counter: e.counter ?? 0,
  });
}

describe.runIf(interopPresent)('real exports', () => {
  it('holds the 32 files the importer reads', () => expect(files).toHaveLength(32));

  describe.each(files)('%s', (key) => {
    const file = expected[key]!;

    it(`imports all ${file.entry_count} entries with the expected fields and codes`, { timeout: 60_000 }, async () => {
      const result = await importBackup(read(key), file.password ?? undefined);
      expect(result.skipped).toEqual([]);
      expect(result.accounts).toHaveLength(file.entry_count);
      expect(result.format.app).not.toBe('');

      const remaining = [...result.accounts];
      for (const e of file.entries) {
        const { issuer, name } = normalised(key, e);
        const at = remaining.findIndex((a) => a.issuer === issuer && a.label === name && encodeBase32(a.secret) === e.secret);
        expect(at, `${issuer} / ${name} not imported`).toBeGreaterThanOrEqual(0);
        const got = remaining.splice(at, 1)[0]!;
        expect(got.type).toBe(e.type);
        expect(got.algorithm).toBe(e.algorithm);
        expect(got.digits).toBe(e.digits);
        if (e.type === 'hotp') expect(got.counter).toBe(e.counter);
        else expect(got.period).toBe(e.period);
        expect(got.sites).toEqual([]);
        expect(() => validateDraft(got)).not.toThrow();
        const want = expectedDraft(e);
        expect(codeFor(got, T)).toBe(codeFor(want, T));
        expect(codeFor(got, T, 1)).toBe(codeFor(want, T, 1));
      }
    });
  });

  describe.each(encrypted)('%s (encrypted)', (key) => {
    it('asks for the password when none is given, before any key derivation', async () => {
      const err = await importBackup(read(key)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OttoError);
      expect((err as OttoError).code).toBe('passwordRequired');
      expect((err as OttoError).params.app).toMatch(/^(Aegis|2FAS|andOTP|Authenticator Pro|Authenticator extension|FreeOTP 2)$/);
    });

    it('rejects a wrong password with a message naming the app, and imports nothing', { timeout: 60_000 }, async () => {
      const err = await importBackup(read(key), 'wrong password').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OttoError);
      expect((err as OttoError).code).toBe('wrongPassword');
      expect((err as OttoError).params.app).toMatch(/^(Aegis|2FAS|andOTP|Authenticator Pro|Authenticator extension|FreeOTP 2)$/);
    });
  });

  describe('ordering', () => {
    it('keeps the file order (Aegis)', async () => {
      const result = await importBackup(read('aegis/aegis_plain.json'));
      expect(result.accounts.map((a) => a.issuer)).toEqual(expected['aegis/aegis_plain.json']!.entries.map((e) => e.issuer));
    });

    it("follows FreeOTP+'s tokenOrder, the order the user saw", async () => {
      const { bytes } = read('aegis/freeotp_plus.json');
      const tokenOrder = (JSON.parse(new TextDecoder().decode(bytes)) as { tokenOrder: string[] }).tokenOrder;
      const result = await importBackup({ name: 'freeotp.json', bytes });
      expect(result.accounts.map((a) => `${a.issuer}:${a.label}`)).toEqual(tokenOrder);
    });

    it("follows the Authenticator extension's index", async () => {
      const result = await importBackup(read('authenticator_extension/SYNTHETIC_authenticator_plain.json'));
      expect(result.accounts.map((a) => a.issuer)).toEqual(expected['authenticator_extension/SYNTHETIC_authenticator_plain.json']!.entries.map((e) => e.issuer));
    });
  });
});
