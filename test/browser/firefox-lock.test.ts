/**
 * Issue 13's lock and storage items where Firefox differs (firefox-esr over WebDriver BiDi):
 * storage.local cannot be closed to content scripts there, so the first release's vault
 * must move out of it, and the update must lose nothing; the WebAssembly Argon2id runs
 * under Firefox's extension CSP; Lock reaches every open Otto page.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { migrateSites } from '../../src/core/site-policy';
import { MFA_PAGE, serve } from './serve';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist-firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const UUID = '0770c0de-5eed-4a11-b0b0-0770c0de0002';
const fixture = JSON.parse(readFileSync(path.join(ROOT, 'test/migration/release-0.1.0.json'), 'utf8')) as {
  passphrase: string;
  accounts: AccountWire[];
  storage: Record<string, unknown>;
  interrupted: { oldPassphrase: string; newPassphrase: string; storage: Record<string, unknown> };
};
// As this version reads the release's accounts: bindings become scheme + host + port (issue 13 item 1).
const release = { ...fixture, accounts: fixture.accounts.map((a) => ({ ...a, sites: migrateSites(a.sites) })) };

const manifestPath = path.join(DIST, 'manifest.json');
if (!existsSync(manifestPath)) throw new Error('dist-firefox/ is missing: run `npm run build:firefox` first (npm test does).');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const popupUrl = `moz-extension://${UUID}/${manifest.action.default_popup}`;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false | ''>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe().catch(() => null);
    if (got) return got;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Firefox moves the tab to the extension process; puppeteer's navigation promise may never settle, so poll the page. */
async function openExtensionPage(page: Page): Promise<void> {
  void page.goto(popupUrl, { timeout: 20_000 }).catch(() => undefined);
  await waitFor('the popup page', async () => (await page.evaluate(() => `${location.href} ${document.readyState}`)) === `${popupUrl} complete`);
}

type Reply<T> = { ok: boolean; value?: T; error?: { code: string } };
function send<T>(page: Page, message: unknown): Promise<Reply<T>> {
  return page.evaluate((m) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(m), message as object) as Promise<Reply<T>>;
}
async function call<T>(page: Page, message: unknown): Promise<T> {
  const reply = await send<T>(page, message);
  if (!reply.ok) throw new Error(`${(message as { type: string }).type} failed: ${reply.error?.code}`);
  return reply.value as T;
}

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
  let browser: Browser;
  let profile: string;
  let popup: Page;

  beforeAll(async () => {
    if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
    profile = mkdtempSync(path.join(tmpdir(), 'otto-firefox-lock-'));
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir: profile,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: UUID }) },
    });
    await browser.installExtension(DIST);
    popup = await browser.newPage();
    await openExtensionPage(popup);
  });

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Puts the release's storage.local records in place of the new build's IndexedDB (as before the update), then reloads the add-on. */
  async function asTheReleaseLeftIt(records: Record<string, unknown>): Promise<void> {
    await popup.evaluate(async (records) => {
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

  /** Reloads the add-on (the background event page starts afresh) and waits until it answers as locked. */
  async function reloadAddon(): Promise<void> {
    const old = popup;
    await old.evaluate(() => {
      setTimeout(() => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.reload(), 50);
    });
    // The reload closes every page of the add-on: until this one is gone, the old background may
    // still answer (unlocked), and a page opened meanwhile would be closed under the test.
    await waitFor('the add-on to unload', async () => old.isClosed() || (await old.evaluate(() => location.href).then((href) => href !== popupUrl, () => true)));
    popup = await browser.newPage();
    await waitFor('the reloaded add-on', async () => {
      if (popup.isClosed()) popup = await browser.newPage();
      await openExtensionPage(popup);
      return (await call<{ state: string }>(popup, { type: 'status' })).state === 'locked';
    }, 40_000);
  }

  it('moves a vault of the first release out of storage.local and opens it with every account and setting', async () => {
    expect((await call<{ state: string }>(popup, { type: 'status' })).state).toBe('new');
    await asTheReleaseLeftIt(release.storage);
    expect((await send(popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
    await call(popup, { type: 'unlock', passphrase: release.passphrase });
    expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual(release.accounts);
    expect((await call<{ settings: unknown }>(popup, { type: 'status' })).settings).toEqual({ ...(release.storage.settings as object), sync: false }); // the release had no sync
    // Firefox lets every content script read storage.local: nothing of Otto's is left there.
    const local = await popup.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get(null));
    expect(Object.keys(local)).toEqual([]);
    // Upgraded at this unlock: format 2, one slot at the new KDF cost, the same passphrase.
    const vault = await storedVault(popup);
    expect(vault.version).toBe(2);
    expect(vault.slots).toHaveLength(1);
    expect(vault.slots[0]).toMatchObject({ type: 'passphrase', kdf: 'argon2id', m: 65_536, t: 3, p: 1 });
  });

  it('an open Otto page drops its codes and asks for the passphrase when Otto is locked elsewhere', async () => {
    const other = await browser.newPage();
    await openExtensionPage(other);
    await waitFor('the accounts list', () => other.evaluate(() => document.querySelectorAll('.issuer').length > 0));
    await call(popup, { type: 'lock' });
    await waitFor('the unlock screen', () => other.evaluate(() => document.querySelectorAll('.issuer').length === 0 && /Unlock/.test(document.querySelector('h1')?.textContent ?? '')));
    expect(await other.evaluate(() => document.querySelectorAll('.code').length)).toBe(0);
    await other.close();
  });

  it('a content script that writes or clears storage.local changes nothing: after a reload the vault, accounts and settings are the same', async () => {
    await call(popup, { type: 'unlock', passphrase: release.passphrase });
    const settings = (await call<{ settings: unknown }>(popup, { type: 'status' })).settings;
    const sealed = await storedVault(popup);
    const site = await serve({ '/mfa': MFA_PAGE });
    const tab = await browser.newPage();
    try {
      await tab.goto(site.url('/mfa'));
      /** Runs `attack` in Otto's content-script world of the tab (what a compromised content script can do). */
      const inContentScript = (attack: 'write' | 'clear') =>
        popup.evaluate(
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
      await call(popup, { type: 'unlock', passphrase: release.passphrase });
      expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual(release.accounts);
      expect((await call<{ settings: unknown }>(popup, { type: 'status' })).settings).toEqual(settings);
      expect(await storedVault(popup)).toEqual(sealed);
      expect(await inContentScript('clear')).toEqual([]);
      await reloadAddon();
      expect((await send(popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
      await call(popup, { type: 'unlock', passphrase: release.passphrase });
      expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual(release.accounts);
      expect((await call<{ settings: unknown }>(popup, { type: 'status' })).settings).toEqual(settings);
    } finally {
      await tab.close();
      await site.close();
    }
  }, 180_000); // two add-on reloads and three Argon2id unlocks at 64 MiB: over a minute on a loaded machine

  it('after a passphrase change the release cut short (vault.prev beside vault), only the new passphrase opens it', async () => {
    const { storage, oldPassphrase, newPassphrase } = release.interrupted;
    await asTheReleaseLeftIt(storage);
    expect((await send(popup, { type: 'unlock', passphrase: oldPassphrase })).error?.code).toBe('wrongPassphrase');
    await call(popup, { type: 'unlock', passphrase: newPassphrase });
    expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual(release.accounts);
    const local = await popup.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get(null));
    expect(Object.keys(local)).toEqual([]);
  }, 120_000);
});
