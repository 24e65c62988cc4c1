/**
 * Export → import keeps every account exactly: an Otto backup is a sealed vault, and
 * restoring it through the importer must give back every field, in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../src/core/account';
import { validateDraft } from '../src/core/account';
import { importBackup } from '../src/core/import/index';
import { codeFor } from '../src/core/otp';
import { sealVault } from '../src/core/vault';

const text = fc.string({ maxLength: 40, unit: 'grapheme' });
const account: fc.Arbitrary<Account> = fc
  .record({
    type: fc.constantFrom('totp' as const, 'hotp' as const, 'steam' as const),
    issuer: text,
    label: text,
    secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
    algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
    digits: fc.integer({ min: 6, max: 10 }),
    period: fc.integer({ min: 1, max: 300 }),
    counter: fc.maxSafeInteger().map((n) => Math.abs(n)),
    sites: fc.uniqueArray(fc.constantFrom('https://github.com', 'https://*.signin.aws.amazon.com', 'https://signin.aws.amazon.com', 'http://127.0.0.1:8765', 'https://xn--bcher-kva.example:8443'), { maxLength: 3 }),
    id: fc.uuid(),
    created: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    updated: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    pinned: fc.boolean(),
    autoSubmit: fc.boolean(),
  })
  .map((a) => ({ ...a, digits: a.type === 'steam' ? 5 : a.digits }));

describe('Otto backup round trip', () => {
  it('restores 1,000 random accounts exactly, in order, with the same codes', async () => {
    const accounts = fc.sample(account, { numRuns: 1000, seed: 20261124 });
    accounts.forEach((a) => validateDraft(a));
    const sealed = await sealVault({ version: 1, accounts }, 'backup passphrase');
    const bytes = new TextEncoder().encode(JSON.stringify(sealed));
    const result = await importBackup({ name: 'otto-backup-2026-11-24.otto.json', bytes }, 'backup passphrase');
    expect(result.skipped).toEqual([]);
    expect(result.restored).toHaveLength(1000);
    expect(result.restored).toEqual(accounts);
    const t = 1_763_900_000_000;
    expect(result.restored!.map((a) => codeFor(a, t))).toEqual(accounts.map((a) => codeFor(a, t)));
  }, 60_000);
});
