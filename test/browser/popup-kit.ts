/** Shared steps of the popup UI tests: axe-core, seeded vaults, the tab Scan and Fill act on, zoom. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type AccountWire, makeDraft, newAccount, toWire } from '../../src/core/account';
import { call, currentWorker, type Otto } from './harness';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const PASS = 'tangerine kettle 42 orbit';
export const rnd = (n = 20) => crypto.getRandomValues(new Uint8Array(n));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** Runs axe-core (every rule it runs by default: WCAG 2.x A/AA and best practices) on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // DevTools evaluation is not bound by the extension page's CSP, so axe can be injected.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

/** Zero axe violations in light and in dark colours; `screen` names the state in the failure message. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Let transitions settle (tooltips, the dialog's backdrop).
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const violations = await axeViolations(page);
    expect(violations, `${screen} (${colorScheme}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const PEOPLE: Array<[string, string, string[]]> = [
  ['Amazon Web Services', 'alice@acme-prod (root)', ['https://signin.aws.amazon.com']],
  ['GitHub', 'alice-acme', ['https://github.com']],
  ['Google', 'alice@acme.example', ['https://accounts.google.com']],
  ['Microsoft', 'alice@acme.onmicrosoft.com', ['https://login.microsoftonline.com']],
  ['GitLab', 'alice.acme', ['https://gitlab.com']],
  ['Okta', 'alice@acme.okta.com', ['https://acme.okta.com']],
];

/** Accounts as a user has them: a pinned one, an HOTP one, a right-to-left name. */
export function sampleAccounts(): AccountWire[] {
  const accounts = PEOPLE.map(([issuer, label, sites]) => toWire(newAccount(makeDraft({ secret: rnd(20), issuer, label, sites }))));
  accounts[1]!.pinned = true;
  accounts.push(toWire(newAccount(makeDraft({ secret: rnd(20), issuer: 'Bank', label: 'card reader', type: 'hotp', counter: 3 }))));
  accounts.push(toWire(newAccount(makeDraft({ secret: rnd(20), issuer: 'بنك الرياض', label: 'محمد' }))));
  return accounts;
}

/** `n` TOTP accounts named "Service 1…n", created one millisecond apart (the order of creation). */
export function manyAccounts(n: number, start = Date.now()): AccountWire[] {
  return Array.from({ length: n }, (_, i) => toWire(newAccount(makeDraft({ secret: rnd(20), issuer: `Service ${i + 1}`, label: `user${i + 1}@example.com` }), start + i)));
}

export async function seed(page: Page, accounts: AccountWire[]): Promise<void> {
  await call(page, { type: 'saveAccounts', accounts });
  await page.reload();
  await page.locator('#account-list .row-main').first().waitFor();
}

export function list(page: Page): Locator {
  return page.getByRole('list', { name: 'Accounts' });
}
export function row(page: Page, issuer: string): Locator {
  return list(page).getByRole('listitem').filter({ has: page.locator('.issuer', { hasText: new RegExp(`^${issuer}$`) }) });
}

/** Sets the browser zoom of the tab showing `page` (as Ctrl + / Ctrl − do). */
export async function setZoom(otto: Otto, page: Page, factor: number): Promise<void> {
  const worker = await currentWorker(otto);
  await worker.evaluate(
    async ({ url, factor }) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      await chrome.tabs.setZoom(tab!.id!, factor);
    },
    { url: page.url(), factor },
  );
  await expect.poll(() => page.evaluate(() => devicePixelRatio)).toBe(factor);
}

/**
 * Makes `target` the active tab of the popup page's window, so the popup (a background
 * tab there) sees it as the page it acts on, as the real popup sees the page under it.
 */
export async function activate(otto: Otto, target: Page): Promise<void> {
  const worker = await currentWorker(otto);
  await worker.evaluate(async (url) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
    await chrome.tabs.update(tab!.id!, { active: true });
  }, target.url());
}

/** WCAG relative-luminance contrast of two CSS colours (rgb()/rgba() over an opaque background). */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r, g, bl] = css.match(/[\d.]+/g)!.slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Sets the time offset so that code time is `second` seconds into a 30-s step now; returns the offset. */
export async function codeTimeAt(page: Page, second: number): Promise<number> {
  const offset = (((second * 1000 - (Date.now() % 30_000)) % 30_000) + 30_000) % 30_000;
  await call(page, { type: 'setSettings', settings: { timeOffsetMs: offset } });
  return offset;
}

/** Waits (real time) until code time, with `offset`, is `second` seconds into a step. */
export async function waitForStepSecond(offset: number, second: number): Promise<void> {
  const into = (Date.now() + offset) % 30_000;
  await new Promise((r) => setTimeout(r, (((second * 1000 - into) % 30_000) + 30_000) % 30_000));
}

// A tiny protobuf writer: a Google Authenticator export ("otpauth-migration://") of TOTP accounts.
const varint = (n: number): number[] => {
  const out: number[] = [];
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return out;
};
const bytesField = (field: number, b: Uint8Array | string): number[] => {
  const bytes = typeof b === 'string' ? [...new TextEncoder().encode(b)] : [...b];
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
};
const intField = (field: number, n: number): number[] => [...varint(field << 3), ...varint(n)];

export function migrationLink(accounts: Array<{ secret: Uint8Array; name: string; issuer: string }>): string {
  const payload = accounts.flatMap((a) =>
    bytesField(1, Uint8Array.from([...bytesField(1, a.secret), ...bytesField(2, a.name), ...bytesField(3, a.issuer), ...intField(4, 1), ...intField(5, 1), ...intField(6, 2)])),
  );
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`;
}

/** Exports and reveals ask for the vault passphrase again (issue 13 item 10): answer the dialog. */
export async function confirmPassphrase(page: Page, passphrase = PASS): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('Passphrase').fill(passphrase);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Reads one record of Otto's IndexedDB (src/shared/vault-db.ts) from an extension page; with `value`, writes it first. */
export function idbRecord(page: Page, key: string, value?: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ key, value, write }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('otto');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const store = db.transaction('kv', 'readwrite').objectStore('kv');
      if (write) store.put(value, key);
      const got = await new Promise<unknown>((resolve) => {
        const req = store.get(key);
        req.onsuccess = () => resolve(req.result);
      });
      db.close();
      return got;
    },
    { key, value, write: value !== undefined },
  );
}
