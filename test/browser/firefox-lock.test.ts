/**
 * Issue 13's lock and storage items where Firefox differs (firefox-esr over WebDriver BiDi):
 * storage.local cannot be closed to content scripts there, so the first release's vault
 * must move out of it, and the update must lose nothing; the WebAssembly Argon2id runs
 * under Firefox's extension CSP; Lock reaches every open Otto page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { migrateSites } from '../../src/core/site-policy';
import { callFrom as call, launchFirefoxOtto, sendFrom as send, waitFor, type FirefoxOtto } from './firefox-harness';
import { MFA_PAGE, serve } from './serve';

const fixture = JSON.parse(readFileSync(path.resolve(__dirname, '../migration/release-0.1.0.json'), 'utf8')) as {
  passphrase: string;
  accounts: AccountWire[];
  storage: Record<string, unknown>;
  interrupted: { oldPassphrase: string; newPassphrase: string; storage: Record<string, unknown> };
};
// As this version reads the release's accounts: bindings become scheme + host + port (issue 13 item 1).
const release = { ...fixture, accounts: fixture.accounts.map((a) => ({ ...a, sites: migrateSites(a.sites) })) };

/** Otto's sealed vault as stored (IndexedDB `otto`/`kv`/`vault`), read from an Otto page. */
type Stored = { version: number; slots: Array<Record<string, unknown>> };
function storedVault(page: Page): Promise<Stored> {
  return page.evaluate<[], () => Promise<Stored>>(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('otto');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get('vault');
          get.onsuccess = () => (resolve(get.result), open.result.close());
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

describe('lock and storage in Firefox ESR', () => {
  let ff: FirefoxOtto;

  beforeAll(async () => {
    ff = await launchFirefoxOtto();
  });

  afterAll(async () => {
    await ff?.close();
  });

  /** Puts the release's storage.local records in place of the new build's IndexedDB (as before the update), then reloads the add-on. */
  async function asTheReleaseLeftIt(records: Record<string, unknown>): Promise<void> {
    await ff.popup.evaluate(async (records) => {
      const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
      await ext.storage.local.clear();
      await ext.storage.local.set(records);
      await new Promise((resolve, reject) => {
        const req = indexedDB.deleteDatabase('otto');
        req.onsuccess = resolve;
        req.onerror = () => reject(req.error);
      });
    }, records);
    await reloadAddon();
  }

  /** Reloads the add-on and waits until the new background answers as locked (the old one was unlocked). */
  const reloadAddon = () => ff.reloadAddon(async (popup) => (await call<{ state: string }>(popup, { type: 'status' })).state === 'locked');

  it('moves a vault of the first release out of storage.local and opens it with every account and setting', async () => {
    expect((await call<{ state: string }>(ff.popup, { type: 'status' })).state).toBe('new');
    await asTheReleaseLeftIt(release.storage);
    expect((await send(ff.popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
    await call(ff.popup, { type: 'unlock', passphrase: release.passphrase });
    expect(await call<AccountWire[]>(ff.popup, { type: 'accounts' })).toEqual(release.accounts);
    expect((await call<{ settings: unknown }>(ff.popup, { type: 'status' })).settings).toEqual({ ...(release.storage.settings as object), sync: false }); // the release had no sync
    // Firefox lets every content script read storage.local: nothing of Otto's is left there.
    const local = await ff.popup.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get(null));
    expect(Object.keys(local)).toEqual([]);
    // Upgraded at this unlock: format 2, one slot at the new KDF cost, the same passphrase.
    const vault = await storedVault(ff.popup);
    expect(vault.version).toBe(2);
    expect(vault.slots).toHaveLength(1);
    expect(vault.slots[0]).toMatchObject({ type: 'passphrase', kdf: 'argon2id', m: 65_536, t: 3, p: 1 });
  });

  it('an open Otto page drops its codes and asks for the passphrase when Otto is locked elsewhere', async () => {
    const other = await ff.openPopup();
    await waitFor('the accounts list', () => other.evaluate(() => document.querySelectorAll('.issuer').length > 0));
    await call(ff.popup, { type: 'lock' });
    await waitFor('the unlock screen', () => other.evaluate(() => document.querySelectorAll('.issuer').length === 0 && /Unlock/.test(document.querySelector('h1')?.textContent ?? '')));
    expect(await other.evaluate(() => document.querySelectorAll('.code').length)).toBe(0);
    await other.close();
  });

  it('a content script that writes or clears storage.local changes nothing: after a reload the vault, accounts and settings are the same', async () => {
    await call(ff.popup, { type: 'unlock', passphrase: release.passphrase });
    const settings = (await call<{ settings: unknown }>(ff.popup, { type: 'status' })).settings;
    const sealed = await storedVault(ff.popup);
    const site = await serve({ '/mfa': MFA_PAGE });
    const tab = await ff.browser.newPage();
    try {
      await tab.goto(site.url('/mfa'));
      /** Runs `attack` in Otto's content-script world of the tab (what a compromised content script can do). */
      const inContentScript = (attack: 'write' | 'clear') =>
        ff.popup.evaluate(
          async (url, attack) => {
            const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
            const [target] = (await ext.tabs.query({})).filter((t) => t.url === url);
            const [done] = await ext.scripting.executeScript({
              target: { tabId: target!.id! },
              args: [attack],
              func: async (what: string) => {
                const area = (globalThis as unknown as { browser: typeof chrome }).browser.storage.local;
                if (what === 'clear') await area.clear();
                else {
                  const forged = { version: 2, slots: [], nonce: 'AAAA', ciphertext: 'AAAA', tag: 'AAAA' };
                  await area.set({ vault: forged, 'vault.prev': forged, settings: { autoLockMinutes: 0, timeOffsetMs: 90_000_000, autofill: 'auto' } });
                }
                return Object.keys(await area.get(null));
              },
            });
            return done!.result as string[];
          },
          site.url('/mfa'),
          attack,
        );
      // Firefox lets the content script write storage.local: the attack really reaches it.
      expect(await inContentScript('write')).toEqual(expect.arrayContaining(['vault', 'vault.prev', 'settings']));
      await reloadAddon();
      await call(ff.popup, { type: 'unlock', passphrase: release.passphrase });
      expect(await call<AccountWire[]>(ff.popup, { type: 'accounts' })).toEqual(release.accounts);
      expect((await call<{ settings: unknown }>(ff.popup, { type: 'status' })).settings).toEqual(settings);
      expect(await storedVault(ff.popup)).toEqual(sealed);
      expect(await inContentScript('clear')).toEqual([]);
      await reloadAddon();
      expect((await send(ff.popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
      await call(ff.popup, { type: 'unlock', passphrase: release.passphrase });
      expect(await call<AccountWire[]>(ff.popup, { type: 'accounts' })).toEqual(release.accounts);
      expect((await call<{ settings: unknown }>(ff.popup, { type: 'status' })).settings).toEqual(settings);
    } finally {
      await tab.close();
      await site.close();
    }
  }, 180_000); // two add-on reloads and three Argon2id unlocks at 64 MiB: over a minute on a loaded machine

  it('after a passphrase change the release cut short (vault.prev beside vault), only the new passphrase opens it', async () => {
    const { storage, oldPassphrase, newPassphrase } = release.interrupted;
    await asTheReleaseLeftIt(storage);
    expect((await send(ff.popup, { type: 'unlock', passphrase: oldPassphrase })).error?.code).toBe('wrongPassphrase');
    await call(ff.popup, { type: 'unlock', passphrase: newPassphrase });
    expect(await call<AccountWire[]>(ff.popup, { type: 'accounts' })).toEqual(release.accounts);
    const local = await ff.popup.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get(null));
    expect(Object.keys(local)).toEqual([]);
  }, 120_000);
});
