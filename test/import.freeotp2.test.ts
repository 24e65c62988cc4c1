/**
 * FreeOTP 2 backups beyond the happy path (test/import.formats.test.ts has that): the
 * password, damaged and hostile files. Variants are made from test/data's backup by
 * reading its map and writing it again with the test-data writer (not Otto's code).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDraft } from '../src/core/account';
import { OttoError } from '../src/core/errors';
import { importBackup } from '../src/core/import';
import { readJavaHashMap } from '../src/core/import/java-serial';
import { serializeHashMap } from '../scripts/test-data/java-serial.mjs';

const FILE = 'freeotp2-externalBackup.xml';
const spec = JSON.parse(readFileSync(path.resolve(__dirname, 'data/import/expected.json'), 'utf8'))[FILE] as { password: string; entries: unknown[] };
const original = new Uint8Array(readFileSync(path.resolve(__dirname, 'data/import', FILE)));
const entries = () => readJavaHashMap(original) as Array<[string, string | boolean]>;
const write = (e: Array<[string, string | boolean]>) => ({ name: 'externalBackup.xml', bytes: new Uint8Array(serializeHashMap(e)) });
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected an error'); }, (e: unknown) => e as OttoError);

/** The map with `fn` applied to the JSON of one entry. */
function editJson(key: (k: string) => boolean, fn: (v: Record<string, unknown>) => void) {
  let done = false;
  return write(entries().map(([k, v]) => {
    if (done || !key(k) || typeof v !== 'string') return [k, v];
    done = true;
    const json = JSON.parse(v) as Record<string, unknown>;
    fn(json);
    return [k, JSON.stringify(json)];
  }));
}
const tokenIds = () => entries().map(([k]) => k).filter((k) => k !== 'masterKey' && !k.endsWith('-token'));

describe('FreeOTP 2', () => {
  it('is recognised and reads every account with the right password', async () => {
    const r = await importBackup({ name: 'anything.bin', bytes: original }, spec.password);
    expect(r.format).toEqual({ app: 'FreeOTP 2', variant: 'encrypted' });
    expect(r.accounts).toHaveLength(spec.entries.length);
    expect(r.skipped).toEqual([]);
  });

  it('asks for the password, and a wrong one imports nothing', async () => {
    expect(await failure(importBackup({ name: 'x', bytes: original }))).toMatchObject({ code: 'passwordRequired', params: { app: 'FreeOTP 2' } });
    expect(await failure(importBackup({ name: 'x', bytes: original }, 'wrong'))).toMatchObject({ code: 'wrongPassword', params: { app: 'FreeOTP 2' } });
  });

  it('skips an entry whose key does not decrypt, naming it, and keeps the others', async () => {
    const [id] = tokenIds();
    const file = editJson((k) => k === id, (v) => {
      const key = JSON.parse(v.key as string) as { mCipherText: number[] };
      key.mCipherText[0] = key.mCipherText[0]! ^ 1;
      v.key = JSON.stringify(key);
    });
    const r = await importBackup(file, spec.password);
    expect(r.accounts).toHaveLength(spec.entries.length - 1);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]!.reason).toEqual({ code: 'importNotDecrypted' });
    expect(r.skipped[0]!.name).not.toBe('');
  });

  it('skips an entry without its account details, and one whose key record is not FreeOTP’s', async () => {
    const [a, b] = tokenIds();
    const e = entries().filter(([k]) => k !== `${a}-token`).map(([k, v]): [string, string | boolean] => (k === b ? [k, '{"key":"not json"}'] : [k, v]));
    const r = await importBackup(write(e), spec.password);
    expect(r.accounts).toHaveLength(spec.entries.length - 2);
    expect(r.skipped.map((s) => s.reason.code).sort()).toEqual(['freeotp2NoToken', 'importFieldObject']);
  });

  it('refuses a file without a master key, a foreign KDF and an absurd iteration count before deriving', async () => {
    expect(await failure(importBackup(write(entries().filter(([k]) => k !== 'masterKey')), spec.password))).toMatchObject({ code: 'freeotp2NoMasterKey' });
    expect(await failure(importBackup(editJson((k) => k === 'masterKey', (m) => (m.mAlgorithm = 'scrypt')), spec.password))).toMatchObject({ code: 'freeotp2Cipher', params: { cipher: 'scrypt' } });
    const started = performance.now();
    expect(await failure(importBackup(editJson((k) => k === 'masterKey', (m) => (m.mIterations = 2 ** 31 - 1)), spec.password))).toMatchObject({ code: 'importKdfRange' });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('says a cut file is unreadable, with the reason as its cause', async () => {
    const e = await failure(importBackup({ name: 'x', bytes: original.subarray(0, original.length >> 1) }, spec.password));
    expect(e).toMatchObject({ code: 'freeotp2Unreadable' });
    expect(e.cause).toMatchObject({ code: 'dataTruncated' });
  });

  it('mutated files give accounts that validate, or a typed error (no password: up to the password question)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), async (edits) => {
        const b = Uint8Array.from(original);
        for (const [at, v] of edits) b[at % b.length] = v;
        try {
          await importBackup({ name: 'x', bytes: b });
        } catch (e) {
          if (!(e instanceof OttoError)) throw e;
        }
      }),
      { numRuns: 1500, seed: 9 },
    );
  });

  it('mutated files with the password: accounts that validate, skipped entries with reasons, or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }), async (edits) => {
        const b = Uint8Array.from(original);
        for (const [at, v] of edits) b[at % b.length] = v;
        try {
          const r = await importBackup({ name: 'x', bytes: b }, spec.password);
          for (const a of r.accounts) validateDraft(a);
          expect(r.accounts.length + r.skipped.length).toBeLessThanOrEqual(spec.entries.length);
        } catch (e) {
          if (!(e instanceof OttoError)) throw e;
        }
      }),
      { numRuns: 60, seed: 10 },
    );
  }, 60_000);
});
