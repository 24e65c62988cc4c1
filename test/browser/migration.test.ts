/**
 * An install of the first release keeps everything after the update (issue 13, "nothing
 * already stored is lost"). The fixture was written by the release's own code
 * (test/migration/release-0.1.0.json); it is put where that release kept it (storage.local
 * `vault`, `settings`, and after a cut-short passphrase change `vault.prev`), in a profile
 * whose IndexedDB the new build has not used yet; then the new background starts, is
 * unlocked with the release passphrase and must show every account and setting.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { migrateSites } from '../../src/core/site-policy';
import { call, launchOtto, send, stopServiceWorker, storageDump, type Otto } from './harness';
import { storedVault } from './stored';

interface Release {
  passphrase: string;
  accounts: AccountWire[];
  storage: Record<string, unknown>;
  interrupted: { oldPassphrase: string; newPassphrase: string; storage: Record<string, unknown> };
}
const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../migration/release-0.1.0.json'), 'utf8')) as Release;
// As this version reads the release's accounts: bindings become scheme + host + port (issue 13 item 1).
const release: Release = { ...fixture, accounts: fixture.accounts.map((a) => ({ ...a, sites: migrateSites(a.sites) })) };

/** The release's storage layout, and no trace of the new build's own storage (as before the update). */
async function asTheReleaseLeftIt(otto: Otto, storage: Record<string, unknown>): Promise<void> {
  await otto.popup.evaluate(async (records) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(records);
    await new Promise((resolve, reject) => {
      const req = indexedDB.deleteDatabase('otto');
      req.onsuccess = resolve;
      req.onerror = () => reject(req.error);
    });
  }, storage);
  await stopServiceWorker(otto); // the updated background starts afresh
}

async function popupShows(page: Page): Promise<string[]> {
  await page.reload();
  await page.locator('.issuer').first().waitFor();
  return page.locator('.issuer').allTextContents();
}

describe('update from the first release (Chromium)', () => {
  let otto: Otto | undefined;
  afterEach(async () => {
    await otto?.close();
    otto = undefined;
  });

  it('opens the release vault: every account, every field, the order, every setting; then it is version 2 in IndexedDB', async () => {
    otto = await launchOtto();
    await asTheReleaseLeftIt(otto, release.storage);
    expect((await call<{ state: string }>(otto.popup, { type: 'status' })).state).toBe('locked');
    expect((await send(otto.popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
    await call(otto.popup, { type: 'unlock', passphrase: release.passphrase });
    expect(await call<AccountWire[]>(otto.popup, { type: 'accounts' })).toEqual(release.accounts);
    const { settings } = await call<{ settings: unknown }>(otto.popup, { type: 'status' });
    // The release had no sync (issue 17): it reads back off.
    expect(settings).toEqual({ ...(release.storage.settings as object), sync: false });
    expect(await popupShows(otto.popup)).toEqual(release.accounts.map((a) => a.issuer));
    // Moved, not copied: nothing is left where content scripts could reach it.
    const local = await storageDump(otto, 'local');
    for (const key of ['vault', 'vault.prev', 'settings']) expect(Object.keys(local)).not.toContain(key);
    // Upgraded at this unlock: format 2, the new KDF cost, the same passphrase.
    const vault = await storedVault(otto);
    expect(vault.version).toBe(2);
    expect(vault.slots).toHaveLength(1);
    expect(vault.slots[0]).toMatchObject({ type: 'passphrase', kdf: 'argon2id', m: 65_536, t: 3, p: 1 });
    await call(otto.popup, { type: 'lock' });
    await stopServiceWorker(otto);
    await call(otto.popup, { type: 'unlock', passphrase: release.passphrase });
    expect(await call<AccountWire[]>(otto.popup, { type: 'accounts' })).toEqual(release.accounts);
  }, 180_000); // four Argon2id derivations at 64 MiB and two worker starts: over a minute at load ~30

  it('after a passphrase change the release cut short, the new passphrase opens everything and the old one nothing', async () => {
    otto = await launchOtto();
    const { storage, oldPassphrase, newPassphrase } = release.interrupted;
    await asTheReleaseLeftIt(otto, storage);
    expect((await send(otto.popup, { type: 'unlock', passphrase: oldPassphrase })).error?.code).toBe('wrongPassphrase');
    await call(otto.popup, { type: 'unlock', passphrase: newPassphrase });
    expect(await call<AccountWire[]>(otto.popup, { type: 'accounts' })).toEqual(release.accounts);
  });
});
