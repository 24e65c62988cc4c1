/**
 * Real export files of other authenticators (/work/shared/interop, GPL test data read
 * in place, never copied): every entry must import with the expected fields and give
 * the same code as an independent computation from expected.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Account, type AccountDraft, makeDraft, validateDraft } from '../src/core/account';
import { decodeBase32, encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';
import { type ImportFormat, importBackup, readOttoBackup } from '../src/core/import';
import { codeFor } from '../src/core/otp';
import { sealVault } from '../src/core/vault';

const INTEROP = path.resolve(__dirname, '../../shared/interop');

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

const expected: Record<string, ExpectedFile> = JSON.parse(readFileSync(path.join(INTEROP, 'expected.json'), 'utf8'));
/** PNG screenshots go through the QR scanner, not the importer; FreeOTP 2 (Java serialised) is not implemented. */
const NOT_IMPORTER_INPUT = (key: string) => key.endsWith('.png') || key === 'aegis/freeotp_v2_api34.xml';
const files = Object.keys(expected).filter((k) => !NOT_IMPORTER_INPUT(k));
const encrypted = files.filter((k) => expected[k]!.password);
const read = (key: string) => ({ name: path.basename(key), bytes: new Uint8Array(readFileSync(path.join(INTEROP, key))) });

/** Fixed instant for code comparison: 2023-11-14T22:13:20Z. */
const T = 1_700_000_000_000;

/**
 * expected.json keeps Google export names raw ("Deno:Mason" with issuer Deno). Otto's
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
    expect((err as OttoError).params.app).toMatch(/^(Aegis|2FAS|andOTP|Authenticator Pro|Authenticator extension)$/);
  });

  it('rejects a wrong password with a message naming the app, and imports nothing', { timeout: 60_000 }, async () => {
    const err = await importBackup(read(key), 'wrong password').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OttoError);
    expect((err as OttoError).code).toBe('wrongPassword');
    expect((err as OttoError).params.app).toMatch(/^(Aegis|2FAS|andOTP|Authenticator Pro|Authenticator extension)$/);
  });
});

describe('ordering', () => {
  it('keeps the file order (Aegis)', async () => {
    const result = await importBackup(read('aegis/aegis_plain.json'));
    expect(result.accounts.map((a) => a.issuer)).toEqual(expected['aegis/aegis_plain.json']!.entries.map((e) => e.issuer));
  });

  it("follows FreeOTP+'s tokenOrder, the order the user saw", async () => {
    const result = await importBackup(read('aegis/freeotp_plus.json'));
    expect(result.accounts.map((a) => `${a.issuer}:${a.label}`)).toEqual(['WWE:Mason', 'Air Canada:Benjamin', 'Issuu:James', 'Airbnb:Elijah', 'SPDX:James', 'Deno:Mason']);
  });

  it("follows the Authenticator extension's index", async () => {
    const result = await importBackup(read('authenticator_extension/SYNTHETIC_authenticator_plain.json'));
    expect(result.accounts.map((a) => a.issuer)).toEqual(expected['authenticator_extension/SYNTHETIC_authenticator_plain.json']!.entries.map((e) => e.issuer));
  });
});

describe('format names', () => {
  it.each([
    ['aegis/aegis_encrypted.json', { app: 'Aegis', variant: 'encrypted' }],
    ['aegis/aegis_plain.json', { app: 'Aegis' }],
    ['aegis/ente_auth.txt', { app: 'Ente Auth', variant: 'text' }],
    ['aegis/bitwarden.csv', { app: 'Bitwarden', variant: 'csv' }],
    ['google_migration/example_export.txt', { app: 'Google Authenticator' }],
    ['aegis/andotp_encrypted_old.bin', { app: 'andOTP', variant: 'encrypted' }],
  ] as Array<[string, ImportFormat]>)('%s is read as %j', async (key, format) => {
    const file = expected[key]!;
    expect((await importBackup(read(key), file.password ?? undefined)).format).toEqual(format);
  });

  it('detects by content, not by file name', async () => {
    const { bytes } = read('aegis/andotp_plain.json');
    expect((await importBackup({ name: 'backup.2fas', bytes })).format).toEqual({ app: 'andOTP' });
  });
});

describe("Otto's own backup", () => {
  const accounts: Account[] = [
    { ...makeDraft({ issuer: 'GitHub', label: 'alice', secret: decodeBase32('JBSWY3DPEHPK3PXP'), sites: ['https://github.com'] }), id: 'a-1', created: 1, updated: 2, pinned: true, autoSubmit: true },
    { ...makeDraft({ type: 'hotp', issuer: '', label: 'bank', secret: decodeBase32('GEZDGNBVGY3TQOJQ'), digits: 8, counter: 41, sites: ['https://*.bank.example'] }), id: 'b-2', created: 3, updated: 4, pinned: false, autoSubmit: false },
  ];
  // Small Argon2 cost: this tests the mapping, not the KDF.
  const sealed = sealVault({ version: 1, accounts }, 'correct horse', { m: 64, t: 1, p: 1 });
  const file = async () => ({ name: 'otto-backup.json', bytes: new TextEncoder().encode(JSON.stringify(await sealed)) });

  it('restores every field, and returns drafts without sites', async () => {
    const result = await importBackup(await file(), 'correct horse');
    expect(result.format).toEqual({ app: 'Otto' });
    expect(result.restored).toEqual(accounts);
    expect(result.accounts.map((a) => [a.issuer, a.label, a.type, a.counter, a.sites])).toEqual([
      ['GitHub', 'alice', 'totp', 0, []],
      ['', 'bank', 'hotp', 41, []],
    ]);
    expect(await readOttoBackup((await file()).bytes, 'correct horse')).toEqual(accounts);
  });

  it('needs the password and names Otto when it is wrong', async () => {
    await expect(importBackup(await file())).rejects.toThrow(new OttoError('passwordRequired', { app: 'Otto' }));
    await expect(importBackup(await file(), 'wrong')).rejects.toThrow(new OttoError('wrongPassword', { app: 'Otto' }));
    await expect(readOttoBackup((await file()).bytes, 'wrong')).rejects.toThrow(new OttoError('wrongPassword', { app: 'Otto' }));
  });
});
