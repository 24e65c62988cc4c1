/**
 * Debian's firefox-esr with dist-firefox/ installed as a temporary add-on over WebDriver
 * BiDi (puppeteer-core), for tests of Firefox-specific behaviour. Same launch as
 * firefox.test.ts: a pinned moz-extension host, system access for extension pages.
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
  /** Otto's popup page, opened in a tab: talks to the background. */
  popup: Page;
  popupUrl: string;
  close(): Promise<void>;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false | ''>, ms = 15_000): Promise<T> {
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
  const manifestPath = path.join(FIREFOX_DIST, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error('dist-firefox/ is missing: run `npm run build:firefox` first (npm test does).');
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH).`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const id: string = manifest.browser_specific_settings.gecko.id;
  const profile = mkdtempSync(path.join(tmpdir(), 'otto-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [id]: UUID }) },
  });
  await browser.installExtension(FIREFOX_DIST);
  const popupUrl = `moz-extension://${UUID}/${manifest.action.default_popup}`;
  const popup = await browser.newPage();
  await openExtensionPage(popup, popupUrl);
  return {
    browser,
    popup,
    popupUrl,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
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
