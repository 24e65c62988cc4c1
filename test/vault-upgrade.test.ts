/**
 * Vaults of the first release (format version 1) keep opening, and are upgraded as the
 * background does at the next unlock. The fixture was sealed by the release's own code
 * (test/migration/release-0.1.0.json says how).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromWire, toWire, type AccountWire } from '../src/core/account';
import { isOttoError } from '../src/core/errors';
import { changeNeedsReauth } from '../src/core/reauth';
import { migrateSites } from '../src/core/site-policy';
import { DEFAULT_KDF, needsUpgrade, openVault, openWithKey, sealNew, unlockDataKey, type PassphraseSlot, type SealedVault } from '../src/core/vault';
import { DEFAULT_SETTINGS } from '../src/shared/messages';
import { validSettings } from '../src/shared/vault-db';

const fixture = JSON.parse(readFileSync(path.join(__dirname, 'migration/release-0.1.0.json'), 'utf8')) as {
  passphrase: string;
  accounts: AccountWire[];
  storage: { vault: SealedVault; settings: Record<string, unknown> };
  interrupted: { oldPassphrase: string; newPassphrase: string; storage: { vault: SealedVault; 'vault.prev': SealedVault } };
};
// What the release stored, as this version reads it: bindings become scheme + host + port (issue 13 item 1).
const release = { ...fixture, accounts: fixture.accounts.map((a) => ({ ...a, sites: migrateSites(a.sites) })) };

describe('format version 1 → 2', () => {
  it('opens the release vault with every account field, and says it needs an upgrade', { timeout: 30_000 }, async () => {
    expect(release.storage.vault.version).toBe(1);
    const payload = await openVault(release.storage.vault, release.passphrase);
    expect(payload.accounts.map(toWire)).toEqual(release.accounts);
    expect(needsUpgrade(release.storage.vault)).toBe(true);
  });

  it('the upgrade (as at unlock) is version 2 at the default cost, under a fresh key, with the same accounts', { timeout: 30_000 }, async () => {
    const payload = await openVault(release.storage.vault, release.passphrase);
    const oldKey = await unlockDataKey(release.storage.vault, release.passphrase);
    const { sealed, key } = await sealNew(payload, release.passphrase);
    expect(sealed.version).toBe(2);
    expect(needsUpgrade(sealed)).toBe(false);
    const { m, t, p } = sealed.slots[0] as PassphraseSlot;
    expect({ m, t, p }).toEqual(DEFAULT_KDF);
    expect(key).not.toEqual(oldKey);
    await expect(openWithKey(sealed, oldKey)).rejects.toThrow();
    expect((await openVault(sealed, release.passphrase)).accounts.map(toWire)).toEqual(release.accounts);
  });

  it('the release left two copies after a cut-short passphrase change: the kept copy opens with the old passphrase', async () => {
    // Why migration takes `vault` and drops `vault.prev` (src/background/migrate.ts).
    const { storage, oldPassphrase, newPassphrase } = release.interrupted;
    await expect(openVault(storage['vault.prev'], oldPassphrase)).resolves.toBeTruthy();
    await expect(openVault(storage.vault, oldPassphrase).catch((e: unknown) => isOttoError(e, 'wrongPassphrase'))).resolves.toBe(true);
    await expect(openVault(storage.vault, newPassphrase)).resolves.toBeTruthy();
  });
});

describe('settings are validated when read', () => {
  it('keeps the release settings, and replaces each field that is out of range by its default', () => {
    // The release had no sync: it reads back off (issue 17); only `true` turns it on.
    expect(validSettings(fixture.storage.settings)).toEqual({ ...fixture.storage.settings, sync: false });
    expect(validSettings({ ...fixture.storage.settings, sync: 'yes' }).sync).toBe(false);
    expect(validSettings({ ...fixture.storage.settings, sync: true }).sync).toBe(true);
    expect(validSettings({ autoLockMinutes: -1, clipboardClearSeconds: 1e9, autofill: 'always', timeOffsetMs: 90_000_000 })).toEqual(DEFAULT_SETTINGS);
    expect(validSettings({ autoLockMinutes: 0, timeOffsetMs: -86_400_000 })).toEqual({ ...DEFAULT_SETTINGS, autoLockMinutes: 0, timeOffsetMs: -86_400_000 });
    for (const junk of [null, 'x', [], 42]) expect(validSettings(junk)).toEqual(DEFAULT_SETTINGS);
    // Chrome's 30-second alarm floor: a shorter stored clipboard delay reads as 30 s, 0 stays off.
    expect([0, 1, 10, 29, 30, 45].map((clipboardClearSeconds) => validSettings({ clipboardClearSeconds }).clipboardClearSeconds)).toEqual([0, 30, 30, 30, 30, 45]);
  });
});

describe('which changes ask for the passphrase again', () => {
  const [a] = release.accounts.map(fromWire);
  it('more sites or auto-submit turned on, on an existing account; not removals, renames or new accounts', () => {
    const base = { ...a!, autoSubmit: false };
    expect(changeNeedsReauth([base], [{ ...base, sites: [...base.sites, 'evil.example'] }])).toBe(true);
    expect(changeNeedsReauth([base], [{ ...base, autoSubmit: true }])).toBe(true);
    expect(changeNeedsReauth([base], [{ ...base, sites: base.sites.slice(1) }])).toBe(false);
    expect(changeNeedsReauth([base], [{ ...base, issuer: 'Renamed', pinned: true }])).toBe(false);
    expect(changeNeedsReauth([{ ...base, autoSubmit: true }], [{ ...base, autoSubmit: false }])).toBe(false);
    expect(changeNeedsReauth([base], [{ ...base, id: 'new-id', sites: ['anything.example'], autoSubmit: true }])).toBe(false);
  });
});
