/**
 * Issue 13 items 3, 5 and 7 in the popup, driven as a user drives it: the popup is opened
 * over the tab under test (a background tab of the same window, so the page stays the
 * active tab the popup acts on) and clicked; fills are read back from the page and
 * checked against an independent TOTP.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, currentWorker, launchOtto, openPopupWindow, type Otto } from './harness';
import { framing, MFA_FORM, recentCodes, serveOrigin, sleep, testAccount, type Origin, type Route } from './origins';

/** A binding for exactly a served origin (scheme, host and port). */
const bindingOf = (o: Origin) => o.origin;
const dateIn = (ms: number) => new Date(Date.now() + ms).toUTCString();

describe('the popup decides, the page does not', () => {
  let otto: Otto;
  let control: Page;
  const servers: Origin[] = [];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: 'trust popup passphrase' });
    control = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    for (const s of servers) await s.close();
  });

  async function origin(ip: string, routes: Record<string, Route>): Promise<Origin> {
    const o = await serveOrigin(ip, routes);
    servers.push(o);
    return o;
  }

  /** Otto's popup for `page`'s tab: opened behind it in its window, so that the page is the tab it acts on. */
  async function popupOver(page: Page): Promise<Page> {
    const worker = await currentWorker(otto);
    const opened = otto.context.waitForEvent('page');
    await worker.evaluate(
      async ([url, popupUrl]) => {
        const tab = (await chrome.tabs.query({})).find((t) => t.url === url)!;
        await chrome.tabs.update(tab.id!, { active: true });
        await chrome.tabs.create({ url: popupUrl, windowId: tab.windowId, active: false });
      },
      [page.url(), otto.popup.url()] as const,
    );
    const popup = await opened;
    await popup.waitForLoadState();
    await popup.getByRole('list', { name: 'Accounts' }).waitFor();
    return popup;
  }

  const row = (popup: Page, issuer: string) => popup.locator('li.row').filter({ has: popup.locator('.issuer', { hasText: new RegExp(`^${issuer}$`) }) });

  it('item 7: several bound accounts — the page gets a nameless note, the popup lists them first with Fill, and Fill puts the chosen code in', async () => {
    const bank = await origin('127.0.0.51', { '/': MFA_FORM });
    const other = testAccount('Zulu', ['https://elsewhere.example']);
    const bravo = testAccount('Bravo', [bindingOf(bank)]);
    const charlie = testAccount('Charlie', [bindingOf(bank)]);
    await call(control, { type: 'saveAccounts', accounts: [other.wire, bravo.wire, charlie.wire] });
    const page = await otto.context.newPage();
    await page.goto(bank.url('/'));
    // The note says where to choose, and names no account.
    const note = await page.waitForFunction(() => document.querySelector('otto-notice'), null, { timeout: 10_000 });
    expect(await note.evaluate((n) => n!.shadowRoot)).toBeNull(); // closed
    expect(await page.inputValue('#mfaCode')).toBe('');

    const popup = await popupOver(page);
    expect(await popup.locator('li.row .issuer').allTextContents()).toEqual(['Bravo', 'Charlie', 'Zulu']);
    expect(await row(popup, 'Zulu').getByRole('button', { name: /^Fill/ }).count()).toBe(0);
    await row(popup, 'Charlie').getByRole('button', { name: 'Fill the code for Charlie into this page' }).click();
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    expect(recentCodes(charlie.key)).toContain(await page.inputValue('#mfaCode'));
    await popup.close();
    await page.close();
    for (const a of [other, bravo, charlie]) await call(control, { type: 'deleteAccount', id: a.wire.id });
  });

  it('item 3: Fill into a page framed by another site asks first in a modal dialog naming that site; Escape cancels, Fill anyway fills', async () => {
    const bank = await origin('127.0.0.53', { '/': MFA_FORM });
    const portal = await origin('127.0.0.52', { '/': framing(bank.url('/')) });
    const a = testAccount('Framed', [bindingOf(bank)]);
    await call(control, { type: 'saveAccounts', accounts: [a.wire] });
    const page = await otto.context.newPage();
    await page.goto(portal.url('/'));
    const frame = page.frames().find((f) => f.url().startsWith(bank.origin))!;
    await frame.waitForSelector('#mfaCode');
    const popup = await popupOver(page);
    // The frame reported its field by now (the popup was opened after it loaded); nothing was filled.
    await expect.poll(async () => (await call<{ codeFields: number }>(control, { type: 'tabInfo', tabId: await tabOf(page) })).codeFields).toBe(1);
    expect(await frame.inputValue('#mfaCode')).toBe('');

    // The tab's own site is the portal, which the account is not bound to: Fill is under "More".
    await row(popup, 'Framed').getByRole('button', { name: 'More for Framed' }).click();
    const fill = () => row(popup, 'Framed').getByRole('button', { name: 'Fill on this page' }).click();
    await fill();
    const dialog = popup.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open && d.matches(':modal'))).toBe(true);
    expect(await dialog.textContent()).toContain(portal.origin.replace('http://', ''));
    expect(await popup.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await popup.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await sleep(500);
    expect(await frame.inputValue('#mfaCode')).toBe('');

    await fill();
    await dialog.getByRole('button', { name: 'Fill anyway' }).click();
    await frame.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    expect(recentCodes(a.key)).toContain(await frame.inputValue('#mfaCode'));
    await popup.close();
    await page.close();
    await call(control, { type: 'deleteAccount', id: a.wire.id });
  });

  it('Fill on a plain-http page of a host bound for https warns that the page is not encrypted before filling', async () => {
    const plain = await origin('127.0.0.56', { '/': MFA_FORM });
    const a = testAccount('Plain', [`https://${plain.host}`]);
    await call(control, { type: 'saveAccounts', accounts: [a.wire] });
    const page = await otto.context.newPage();
    await page.goto(plain.url('/'));
    const popup = await popupOver(page);
    await row(popup, 'Plain').getByRole('button', { name: 'More for Plain' }).click();
    await row(popup, 'Plain').getByRole('button', { name: 'Fill on this page' }).click();
    const dialog = popup.getByRole('alertdialog', { name: 'This page is not encrypted' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(plain.origin);
    expect(await page.inputValue('#mfaCode')).toBe('');
    await dialog.getByRole('button', { name: 'Fill anyway' }).click();
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    expect(recentCodes(a.key)).toContain(await page.inputValue('#mfaCode'));
    await popup.close();
    await page.close();
    await call(control, { type: 'deleteAccount', id: a.wire.id });
  });

  async function tabOf(page: Page): Promise<number> {
    const worker = await currentWorker(otto);
    return worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)!.id!, page.url());
  }

  for (const [label, aheadMs, oneClick] of [
    ['3 min', 3 * 60_000, true],
    ['5 h', 5 * 3600_000, false],
  ] as const) {
    it(`item 5: the filled page's server clock (${label} ahead) is named in the popup; ${oneClick ? 'one click applies it' : 'no one-click correction that large'}`, async () => {
      const bank = await origin(oneClick ? '127.0.0.54' : '127.0.0.55', { '/': () => ({ headers: { date: dateIn(aheadMs) }, body: MFA_FORM }) });
      const a = testAccount(`Clock ${label}`, [bindingOf(bank)]);
      await call(control, { type: 'saveAccounts', accounts: [a.wire] });
      const page = await otto.context.newPage();
      await page.goto(bank.url('/'));
      await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
      const popup = await popupOver(page);
      const banner = popup.locator('p.banner.warn');
      await banner.waitFor();
      expect(await banner.textContent()).toContain(bank.origin.replace('http://', ''));
      const apply = banner.getByRole('button', { name: 'Apply offset' });
      if (oneClick) {
        await apply.click();
        await expect.poll(async () => (await call<{ settings: { timeOffsetMs: number } }>(control, { type: 'status' })).settings.timeOffsetMs).not.toBe(0);
        const { settings } = await call<{ settings: { timeOffsetMs: number } }>(control, { type: 'status' });
        expect(Math.abs(settings.timeOffsetMs - aheadMs)).toBeLessThan(5000);
        await call(control, { type: 'setSettings', settings: { timeOffsetMs: 0 } });
      } else {
        expect(await apply.count()).toBe(0);
        expect(await banner.textContent()).toMatch(/about 300 min/);
      }
      await popup.close();
      await page.close();
      await call(control, { type: 'deleteAccount', id: a.wire.id });
    });
  }
});
