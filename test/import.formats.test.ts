/**
 * Every import format Otto reads, from files in this repository: test/data/import/, made by
 * scripts/test-data/ (one encoder per app, written from that app's published format, with
 * its real KDFs and ciphers) — independent of Otto's importers. Each file must import
 * exactly the accounts its expected.json lists, and give the same codes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AccountDraft, makeDraft, validateDraft } from '../src/core/account';
import { decodeBase32, encodeBase32 } from '../src/core/base32';
import { importBackup } from '../src/core/import';
import { codeFor } from '../src/core/otp';

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

export const formatFiles: Record<string, FileSpec> = JSON.parse(readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
export const readFormatFile = (file: string) => ({ name: file, bytes: new Uint8Array(readFileSync(path.join(DIR, file))) });

/** 2023-11-14T22:13:20Z: codes are compared at a fixed instant. */
const T = 1_700_000_000_000;

const draftOf = (e: Entry): AccountDraft =>
  makeDraft({ type: e.type, issuer: e.issuer, label: e.name, secret: decodeBase32(e.secret), algorithm: e.algorithm, digits: e.digits, period: e.period ?? 30, counter: e.counter ?? 0 });

const shape = (d: AccountDraft): Entry => {
  const base = { type: d.type, issuer: d.issuer, name: d.label, secret: encodeBase32(d.secret), algorithm: d.algorithm, digits: d.digits };
  return d.type === 'hotp' ? { ...base, counter: d.counter } : { ...base, period: d.period };
};

// FreeOTP 2's importer lands next (it uses the OttoError conversion of the importers).
describe.each(Object.keys(formatFiles).filter((f) => !f.startsWith('freeotp2')))('%s', (file) => {
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
      expect(none).toMatchObject({ name: expect.any(String) });
      expect(isPasswordRequired(none)).toBe(true);
      const wrong = await importBackup(readFormatFile(file), 'not the password').catch((e: unknown) => e);
      expect(isWrongPassword(wrong)).toBe(true);
    });
  }
});

const byName = (a: Entry, b: Entry) => `${a.issuer}\u0000${a.name}`.localeCompare(`${b.issuer}\u0000${b.name}`);

/** Both the typed OttoError codes and the legacy error classes (being converted). */
function isPasswordRequired(e: unknown): boolean {
  const x = e as { code?: string; name?: string; constructor?: { name?: string } };
  return x?.code === 'passwordRequired' || x?.constructor?.name === 'PasswordRequiredError';
}
function isWrongPassword(e: unknown): boolean {
  const x = e as { code?: string; constructor?: { name?: string } };
  return x?.code === 'wrongPassword' || x?.constructor?.name === 'WrongPassphraseError';
}
