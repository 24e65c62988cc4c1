/**
 * QR capture from the tab, in real Chromium against the demo console: the toolbar
 * button is pressed (granting activeTab, as a user's click does), then the popup asks
 * the background to scan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';
import type { ScanHit } from '../../src/shared/messages';
import { call, clickToolbarButton, launchOtto, openPopupWindow, tabIdOf, type Otto } from './harness';
import type { Page } from 'playwright-core';

describe('scan QR codes in the tab', () => {
  let otto: Otto;
  let demo: DemoServer;
  let popup: Page;
  beforeAll(async () => {
    otto = await launchOtto();
    demo = await startDemoServer({ exposeSecrets: true });
    await call(otto.popup, { type: 'setup', passphrase: 'scan test passphrase' });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    await demo?.close();
  });

  async function scan(url: string): Promise<{ host: string; hits: ScanHit[] }> {
    const page = await otto.context.newPage();
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await clickToolbarButton(otto, page);
    const result = await call<{ host: string; hits: ScanHit[] }>(popup, { type: 'scanTab', tabId: await tabIdOf(otto, page) });
    await page.close();
    return result;
  }

  it('reads the enrollment QR code, binding the account to the tab host', async () => {
    const { host, hits } = await scan(`${demo.url}/enroll`);
    expect(host).toBe('127.0.0.1');
    expect(hits).toHaveLength(1);
    const [account] = hits[0]!.accounts as [AccountWire];
    expect(account).toMatchObject({ issuer: 'Demo Cloud', label: 'alice@123456789012', type: 'totp', digits: 6, period: 30 });
    expect(account.sites).toContain('127.0.0.1');
    expect(hits[0]!.summary).not.toContain(account.secret);
  });

  it('finds both codes on a page with two QR codes, in img, canvas and svg', async () => {
    const a = 'otpauth://totp/First:one?secret=JBSWY3DPEHPK3PXP&issuer=First';
    const b = 'otpauth://totp/Second:two?secret=KRSXG5CTMVRXEZLU&issuer=Second';
    for (const mode of ['img', 'canvas', 'svg']) {
      const { hits } = await scan(`${demo.url}/qr-lab?mode=${mode}&payload=${encodeURIComponent(a)}&payload=${encodeURIComponent(b)}`);
      expect(hits.flatMap((h) => h.accounts.map((x) => x.issuer)).sort(), mode).toEqual(['First', 'Second']);
    }
  });

  it('says what a non-OTP code holds and adds nothing', async () => {
    const { hits } = await scan(`${demo.url}/qr-lab?payload=${encodeURIComponent('https://example.com/welcome')}`);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.accounts).toEqual([]);
    expect(hits[0]!.error).toMatch(/web link .*not an authenticator code/);
    expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual([]);
  });
});
