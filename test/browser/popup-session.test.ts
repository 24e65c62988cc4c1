/**
 * Issue 14 item 20: the popup opens the sealed vault itself from the session key
 * (src/popup/session-open.ts) and paints the list without waiting for the background.
 * Lock stays authoritative: a popup opened after Lock opens nothing, and a lock while the
 * popup shows its own view clears it, even when the background's answers never arrive.
 * The reads start from the page's head (boot.ts), and the page names its whole module graph
 * for preloading (vite.config.ts popupPreload), so nothing waits for an import chain.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase32 } from '../../src/core/base32';
import { makeDraft, newAccount, toWire, type AccountWire } from '../../src/core/account';
import { SESSION_KEY } from '../../src/shared/vault-db';
import { call, DIST, launchOtto, type Otto } from './harness';

const PASS = 'popup session passphrase 7';

/** RFC 6238 with Node's HMAC, independent of Otto's code: 6 digits, 30 s, SHA-1. */
function totp(secret: Uint8Array, at: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * A popup page whose messages to the background are never answered (as if the service
 * worker were slow to start); `window.__sent` lists what the popup asked.
 */
async function popupWithoutBackground(otto: Otto): Promise<Page> {
  const page = await otto.context.newPage();
  await page.addInitScript(() => {
    const sent: string[] = [];
    (window as unknown as { __sent: string[] }).__sent = sent;
    chrome.runtime.sendMessage = ((message: { type?: string }) => {
      sent.push(String(message?.type));
      return new Promise(() => undefined);
    }) as typeof chrome.runtime.sendMessage;
  });
  await page.goto(otto.popup.url());
  return page;
}

const sent = (page: Page) => page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);

describe('the popup opens the vault from the session key', () => {
  let otto: Otto;
  let accounts: AccountWire[];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: PASS });
    accounts = ['Alpha', 'Beta', 'Gamma'].map((issuer) => toWire(newAccount(makeDraft({ secret: crypto.getRandomValues(new Uint8Array(20)), issuer, label: `${issuer.toLowerCase()}@example.com` }))));
    await call(otto.popup, { type: 'saveAccounts', accounts });
  });
  afterAll(() => otto?.close());

  it('paints the accounts with their codes while the background has not answered', async () => {
    const page = await popupWithoutBackground(otto);
    await expect.poll(() => page.locator('.issuer').allTextContents(), { timeout: 15_000 }).toEqual(['Alpha', 'Beta', 'Gamma']);
    for (const a of accounts) {
      const shown = (await page.locator('#account-list > li').filter({ hasText: a.issuer }).locator('.code [aria-hidden]').first().textContent())!.replace(/\D/g, '');
      const now = Date.now();
      expect([totp(decodeBase32(a.secret), now - 30_000), totp(decodeBase32(a.secret), now), totp(decodeBase32(a.secret), now + 30_000)]).toContain(shown);
    }
    // None of it came from the background: it never answered anything.
    expect((await sent(page)).every((type) => ['status', 'tabInfo'].includes(type))).toBe(true);
    await page.close();
  });

  it('a lock clears the popup’s own view at once, even before the background answered it', async () => {
    const page = await popupWithoutBackground(otto);
    await expect.poll(() => page.locator('.issuer').count(), { timeout: 15_000 }).toBe(3);
    await call(otto.popup, { type: 'lock' });
    await expect.poll(() => page.locator('.issuer').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('.code').count()).toBe(0);
    await page.close();
    await call(otto.popup, { type: 'unlock', passphrase: PASS });
  });

  it('a popup opened after Lock finds no session key and opens nothing', async () => {
    await call(otto.popup, { type: 'lock' });
    const page = await popupWithoutBackground(otto);
    // The popup asks the background for its status only once its own opening has given up.
    await expect.poll(() => sent(page), { timeout: 15_000 }).toContain('status');
    expect(await page.locator('.code').count()).toBe(0);
    expect(await page.locator('.issuer').count()).toBe(0);
    // The sealed vault is readable here, the key to open it is not.
    expect(await page.evaluate(() => chrome.storage.session.get(null))).not.toHaveProperty(SESSION_KEY);
    await page.close();
    await call(otto.popup, { type: 'unlock', passphrase: PASS });
  });

  it('starts its reads from the boot script in the head, once, before the app has loaded', async () => {
    const page = await otto.context.newPage();
    await page.addInitScript(() => {
      const calls: string[] = [];
      (window as unknown as { __reads: string[] }).__reads = calls;
      const area = chrome.storage.session;
      const get = area.get.bind(area) as (keys: string) => Promise<Record<string, unknown>>;
      area.get = ((keys: string) => {
        calls.push(new Error().stack ?? '');
        return get(keys);
      }) as typeof area.get;
    });
    await page.goto(otto.popup.url());
    await expect.poll(() => page.locator('.issuer').count(), { timeout: 15_000 }).toBe(3);
    const reads = await page.evaluate(() => (window as unknown as { __reads: string[] }).__reads);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toContain('/assets/popup-boot.js');
    await page.close();
  });
});

describe('the popup page', () => {
  const html = readFileSync(path.join(DIST, 'src/popup/index.html'), 'utf8');
  /** Chunks a built chunk imports statically (rolldown writes `from"./x.js"` and `import"./x.js"`). */
  const importsOf = (file: string) => [...readFileSync(path.join(DIST, 'assets', file), 'utf8').matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1]!);

  it('runs the boot script first, with nothing to import, and preloads every chunk of its module graph', () => {
    const boot = html.indexOf('<script src="/assets/popup-boot.js"');
    const app = /<script type="module"[^>]* src="\/assets\/(index\.html-[^"]+\.js)"/.exec(html);
    expect(boot).toBeGreaterThan(0);
    expect(app).not.toBeNull();
    expect(boot).toBeLessThan(app!.index);
    expect(importsOf('popup-boot.js')).toEqual([]);
    expect(readFileSync(path.join(DIST, 'assets/popup-boot.js'), 'utf8')).not.toMatch(/\bimport\s*\(|^\s*(import|export)\b/m);
    const entry = app![1]!;
    const graph = new Set<string>();
    const walk = (file: string) => {
      for (const dep of importsOf(file)) if (!graph.has(dep)) walk((graph.add(dep), dep));
    };
    walk(entry);
    expect(graph.size).toBeGreaterThan(2);
    const preloaded = new Set([...html.matchAll(/<link rel="modulepreload"[^>]* href="\/assets\/([^"]+)"/g)].map((m) => m[1]));
    expect([...graph].filter((f) => !preloaded.has(f))).toEqual([]);
  });
});
