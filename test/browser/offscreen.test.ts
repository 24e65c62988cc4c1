/**
 * The offscreen clipboard page answers the service worker only. Attack: a content
 * script (any web page's renderer, if compromised) floods runtime.sendMessage with the
 * hash of a guessed code while Otto's clearing runs. Before the fix the offscreen page
 * read the clipboard for it, answered `{cleared}` and wiped the clipboard when the guess
 * matched, although Otto's own pending clear was for another code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/shared/digest';
import { call, currentWorker, inContentScript, launchOtto, send, type Otto } from './harness';
import { MFA_PAGE, serve, type TestSite } from './serve';

describe('offscreen clipboard page', () => {
  let otto: Otto;
  let site: TestSite;
  beforeAll(async () => {
    otto = await launchOtto();
    site = await serve({ '/mfa': MFA_PAGE });
  });
  afterAll(async () => {
    await otto?.close();
    await site?.close();
  });

  it('ignores a content script probing the clipboard with a guessed code', async () => {
    const page = await otto.context.newPage();
    await page.goto(site.url('/mfa'));
    await page.waitForSelector('#mfaCode');
    // The user copied something else since Otto's copy: Otto's clearing must leave it alone.
    await otto.popup.evaluate(() => navigator.clipboard.writeText('424242'));
    const guess = await sha256Hex('424242');
    // The probe floods until the test says stop, which is only after Otto's own clearing has
    // opened, used and closed its offscreen page: so the flood meets the offscreen page,
    // however late a loaded machine fires the alarm.
    const probe = inContentScript<{ sent: number; answers: unknown[]; stopped: boolean }>(page, otto.extensionId, `(async () => {
      const answers = [], pending = [], end = Date.now() + 50000;
      while (!globalThis.ottoProbeStop && Date.now() < end) {
        pending.push(chrome.runtime.sendMessage({ type: 'offscreen:clearClipboardIf', sha256: ${JSON.stringify(guess)} })
          .then((r) => { if (r && typeof r === 'object' && 'cleared' in r) answers.push(r); }, () => undefined));
        await new Promise((r) => setTimeout(r, 2));
      }
      await Promise.all(pending);
      return { sent: pending.length, answers, stopped: !!globalThis.ottoProbeStop };
    })()`);
    const worker = await currentWorker(otto);
    // Counts the offscreen pages Otto opens (clipboard.ts calls chrome.offscreen directly).
    await worker.evaluate(() => {
      const g = globalThis as unknown as { offscreenOpened: number };
      const offscreen = chrome.offscreen as unknown as { createDocument: (...args: unknown[]) => unknown };
      const real = offscreen.createDocument;
      g.offscreenOpened = 0;
      offscreen.createDocument = (...args) => {
        g.offscreenOpened++;
        return real.apply(offscreen, args);
      };
    });
    await call(otto.popup, { type: 'clearClipboardLater', sha256: await sha256Hex('999999'), seconds: 1 });
    // Otto's own clearing ran: the alarm fired, the offscreen page was opened, asked, and closed again.
    const cleared = () =>
      worker.evaluate(async () => ({
        alarm: (await chrome.alarms.get('clipboard-clear')) !== undefined,
        pending: 'clipboardPending' in (await chrome.storage.session.get('clipboardPending')),
        opened: (globalThis as unknown as { offscreenOpened: number }).offscreenOpened,
        open: await chrome.offscreen.hasDocument(),
      }));
    await expect.poll(cleared, { timeout: 45_000, interval: 250 }).toEqual({ alarm: false, pending: false, opened: 1, open: false });
    await inContentScript(page, otto.extensionId, 'globalThis.ottoProbeStop = true');
    const { sent, answers, stopped } = await probe;
    expect(stopped, 'the probe was still running when the offscreen page had come and gone').toBe(true);
    expect(sent).toBeGreaterThan(100);
    expect(answers).toEqual([]);
    expect(await otto.popup.evaluate(() => navigator.clipboard.readText())).toBe('424242');
    await page.close();
  }, 60_000);

  it('clearing delays under Chrome\'s 30-second alarm floor are refused, in the background and in Settings', async () => {
    await call(otto.popup, { type: 'setup', passphrase: 'offscreen test passphrase' });
    const refused = await send(otto.popup, { type: 'setSettings', settings: { clipboardClearSeconds: 10 } });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatchObject({ code: 'settingClipboard', params: { min: 30, max: 3600 } });
    expect((await call<{ clipboardClearSeconds: number }>(otto.popup, { type: 'setSettings', settings: { clipboardClearSeconds: 0 } })).clipboardClearSeconds).toBe(0);
    expect((await call<{ clipboardClearSeconds: number }>(otto.popup, { type: 'setSettings', settings: { clipboardClearSeconds: 30 } })).clipboardClearSeconds).toBe(30);

    const page = otto.popup;
    await page.reload();
    await page.getByRole('button', { name: 'Settings' }).click();
    const field = page.getByLabel('Clear copied codes after seconds');
    await field.fill('10');
    await field.press('Tab');
    await page.getByText('Enter 0 (off) or a whole number from 30 to 3600.').waitFor();
    await field.fill('45');
    await field.press('Tab');
    await expect.poll(async () => (await call<{ settings: { clipboardClearSeconds: number } }>(otto.popup, { type: 'status' })).settings.clipboardClearSeconds).toBe(45);
  });
});
