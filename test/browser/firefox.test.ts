/**
 * The Firefox build (`npm run build:firefox` → dist-firefox/): its manifest, `web-ext lint`,
 * and the real thing in Debian's firefox-esr driven over WebDriver BiDi (puppeteer-core),
 * with the extension installed as a temporary add-on through BiDi's `webExtension.install`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import { makeDraft, newAccount, toWire, type Account } from '../../src/core/account';
import { decodeBase32 } from '../../src/core/base32';
import { codeFor } from '../../src/core/otp';
import { callFrom as call, FIREFOX_DIST as DIST, firefoxManifest, launchFirefoxOtto, openExtensionPage, waitFor, type FirefoxOtto } from './firefox-harness';

const ROOT = path.resolve(__dirname, '../..');
const PASS = 'correct horse battery staple';
const manifest = firefoxManifest();

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * - offscreen.*: the clipboard-clearing branch behind `if (!chrome.offscreen) return` (README, "Firefox");
 * - innerHTML: Preact's own `dangerouslySetInnerHTML` support in the popup bundle, which Otto never uses.
 */
function knownWarning(w: LintMessage): boolean {
  if (w.code === 'UNSUPPORTED_API') return /^offscreen\./.test(w.message);
  if (w.code === 'UNSAFE_VAR_ASSIGNMENT' && w.file && w.line !== undefined && w.column !== undefined) {
    const line = readFileSync(path.join(DIST, w.file), 'utf8').split('\n')[w.line - 1] ?? '';
    return line.slice(Math.max(0, w.column - 400), w.column + 100).includes('dangerouslySetInnerHTML');
  }
  return false;
}

describe('the Firefox build', () => {
  it('has an event-page background, a gecko id and minimum version, and no Chrome-only keys', () => {
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.background.service_worker).toBeUndefined();
    expect(manifest.background.scripts).toHaveLength(1);
    expect(existsSync(path.join(DIST, manifest.background.scripts[0]))).toBe(true);
    expect(manifest.browser_specific_settings.gecko.id).toMatch(/^[\w.-]+@[\w.-]+$/);
    expect(manifest.browser_specific_settings.gecko.strict_min_version).toMatch(/^\d+\.0$/);
    expect(manifest.minimum_chrome_version).toBeUndefined();
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
  });

  it('keeps the content script one self-contained file', () => {
    const scripts: string[] = manifest.content_scripts.flatMap((c: { js: string[] }) => c.js);
    expect(scripts).toHaveLength(1);
    expect(readFileSync(path.join(DIST, scripts[0]!), 'utf8')).not.toMatch(/\bimport\s*[("'{*]|\bexport\s/);
  });

  it('passes `web-ext lint` without errors', () => {
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/web-ext/bin/web-ext.js'), 'lint', '--source-dir', DIST, '--output', 'json', '--no-config-discovery'],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' }, timeout: 50_000 },
    );
    const report = JSON.parse(run.stdout) as { errors: unknown[]; warnings: LintMessage[] };
    expect(report.errors).toEqual([]);
    // Known, understood warnings only: a new one (say, another Chrome-only API) must be looked at.
    expect(report.warnings.filter((w) => !knownWarning(w))).toEqual([]);
  });
});

/** The codes a correct authenticator may show around now (a step may tick over mid-test). */
const codesNear = (account: Account) => [-1, 0, 1].map((offset) => codeFor(account, Date.now(), offset));

describe('in Firefox ESR (WebDriver BiDi)', () => {
  let ff: FirefoxOtto;
  let demo: DemoServer;
  let popup: Page;
  let account: Account;

  beforeAll(async () => {
    demo = await startDemoServer();
    ff = await launchFirefoxOtto();
    expect(ff.addonId).toBe(manifest.browser_specific_settings.gecko.id);
    popup = ff.popup;
  });

  afterAll(async () => {
    await ff?.close();
    await demo?.close();
  });

  it('runs the background event page behind the popup', async () => {
    expect(await call<{ state: string }>(popup, { type: 'status' })).toMatchObject({ state: 'new' });
    await waitFor('the setup screen', () => popup.evaluate(() => document.querySelector('#app form input[type=password]') !== null));
  });

  it('renders live codes in the popup', async () => {
    // Enroll at the demo console with a secret Otto also gets (as a scan of its QR code would).
    const enroll = await (await fetch(`${demo.url}/enroll`)).text();
    const secret = /id="secret-key"[^>]*>([A-Z2-7]+)</.exec(enroll)?.[1];
    const token = /name="token" value="([^"]+)"/.exec(enroll)?.[1];
    expect(secret && token).toBeTruthy();
    account = newAccount(makeDraft({ secret: decodeBase32(secret!), issuer: 'Demo Cloud', label: 'alice', sites: [new URL(demo.url).origin] }));
    const now = Date.now();
    const done = await fetch(`${demo.url}/enroll`, {
      method: 'POST',
      body: new URLSearchParams({ token: token!, authCode1: codeFor(account, now, 0), authCode2: codeFor(account, now, 1) }),
    });
    expect(done.status).toBe(200);

    await call(popup, { type: 'setup', passphrase: PASS });
    await call(popup, { type: 'saveAccounts', accounts: [toWire(account)] });
    await openExtensionPage(popup, ff.popupUrl); // a fresh popup, as the next toolbar click opens
    const shown = await waitFor('a code in the popup', () =>
      popup.evaluate((id) => {
        const row = document.querySelector(`li.row[data-id="${id}"]`);
        const code = row?.querySelector('.code-slot > .code > [aria-hidden="true"]')?.textContent?.replace(/\s/g, '');
        return code ? { name: row!.querySelector('.issuer')?.textContent, code } : null;
      }, account.id),
    );
    expect(shown.name).toBe('Demo Cloud');
    expect(codesNear(account)).toContain(shown.code);
  });

  it("fills the demo console's MFA field from the content script, and the console accepts it", async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${demo.url}/signin`);
    await page.type('#username', 'alice');
    await page.type('#password', 'otto-demo');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(page.url()).toBe(`${demo.url}/signin/mfa`);
    const filled = await waitFor('the MFA field to be filled', () => page.evaluate(() => (document.querySelector('#mfaCode') as HTMLInputElement).value));
    expect(codesNear(account)).toContain(filled);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    expect(await page.evaluate(() => document.body.textContent)).toContain('You signed in with MFA');
    await page.close();
  });
});
