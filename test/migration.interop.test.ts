/**
 * Real Google Authenticator exports from the real-export corpus (../shared/interop, see
 * test/interop.ts): every file gives exactly the entries its expected.json lists, read at
 * run time (nothing of the corpus is copied here).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AccountDraft, validateDraft } from '../src/core/account';
import { encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';
import { parseMigrationBatch, parseMigrationUri } from '../src/core/otpauth';
import { INTEROP, interopPresent } from './interop';

type Entry = Record<string, string | number>;

function uris(file: string): string[] {
  return readFileSync(path.join(INTEROP, file), 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

function normalised(d: AccountDraft): Entry {
  const { type, issuer, label: name, algorithm, digits } = d;
  const entry = { type, issuer, name, secret: encodeBase32(d.secret), algorithm, digits };
  return type === 'hotp' ? { ...entry, counter: d.counter } : { ...entry, period: d.period };
}

/**
 * expected.json holds the raw payload names. Otto's documented rule: an empty issuer
 * takes the part of the name before the first ':', and a name repeating the issuer
 * as `Issuer:` loses that prefix. Only issuer and name are touched.
 */
function withNameRule(e: Entry): Entry {
  const issuer = String(e.issuer);
  const name = String(e.name);
  const colon = name.indexOf(':');
  if (!issuer && colon >= 0) return { ...e, issuer: name.slice(0, colon).trim(), name: name.slice(colon + 1).trim() };
  if (issuer && name.startsWith(`${issuer}:`)) return { ...e, name: name.slice(issuer.length + 1).trim() };
  return e;
}

describe.runIf(interopPresent)('real Google Authenticator exports', () => {
  const expected = interopPresent ? (JSON.parse(readFileSync(path.join(INTEROP, 'expected.json'), 'utf8')) as Record<string, { entries: Entry[] }>) : {};
  const files = Object.keys(expected).filter((k) => k.startsWith('google_migration/') && k.endsWith('.txt'));

  it.each(files)('%s gives exactly the expected entries', (file) => {
    const accounts = uris(file).flatMap(parseMigrationUri);
    for (const d of accounts) {
      expect(d.sites).toEqual([]);
      expect(() => validateDraft(d)).not.toThrow();
    }
    expect(accounts.map(normalised)).toEqual(expected[file]!.entries.map(withNameRule));
  });

  it('every URI of every file is one batch whose fields read', () => {
    for (const file of files) for (const uri of uris(file)) expect(parseMigrationBatch(uri).accounts.length).toBeGreaterThan(0);
  });

  it.each(['test_export_wrong_data.txt', 'test_export_wrong_prefix.txt'])('rejects %s', (file) => {
    const [uri] = uris(`google_migration/${file}`);
    expect(() => parseMigrationUri(uri!)).toThrow(OttoError);
    expect(() => parseMigrationBatch(uri!)).toThrow(/^migration/);
  });
});
