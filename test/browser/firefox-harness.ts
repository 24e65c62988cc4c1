/**
 * Debian's firefox-esr with dist-firefox/ installed as a temporary add-on over WebDriver
 * BiDi (puppeteer-core), for every Firefox test: a fresh profile each launch, a pinned
 * moz-extension host, system access for extension pages.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIREFOX_DIST = path.join(ROOT, 'dist-firefox');
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
// Firefox gives each add-on a random moz-extension:// host per profile; this pref pins Otto's.
const UUID = '0770c0de-5eed-4a11-b0b0-0770c0de0002';

export interface FirefoxOtto {
  browser: Browser;
  /** What BiDi's webExtension.install answered: the add-on's id. */
  addonId: string;
  /** Otto's popup page, opened in a tab: talks to the background. A new page after reloadAddon(). */
  popup: Page;
  popupUrl: string;
  /** Opens Otto's popup page in another tab (a second open popup). */
  openPopup(): Promise<Page>;
  /**
   * Reloads the add-on (the background event page starts afresh) and replaces `popup` with a
   * page of the new add-on once `ready(popup)` holds.
   */
  reloadAddon(ready: (popup: Page) => Promise<boolean>): Promise<void>;
  close(): Promise<void>;
}

/** dist-firefox/manifest.json; throws if the Firefox build is missing. */
export function firefoxManifest() {
  const manifestPath = path.join(FIREFOX_DIST, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error('dist-firefox/ is missing: run `npm run build:firefox` first (npm test does).');
  return JSON.parse(readFileSync(manifestPath, 'utf8'));
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false | ''>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const got = await probe().catch(() => null);
    if (got) return got;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Loads an extension page. Firefox moves the tab to the extension process, after which
 * puppeteer's navigation promise either rejects or never settles although the page loads:
 * so poll the page itself.
 */
export async function openExtensionPage(page: Page, url: string): Promise<void> {
  void page.goto(url, { timeout: 20_000 }).catch(() => undefined);
  await waitFor(url, async () => (await page.evaluate(() => `${location.href} ${document.readyState}`)) === `${url} complete`);
}

export async function launchFirefoxOtto(): Promise<FirefoxOtto> {
  const manifest = firefoxManifest();
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  const id: string = manifest.browser_specific_settings.gecko.id;
  const profile = mkdtempSync(path.join(tmpdir(), 'otto-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    // Opening moz-extension:// pages over BiDi needs the test-only system-access switch.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }) },
  });
  const addonId = await browser.installExtension(FIREFOX_DIST);
  const popupUrl = `moz-extension://${UUID}/${manifest.action.default_popup}`;
  const openPopup = async () => {
    const page = await browser.newPage();
    await openExtensionPage(page, popupUrl);
    return page;
  };
  const otto: FirefoxOtto = {
    browser,
    addonId,
    popup: await openPopup(),
    popupUrl,
    openPopup,
    async reloadAddon(ready) {
      const old = otto.popup;
      await old.evaluate(() => {
        setTimeout(() => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.reload(), 50);
      });
      // The reload closes every page of the add-on: until this one is gone, the old background may
      // still answer, and a page opened meanwhile would be closed under the test.
      await waitFor('the add-on to unload', async () => old.isClosed() || (await old.evaluate(() => location.href).then((href) => href !== popupUrl, () => true)));
      otto.popup = await browser.newPage();
      await waitFor(
        'the reloaded add-on',
        async () => {
          if (otto.popup.isClosed()) otto.popup = await browser.newPage();
          await openExtensionPage(otto.popup, popupUrl);
          return ready(otto.popup);
        },
        40_000,
      );
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return otto;
}

/** Sends a protocol request from an extension page; returns the raw reply. */
export interface SentReply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; params?: Record<string, string | number> };
}

export function sendFrom<T = unknown>(page: Page, message: unknown): Promise<SentReply<T>> {
  return page.evaluate((m) => (globalThis as unknown as { browser: typeof chrome }).browser.runtime.sendMessage(m), message as object) as Promise<SentReply<T>>;
}

export async function callFrom<T = unknown>(page: Page, message: unknown): Promise<T> {
  const reply = await sendFrom<T>(page, message);
  if (!reply.ok) throw new Error(`${(message as { type: string }).type} failed: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}
