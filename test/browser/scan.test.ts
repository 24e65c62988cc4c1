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
import qrcode from 'qrcode-generator';
import { serve, type TestSite } from './serve';

describe('scan QR codes in the tab', () => {
  let otto: Otto;
  let demo: DemoServer;
  let popup: Page;
  let site: TestSite;
  beforeAll(async () => {
    site = await serve({
      '/tiny': tinyQrPage('otpauth://totp/Tiny:bob?secret=JBSWY3DPEHPK3PXP&issuer=Tiny'),
      '/dot.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1" fill="#fff"/></svg>',
    });
    otto = await launchOtto();
    demo = await startDemoServer({ exposeSecrets: true });
    await call(otto.popup, { type: 'setup', passphrase: 'scan test passphrase' });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    await demo?.close();
    await site?.close();
  });

  async function scan(url: string): Promise<{ origin: string; hits: ScanHit[] }> {
    const page = await otto.context.newPage();
    await page.goto(url);
    await page.waitForLoadState('networkidle');
    await clickToolbarButton(otto, page);
    const result = await call<{ origin: string; hits: ScanHit[] }>(popup, { type: 'scanTab', tabId: await tabIdOf(otto, page) });
    await page.close();
    return result;
  }

  it('reads the enrollment QR code, binding the account to the tab origin', async () => {
    const { origin, hits } = await scan(`${demo.url}/enroll`);
    expect(origin).toBe(new URL(demo.url).origin);
    expect(hits).toHaveLength(1);
    const [account] = hits[0]!.accounts as [AccountWire];
    expect(account).toMatchObject({ issuer: 'Demo Cloud', label: 'alice@123456789012', type: 'totp', digits: 6, period: 30 });
    expect(account.sites).toEqual([new URL(demo.url).origin]);
    expect(hits[0]!.content).toEqual({ kind: 'otpauth', name: 'Demo Cloud: alice@123456789012' });
    expect(JSON.stringify(hits[0]!.content)).not.toContain(account.secret);
  });

  it('finds both codes on a page with two QR codes, in img, canvas and svg', async () => {
    const a = 'otpauth://totp/First:one?secret=JBSWY3DPEHPK3PXP&issuer=First';
    const b = 'otpauth://totp/Second:two?secret=KRSXG5CTMVRXEZLU&issuer=Second';
    for (const mode of ['img', 'canvas', 'svg']) {
      const { hits } = await scan(`${demo.url}/qr-lab?mode=${mode}&payload=${encodeURIComponent(a)}&payload=${encodeURIComponent(b)}`);
      expect(hits.flatMap((h) => h.accounts.map((x) => x.issuer)).sort(), mode).toEqual(['First', 'Second']);
    }
  });

  it('falls back to a dragged region, zoomed, when the code is too small to read; Esc cancels', async () => {
    const page = await otto.context.newPage();
    await page.goto(site.url('/tiny'));
    await page.waitForLoadState('networkidle');
    await clickToolbarButton(otto, page);
    const tabId = await tabIdOf(otto, page);
    expect((await call<{ hits: ScanHit[] }>(popup, { type: 'scanTab', tabId })).hits).toEqual([]);

    await call(popup, { type: 'selectRegion', tabId });
    await page.waitForSelector('otto-region', { state: 'attached' });
    await page.keyboard.press('Escape');
    await page.waitForSelector('otto-region', { state: 'detached' });
    expect((await call<{ hits: ScanHit[] }>(popup, { type: 'scanTab', tabId })).hits).toEqual([]);

    await call(popup, { type: 'selectRegion', tabId });
    await page.waitForSelector('otto-region', { state: 'attached' });
    const box = (await page.locator('#qr').boundingBox())!;
    await page.mouse.move(box.x - 10, box.y - 10);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width + 10, box.y + box.height + 10);
    await page.mouse.up();
    await page.waitForSelector('otto-region', { state: 'detached' });
    await expect
      .poll(async () => (await call<{ hits: ScanHit[] }>(popup, { type: 'scanTab', tabId })).hits.flatMap((h) => h.accounts.map((a) => a.issuer)), {
        timeout: 10_000,
      })
      .toEqual(['Tiny']);
    await page.close();
  });

  it('says what a non-OTP code holds and adds nothing', async () => {
    const { hits } = await scan(`${demo.url}/qr-lab?payload=${encodeURIComponent('https://example.com/welcome')}`);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.accounts).toEqual([]);
    expect(hits[0]!.content).toEqual({ kind: 'link', text: 'https://example.com/welcome' });
    expect(hits[0]!.error).toEqual({ code: 'qrNotOtp' });
    expect(await call<AccountWire[]>(popup, { type: 'accounts' })).toEqual([]);
  });
});

/**
 * A QR code drawn with one device pixel per module on a canvas that a cross-origin image
 * taints (so the page pass cannot read it): only the tab capture can see it.
 */
function tinyQrPage(payload: string): string {
  const qr = qrcode(0, 'L');
  qr.addData(payload);
  qr.make();
  const n = qr.getModuleCount();
  const dark: number[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) dark.push(r * n + c);
  return `<!doctype html><body style="margin:40px"><p>Scan this code</p>
<canvas id="qr" width="${n + 8}" height="${n + 8}" style="width:${n + 8}px;height:${n + 8}px"></canvas>
<script>
const n = ${n}; const ctx = document.getElementById('qr').getContext('2d');
ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, n + 8, n + 8); ctx.fillStyle = '#000';
for (const i of ${JSON.stringify(dark)}) ctx.fillRect(4 + (i % n), 4 + Math.floor(i / n), 1, 1);
const taint = new Image(); taint.onload = () => ctx.drawImage(taint, 0, 0); taint.src = 'http://localhost:' + location.port + '/dot.svg';
</script></body>`;
}
