/**
 * End-to-end journeys in real Chromium with the built extension, against the demo
 * console (which checks every code with its own TOTP implementation and refuses a
 * code whose step was already used). The extension is driven through its protocol
 * from the popup page (in its own window, so the page under test stays the active
 * tab of its window), the web pages with playwright.
 *
 * The journeys share one browser profile and one demo server, in order: enrollment,
 * automatic fill + single use, locked, unbound host, migration QR. Every fill of a
 * code consumes its 30 s step in Otto (it never fills the same step twice), so some
 * journeys wait for the next step: timeouts are generous.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import type { FillConsent, PageResponses, ScanHit } from '../../src/shared/messages';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import { call, clickToolbarButton, currentWorker, launchOtto, openPopupWindow, tabIdOf, type Otto } from './harness';

// ---------------------------------------------------------------- independent TOTP (RFC 6238, SHA-1, 6 digits, 30 s)

function base32Bytes(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text.toUpperCase().replace(/[\s=-]/g, '')) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

const stepAt = (ms: number) => Math.floor(ms / 30_000);

function totpAtStep(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Bytes(secretBase32)).update(counter).digest();
  const o = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[o]! & 0x7f) << 24) | (mac[o + 1]! << 16) | (mac[o + 2]! << 8) | mac[o + 3]!;
  return String(n % 1_000_000).padStart(6, '0');
}

/** The step whose code is `code`, searched around `ms`; undefined if none matches. */
function stepOfCode(secretBase32: string, code: string, ms: number): number | undefined {
  const s = stepAt(ms);
  return [s, s - 1, s + 1, s - 2].find((x) => totpAtStep(secretBase32, x) === code);
}

// ---------------------------------------------------------------- minimal protobuf reader for the migration payload

interface MigrationEntry {
  secret: Buffer;
  name: string;
  issuer: string;
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return [result, pos];
  }
}

/** Length-delimited fields (wire type 2) by field number; other wire types are skipped. */
function fields(buf: Buffer): Array<[number, Buffer]> {
  const out: Array<[number, Buffer]> = [];
  let pos = 0;
  while (pos < buf.length) {
    let key: number;
    [key, pos] = readVarint(buf, pos);
    const wire = key & 7;
    if (wire === 0) [, pos] = readVarint(buf, pos);
    else if (wire === 2) {
      let len: number;
      [len, pos] = readVarint(buf, pos);
      out.push([key >>> 3, buf.subarray(pos, pos + len)]);
      pos += len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

function decodeMigration(uri: string): MigrationEntry[] {
  const data = Buffer.from(decodeURIComponent(new URL(uri).searchParams.get('data')!), 'base64');
  return fields(data)
    .filter(([n]) => n === 1)
    .map(([, otp]) => {
      const f = fields(otp);
      const get = (n: number) => f.find(([k]) => k === n)?.[1] ?? Buffer.alloc(0);
      return { secret: Buffer.from(get(1)), name: get(2).toString('utf8'), issuer: get(3).toString('utf8') };
    });
}

// ---------------------------------------------------------------- helpers

type FillResult = PageResponses['fillTab'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface DemoLog {
  devices: Array<{ user: string; lastUsedStep: number | null }>;
  log: Array<{ action: string; ok: boolean; reason: string }>;
}

describe('journeys against the demo console', () => {
  let otto: Otto;
  let demo: DemoServer;
  let popup: Page;
  let account: AccountWire;

  beforeAll(async () => {
    otto = await launchOtto();
    demo = await startDemoServer({ exposeSecrets: true });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    await demo?.close();
  });

  const demoState = async (base = demo.url) => (await (await fetch(`${base}/api/state`)).json()) as DemoLog;
  const lastLog = async () => (await demoState()).log.at(-1);

  /** fillTab, waiting out a `waitMs` answer (the step was used, or about to expire) the way the popup does. */
  async function fillTab(req: { tabId: number; accountId: string; both?: boolean; consent?: FillConsent }): Promise<FillResult> {
    for (let i = 0; i < 3; i++) {
      const r = await call<FillResult>(popup, { type: 'fillTab', ...req });
      if (!('waitMs' in r)) return r;
      expect(r.waitMs).toBeLessThanOrEqual(60_100);
      await sleep(r.waitMs + 100);
    }
    throw new Error('fillTab kept asking to wait');
  }

  async function signIn(base = demo.url): Promise<Page> {
    const page = await otto.context.newPage();
    await page.goto(`${base}/signin`);
    await page.fill('#username', 'alice');
    await page.fill('#password', 'otto-demo');
    await Promise.all([page.waitForURL('**/signin/mfa'), page.click('button[type=submit]')]);
    await expect.poll(() => page.locator('#mfaCode').count()).toBe(1);
    return page;
  }

  const mfaValue = (page: Page) => page.inputValue('#mfaCode');

  /** Waits until the MFA field holds six digits; returns the code and when it was seen. */
  async function filledCode(page: Page, timeout: number): Promise<{ code: string; at: number }> {
    await page.waitForFunction(() => /^\d{6}$/.test((document.getElementById('mfaCode') as HTMLInputElement).value), null, {
      timeout,
      polling: 100,
    });
    return { code: await mfaValue(page), at: Date.now() };
  }

  async function submitForm(page: Page): Promise<void> {
    await Promise.all([page.waitForEvent('load'), page.click('form button[type=submit]')]);
  }

  async function submitMfa(page: Page): Promise<void> {
    await submitForm(page);
    expect(await page.locator('h1').textContent()).toBe('Signed in to Demo Cloud console');
  }

  it('journey 1: first run → scan the enrollment QR → fill both codes → the demo assigns the device', { timeout: 120_000 }, async () => {
    expect((await call<PageResponses['status']>(popup, { type: 'status' })).state).toBe('new');
    await call(popup, { type: 'setup', passphrase: 'journey passphrase' });

    const page = await otto.context.newPage();
    await page.goto(`${demo.url}/enroll`);
    await page.waitForLoadState('networkidle');
    const pageSecret = (await page.locator('#secret-key').textContent())!.trim();
    expect(pageSecret).toMatch(/^[A-Z2-7]{16,}$/);
    // The enrollment QR code is an <img> (scanned from the page's own pixels).
    expect(await page.locator('.qr-box img').count()).toBe(1);

    await clickToolbarButton(otto, page);
    const tabId = await tabIdOf(otto, page);
    const scanned = await call<{ origin: string; hits: ScanHit[] }>(popup, { type: 'scanTab', tabId });
    expect(scanned.origin).toBe(`http://127.0.0.1:${demo.port}`);
    expect(scanned.hits).toHaveLength(1);
    account = scanned.hits[0]!.accounts[0]!;
    expect(account.secret.replace(/=+$/, '')).toBe(pageSecret);
    // Bound to exactly the page it was scanned on: scheme, host and port.
    expect(account.sites).toEqual([`http://127.0.0.1:${demo.port}`]);
    await call(popup, { type: 'saveAccounts', accounts: [account] });
    expect((await call<AccountWire[]>(popup, { type: 'accounts' })).map((a) => a.id)).toEqual([account.id]);

    // Nothing was filled on its own: the fields were reported while no account was bound.
    expect([await page.inputValue('#mfaCode1'), await page.inputValue('#mfaCode2')]).toEqual(['', '']);

    const result = await fillTab({ tabId, accountId: account.id, both: true });
    const at = Date.now();
    expect(result).toEqual({ filled: 2 });
    const code1 = await page.inputValue('#mfaCode1');
    const code2 = await page.inputValue('#mfaCode2');
    const step = stepOfCode(pageSecret, code1, at);
    expect(step, `code 1 ${code1} is not a current code of the page's secret`).toBeDefined();
    expect(code2).toBe(totpAtStep(pageSecret, step! + 1));

    await submitForm(page);
    expect(await page.locator('h1').textContent()).toBe('MFA device assigned');
    expect(await lastLog()).toMatchObject({ action: 'enroll', ok: true, reason: 'assigned' });
    const secret = (await (await fetch(`${demo.url}/api/test/secret`)).json()) as { secret: string };
    expect(secret.secret).toBe(pageSecret);
    await page.close();
  });

  it('journey 5: an account bound to 127.0.0.1 is not filled on localhost; fillTab asks, naming the binding and the page; with consent it fills', { timeout: 120_000 }, async () => {
    const base = `http://localhost:${demo.port}`;
    const page = await signIn(base);
    await sleep(3000);
    expect(await mfaValue(page)).toBe('');

    // The user opens Otto from the toolbar on this tab (granting activeTab), and the popup fills.
    await clickToolbarButton(otto, page);
    const tabId = await tabIdOf(otto, page);
    const refused = await fillTab({ tabId, accountId: account.id });
    expect(refused).toEqual({ ask: { pageOrigin: base, topOrigin: null, unbound: { site: `http://127.0.0.1:${demo.port}` }, insecure: false, framed: false } });
    expect(await mfaValue(page)).toBe('');

    const filled = await fillTab({ tabId, accountId: account.id, consent: { pageOrigin: base, topOrigin: null } });
    expect(filled).toEqual({ filled: 1 });
    const code = await mfaValue(page);
    expect(stepOfCode(account.secret, code, Date.now())).toBeDefined();
    await submitMfa(page);
    expect(await lastLog()).toMatchObject({ action: 'signin-mfa', ok: true });
    await page.close();
  });

  it('journey 2: the MFA field fills itself; a second sign-in at once waits for the next code', { timeout: 150_000 }, async () => {
    // First sign-in. Otto may have to wait for a step it has not used yet (journeys 1 and 5 used some).
    const first = await signIn();
    const a = await filledCode(first, 65_000);
    const stepA = stepOfCode(account.secret, a.code, a.at);
    expect(stepA, `filled ${a.code} is not a current code`).toBeDefined();
    await submitMfa(first);
    expect(await lastLog()).toMatchObject({ action: 'signin-mfa', ok: true, reason: 'signed-in' });
    await first.close();

    // Second sign-in at once: the code of stepA was used, so the field must stay empty until stepA + 1.
    const second = await signIn();
    const loadedAt = Date.now();
    const stillSameStep = stepAt(loadedAt + 1000) === stepA;
    if (stillSameStep) {
      await sleep(1000);
      expect(await mfaValue(second), 'Otto refilled a code that was already used').toBe('');
    }
    const b = await filledCode(second, 35_000);
    const stepB = stepOfCode(account.secret, b.code, b.at);
    expect(b.code).not.toBe(a.code);
    expect(stepB).toBeGreaterThan(stepA!);
    // It filled as soon as the next step began (timers, not a reload, brought it back).
    expect(b.at).toBeGreaterThanOrEqual(stepB! * 30_000);
    expect(b.at - Math.max(loadedAt, stepB! * 30_000)).toBeLessThan(3000 + 2000);
    console.log(`journey 2: second sign-in waited ${((b.at - loadedAt) / 1000).toFixed(1)} s for the next step (same step at load: ${stillSameStep})`);
    await submitMfa(second);
    const state = await demoState();
    expect(state.log.at(-1)).toMatchObject({ action: 'signin-mfa', ok: true, reason: 'signed-in' });
    expect(state.log.filter((e) => e.reason === 'reused')).toEqual([]);
    expect(state.log.filter((e) => e.action === 'signin-mfa' && !e.ok)).toEqual([]);
    await second.close();
  });

  it('journey 3: locked → the badge asks for attention and nothing fills → unlock → the waiting page fills → accepted', { timeout: 120_000 }, async () => {
    await call(popup, { type: 'lock' });
    const worker = await currentWorker(otto);
    const page = await signIn();
    await sleep(2000);
    expect(await mfaValue(page)).toBe('');
    const badge = await worker.evaluate(() => chrome.action.getBadgeText({}));
    expect(badge).not.toBe('');
    // The popup cannot read accounts while locked.
    expect((await call<PageResponses['status']>(popup, { type: 'status' })).state).toBe('locked');

    await call(popup, { type: 'unlock', passphrase: 'journey passphrase' });
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('');
    const { code, at } = await filledCode(page, 65_000);
    expect(stepOfCode(account.secret, code, at)).toBeDefined();
    await submitMfa(page);
    expect(await lastLog()).toMatchObject({ action: 'signin-mfa', ok: true, reason: 'signed-in' });
    await page.close();
  });

  it('journey 8: a migration QR with two accounts → scanTab reads both → saveAccounts adds both', async () => {
    // The first QR code of the Google Authenticator export made by scripts/test-data/.
    const uri = readFileSync(path.resolve(__dirname, '../data/import/google-migration.txt'), 'utf8').trim().split(/\s+/)[0]!;
    expect(uri.startsWith('otpauth-migration://offline?data=')).toBe(true);
    const expected = decodeMigration(uri);
    expect(expected).toHaveLength(2);

    const before = await call<AccountWire[]>(popup, { type: 'accounts' });
    const page = await otto.context.newPage();
    await page.goto(`${demo.url}/qr-lab?payload=${encodeURIComponent(uri)}`);
    await page.waitForLoadState('networkidle');
    expect(await page.locator('img').count()).toBeGreaterThan(0);
    await clickToolbarButton(otto, page);
    const { hits } = await call<{ origin: string; hits: ScanHit[] }>(popup, { type: 'scanTab', tabId: await tabIdOf(otto, page) });
    const accounts = hits.flatMap((h) => h.accounts);
    expect(accounts).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) {
      expect(accounts[i]!.issuer).toBe(e.issuer);
      expect(e.name).toContain(accounts[i]!.label);
      expect(base32Bytes(accounts[i]!.secret).equals(e.secret)).toBe(true);
    }
    await call(popup, { type: 'saveAccounts', accounts });
    const after = await call<AccountWire[]>(popup, { type: 'accounts' });
    expect(after).toHaveLength(before.length + expected.length);
    expect(after.slice(-expected.length).map((a) => a.issuer)).toEqual(expected.map((e) => e.issuer));
    await page.close();
  });
});
