/**
 * Filling through the real extension (content script ⇄ worker) on pages served by the
 * test, each on its own loopback address (127.0.0.2, .3, …) so that every test has a
 * host of its own for site binding. Codes are checked against an independent TOTP.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { call, currentWorker, launchOtto, openPopupWindow, type Otto } from './harness';
import { MFA_PAGE } from './serve';

// ---------------------------------------------------------------- independent TOTP (RFC 6238, SHA-1, 6 digits, 30 s)

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
function toBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(value << (5 - bits)) & 31];
  return out;
}

function totpAtStep(key: Buffer, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[o]! & 0x7f) << 24) | (mac[o + 1]! << 16) | (mac[o + 2]! << 8) | mac[o + 3]!;
  return String(n % 1_000_000).padStart(6, '0');
}

/** Codes of the steps around now (a fill may straddle a step boundary). */
function recentCodes(key: Buffer): string[] {
  const s = Math.floor(Date.now() / 30_000);
  return [s, s - 1].map((x) => totpAtStep(key, x));
}

// ---------------------------------------------------------------- test accounts and sites

interface TestAccount {
  key: Buffer;
  wire: AccountWire;
}

/** `site`: the page's origin: bindings are scheme, host and port (`http://127.0.0.2:PORT`). */
function testAccount(issuer: string, site: string): TestAccount {
  const key = randomBytes(20);
  const now = Date.now();
  return {
    key,
    wire: {
      id: crypto.randomUUID(),
      type: 'totp',
      issuer,
      label: `${issuer.toLowerCase()}@example.test`,
      secret: toBase32(key),
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
      sites: [site],
      created: now,
      updated: now,
      pinned: false,
      autoSubmit: false,
    },
  };
}

/** One HTML page at `/` on a loopback address of its own (any 127.x.y.z is local on Linux). */
async function serveOn(ip: string, html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, ip, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${ip}:${port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A six-box code widget that behaves like React controlled inputs (see fill.test.ts). */
const SPLIT_PAGE = `<!doctype html><meta charset="utf-8"><title>Verify</title>
<style>.otp{display:flex;gap:6px}.otp input{width:30px;text-align:center}</style>
<div id="root">
  <form id="form">
    <h1>Two-factor authentication</h1>
    <p>Enter the 6-digit code from your authenticator app.</p>
    <div class="otp" role="group" aria-label="Authentication code">
      ${[0, 1, 2, 3, 4, 5].map((i) => `<input class="box" data-i="${i}" maxlength="1" inputmode="numeric" autocomplete="${i ? 'off' : 'one-time-code'}" aria-label="Digit ${i + 1}">`).join('')}
    </div>
    <button type="submit">Verify</button>
  </form>
</div>
<script>
{
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  window.state = { boxes: ['', '', '', '', '', ''], submitted: 0, naive: null };
  const tracked = new WeakMap();
  const boxes = [...document.querySelectorAll('.box')];
  for (const input of boxes) {
    tracked.set(input, input.value);
    Object.defineProperty(input, 'value', {
      configurable: true,
      get() { return proto.get.call(this); },
      set(v) { tracked.set(this, String(v)); proto.set.call(this, v); },
    });
  }
  const render = () => boxes.forEach((b, i) => { b.value = state.boxes[i]; });
  document.getElementById('root').addEventListener('input', (e) => {
    const input = e.target;
    const value = proto.get.call(input);
    if (value !== tracked.get(input)) {
      tracked.set(input, value);
      const i = Number(input.dataset.i);
      state.boxes[i] = value.replace(/\\D/g, '').slice(-1);
      if (state.boxes[i] && boxes[i + 1]) boxes[i + 1].focus();
    }
    render();
  });
  document.getElementById('form').addEventListener('submit', (e) => { e.preventDefault(); state.submitted++; });
}
</script>`;

const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>Settings</title>
<p>Nothing here says what this field is for.</p>
<input id="x">`;

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('filling through the extension', () => {
  let otto: Otto;
  let popup: Page;
  const sites: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: 'autofill test passphrase' });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    for (const s of sites) await s.close();
  });

  async function site(ip: string, html: string) {
    const s = await serveOn(ip, html);
    sites.push(s);
    return s;
  }

  /**
   * Opens `url` in a new tab and returns the page and its tab id. Otto has no "tabs"
   * permission, so the worker cannot see tab URLs: the new tab is the one id that appears.
   */
  async function openTab(url: string): Promise<{ page: Page; tabId: number }> {
    const worker = await currentWorker(otto);
    const ids = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
    const before = new Set(await ids());
    const page = await otto.context.newPage();
    const added = (await ids()).filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    return { page, tabId: added[0]! };
  }

  it('fills a React-style split code, one digit per box, into component state, without submitting', async () => {
    const s = await site('127.0.0.2', SPLIT_PAGE);
    const a = testAccount('Split', new URL(s.url).origin);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });

    const { page } = await openTab(s.url);
    await page.waitForFunction(() => (window as unknown as { state: { boxes: string[] } }).state.boxes.join('').length === 6, null, {
      timeout: 35_000, // at most one wait for a fresh step (<3 s left in the current one)
    });
    const seen = await page.evaluate(() => {
      const w = window as unknown as { state: { boxes: string[]; submitted: number } };
      return {
        dom: [...document.querySelectorAll<HTMLInputElement>('.box')].map((b) => b.value),
        state: w.state.boxes.join(''),
        submitted: w.state.submitted,
      };
    });
    expect(recentCodes(a.key)).toContain(seen.state);
    expect(seen.dom).toEqual(seen.state.split(''));
    expect(seen.submitted).toBe(0);
    await sleep(500);
    expect(await page.evaluate(() => (window as unknown as { state: { submitted: number } }).state.submitted)).toBe(0);

    // The emulation is real: a naive assignment (no input event React would accept) is reverted.
    const naive = await page.evaluate(() => {
      const box = document.querySelector<HTMLInputElement>('.box')!;
      box.value = '9';
      box.dispatchEvent(new Event('input', { bubbles: true }));
      return box.value;
    });
    expect(naive).toBe(seen.state[0]);
    await page.close();
  });

  type FillResult = { filled: number } | { waitMs: number } | { ask: unknown };
  /** The popup's Fill, waiting out a `waitMs` answer the way the popup does. */
  async function fillTab(tabId: number, accountId: string): Promise<{ result: FillResult; waited: boolean }> {
    let waited = false;
    for (let i = 0; i < 3; i++) {
      const result = await call<FillResult>(popup, { type: 'fillTab', tabId, accountId });
      if (!('waitMs' in result)) return { result, waited };
      expect(result.waitMs).toBeLessThanOrEqual(30_100);
      waited = true;
      await sleep(result.waitMs + 100);
    }
    throw new Error('fillTab kept asking to wait');
  }

  it('several bound accounts: the page shows a note, no names and nothing to click; the popup’s Fill fills the account picked there', async () => {
    const s = await site('127.0.0.3', MFA_PAGE);
    const bravo = testAccount('Bravo', new URL(s.url).origin);
    const charlie = testAccount('Charlie', new URL(s.url).origin);
    await call(popup, { type: 'saveAccounts', accounts: [bravo.wire, charlie.wire] });

    const { page, tabId } = await openTab(s.url);
    await page.waitForSelector('otto-notice', { state: 'attached', timeout: 10_000 });
    expect(await page.inputValue('#mfaCode')).toBe('');
    expect((await fillTab(tabId, charlie.wire.id)).result).toEqual({ filled: 1 });
    expect(recentCodes(charlie.key)).toContain(await page.inputValue('#mfaCode'));
    expect(await page.locator('otto-notice').count()).toBe(0);
    await page.close();
  });

  it('a second Fill of the same account in the same 30 s waits for its next code and fills it', { timeout: 60_000 }, async () => {
    const s = await site('127.0.0.6', MFA_PAGE);
    const delta = testAccount('Delta', new URL(s.url).origin);
    const echo = testAccount('Echo', new URL(s.url).origin);
    await call(popup, { type: 'saveAccounts', accounts: [delta.wire, echo.wire] });
    const { page, tabId } = await openTab(s.url);

    expect((await fillTab(tabId, delta.wire.id)).result).toEqual({ filled: 1 });
    const first = await page.inputValue('#mfaCode');
    const firstStep = Math.floor(Date.now() / 30_000);
    expect(recentCodes(delta.key)).toContain(first);

    await page.reload();
    await page.waitForSelector('otto-notice', { state: 'attached', timeout: 10_000 });
    const askedAt = Date.now();
    const { result, waited } = await fillTab(tabId, delta.wire.id);
    const filledAt = Date.now();
    expect(result).toEqual({ filled: 1 });
    const second = await page.inputValue('#mfaCode');
    expect(second).not.toBe(first);
    expect(recentCodes(delta.key)).toContain(second);
    if (Math.floor(askedAt / 30_000) === firstStep) {
      expect(waited).toBe(true);
      expect(filledAt).toBeGreaterThanOrEqual((firstStep + 1) * 30_000);
    }
    await page.close();
  });

  /*
   * Shortcut and context menu. Browser shortcuts and native context menus cannot be
   * driven headlessly, so these start at the message their listeners send
   * (src/background/menus.ts): `requestFill` to the tab (shortcut: every frame, the
   * focused one answers) or to the clicked frame (menu: `{ frameId }`), not at the key press.
   */
  for (const path of ['shortcut', 'menu'] as const) {
    it(`${path}: fills the focused field that detection passed over with the bound account's code`, async () => {
      const ip = path === 'shortcut' ? '127.0.0.4' : '127.0.0.5';
      const s = await site(ip, PLAIN_PAGE);
      const a = testAccount(`Plain ${path}`, new URL(s.url).origin);
      await call(popup, { type: 'saveAccounts', accounts: [a.wire] });

      const { page, tabId } = await openTab(s.url);
      const info = await call<{ host: string; codeFields: number }>(popup, { type: 'tabInfo', tabId });
      expect(info).toMatchObject({ host: ip, codeFields: 0 });
      await page.focus('#x');
      await sleep(1000);
      expect(await page.inputValue('#x')).toBe(''); // nothing automatic: detection found no code field

      const worker = await currentWorker(otto);
      await worker.evaluate(
        ([id, menu]) => (menu ? chrome.tabs.sendMessage(id, { type: 'requestFill' }, { frameId: 0 }) : chrome.tabs.sendMessage(id, { type: 'requestFill' })),
        [tabId, path === 'menu'] as const,
      );
      await page.waitForFunction(() => (document.getElementById('x') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
      expect(recentCodes(a.key)).toContain(await page.inputValue('#x'));
      await page.close();
    });
  }

  it("'request' autofill mode: a shortcut in the same 30 s as the last fill waits for the next code and fills it", { timeout: 60_000 }, async () => {
    const s = await site('127.0.0.7', PLAIN_PAGE);
    const a = testAccount('Request mode', new URL(s.url).origin);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    await call(popup, { type: 'setSettings', settings: { autofill: 'request' } });
    try {
      const { page, tabId } = await openTab(s.url);
      const worker = await currentWorker(otto);
      const shortcut = () => worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'requestFill' }), tabId);
      await page.focus('#x');
      await shortcut();
      await page.waitForFunction(() => (document.getElementById('x') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
      const first = await page.inputValue('#x');
      expect(recentCodes(a.key)).toContain(first);

      await page.reload();
      await page.focus('#x');
      await shortcut();
      await page.waitForFunction(() => (document.getElementById('x') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
      const second = await page.inputValue('#x');
      expect(second).not.toBe(first);
      expect(recentCodes(a.key)).toContain(second);
      await page.close();
    } finally {
      await call(popup, { type: 'setSettings', settings: { autofill: 'auto' } });
    }
  });
});
