/**
 * Every import format Otto reads, from files in this repository: test/data/import/, made by
 * scripts/test-data/ (one encoder per app, written from that app's published format, with
 * its real KDFs and ciphers) — independent of Otto's importers. Each file must import
 * exactly the accounts its expected.json lists, and give the same codes.
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

const DIR = path.resolve(__dirname, 'data/import');

interface Entry {
  type: 'totp' | 'hotp' | 'steam';
  issuer: string;
  name: string;
  secret: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  digits: number;
  period?: number;
  counter?: number;
}
interface FileSpec {
  encoder: string;
  note: string;
  password: string | null;
  ordered: boolean;
  entries: Entry[];
}

const formatFiles: Record<string, FileSpec> = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const readFormatFile = (file: string) => ({ name: file, bytes: new Uint8Array(readFileSync(path.join(DIR, file))) });

/** 2023-11-14T22:13:20Z: codes are compared at a fixed instant. */
const T = 1_700_000_000_000;

const draftOf = (e: Entry): AccountDraft =>
  makeDraft({ type: e.type, issuer: e.issuer, label: e.name, secret: decodeBase32(e.secret), algorithm: e.algorithm, digits: e.digits, period: e.period ?? 30, counter: e.counter ?? 0 });

const shape = (d: AccountDraft): Entry => {
  const base = { type: d.type, issuer: d.issuer, name: d.label, secret: encodeBase32(d.secret), algorithm: d.algorithm, digits: d.digits };
  return d.type === 'hotp' ? { ...base, counter: d.counter } : { ...base, period: d.period };
};

describe.each(Object.keys(formatFiles))('%s', (file) => {
  const spec = formatFiles[file]!;

  it(`imports exactly its ${spec.entries.length} accounts, with the same codes`, { timeout: 60_000 }, async () => {
    const result = await importBackup(readFormatFile(file), spec.password ?? undefined);
    expect(result.skipped).toEqual([]);
    const got = result.accounts.map(shape);
    if (spec.ordered) expect(got).toEqual(spec.entries);
    else expect([...got].sort(byName)).toEqual([...spec.entries].sort(byName));
    for (const d of result.accounts) {
      expect(d.sites).toEqual([]);
      expect(() => validateDraft(d)).not.toThrow();
      const want = draftOf(shape(d));
      expect(codeFor(d, T)).toBe(codeFor(want, T));
    }
  });

  if (spec.password) {
    it('asks for the password, and refuses a wrong one without importing anything', { timeout: 60_000 }, async () => {
      const none = await importBackup(readFormatFile(file)).catch((e: unknown) => e);
      expect(none).toBeInstanceOf(OttoError);
      expect((none as OttoError).code).toBe('passwordRequired');
      const wrong = await importBackup(readFormatFile(file), 'not the password').catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(OttoError);
      expect((wrong as OttoError).code).toBe('wrongPassword');
      expect((wrong as OttoError).params.app).toBe((none as OttoError).params.app);
    });
  }
});

const byName = (a: Entry, b: Entry) => `${a.issuer}\u0000${a.name}`.localeCompare(`${b.issuer}\u0000${b.name}`);

describe('ordering', () => {
  it('keeps the file order (Aegis)', async () => {
    const result = await importBackup(readFormatFile('aegis-plain.json'));
    expect(result.accounts.map(shape)).toEqual(formatFiles['aegis-plain.json']!.entries);
  });
});

describe('format names', () => {
  it.each([
    ['aegis-encrypted.json', { app: 'Aegis', variant: 'encrypted' }],
    ['aegis-plain.json', { app: 'Aegis' }],
    ['ente-auth.txt', { app: 'Ente Auth', variant: 'text' }],
    ['bitwarden.csv', { app: 'Bitwarden', variant: 'csv' }],
    ['google-migration.txt', { app: 'Google Authenticator' }],
    ['andotp-encrypted-old.bin', { app: 'andOTP', variant: 'encrypted' }],
    ['freeotp2-externalBackup.xml', { app: 'FreeOTP 2', variant: 'encrypted' }],
  ] as Array<[string, ImportFormat]>)('%s is read as %j', async (file, format) => {
    expect((await importBackup(readFormatFile(file), formatFiles[file]!.password ?? undefined)).format).toEqual(format);
  });

  it('detects by content, not by file name', async () => {
    const { bytes } = readFormatFile('andotp-plain.json');
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
