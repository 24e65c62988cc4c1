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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(ROOT, 'dist-firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const UUID = '0770c0de-5eed-4a11-b0b0-0770c0de0002';
const fixture = JSON.parse(readFileSync(path.join(ROOT, 'test/migration/release-0.1.0.json'), 'utf8')) as {
  passphrase: string;
  accounts: AccountWire[];
  storage: Record<string, unknown>;
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

  it('moves a vault of the first release out of storage.local and opens it with every account and setting', async () => {
    expect((await call<{ state: string }>(popup, { type: 'status' })).state).toBe('new');
    // As the release left it: its storage.local records, and none of the new build's IndexedDB.
    await popup.evaluate(async (records) => {
      const ext = (globalThis as unknown as { browser: typeof chrome }).browser;
      await ext.storage.local.set(records);
      await new Promise((resolve, reject) => {
        const req = indexedDB.deleteDatabase('otto');
        req.onsuccess = resolve;
        req.onerror = () => reject(req.error);
      });
      // The updated add-on starts afresh (the background event page too).
      setTimeout(() => ext.runtime.reload(), 50);
    }, release.storage);
    popup = await browser.newPage();
    await waitFor('the reloaded add-on', async () => {
      await openExtensionPage(popup);
      return (await call<{ state: string }>(popup, { type: 'status' })).state === 'locked';
    }, 40_000);
    expect((await send(popup, { type: 'unlock', passphrase: 'not the passphrase' })).error?.code).toBe('wrongPassphrase');
    await call(popup, { type: 'unlock', passphrase: release.passphrase });
    expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual(release.accounts);
    expect((await call<{ settings: unknown }>(popup, { type: 'status' })).settings).toEqual({ ...(release.storage.settings as object), sync: false }); // the release had no sync
    // Firefox lets every content script read storage.local: nothing of Otto's is left there.
    const local = await popup.evaluate(() => (globalThis as unknown as { browser: typeof chrome }).browser.storage.local.get(null));
    expect(Object.keys(local)).toEqual([]);
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
});
