/**
 * Clipboard clearing outlives the popup: the background's offscreen page clears a copied
 * code after the delay, and only if the clipboard still holds that code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/shared/digest';
import { call, currentWorker, launchOtto, type Otto } from './harness';

describe('clipboard clearing', () => {
  let otto: Otto;
  beforeAll(async () => {
    otto = await launchOtto();
  });
  afterAll(async () => otto?.close());

  const write = (text: string) => otto.popup.evaluate((t) => navigator.clipboard.writeText(t), text);
  const read = () => otto.popup.evaluate(() => navigator.clipboard.readText());

  it('clears the code after the delay, even with the popup closed', async () => {
    await write('123456');
    await call(otto.popup, { type: 'clearClipboardLater', sha256: await sha256Hex('123456'), seconds: 1 });
    // Closing the page that copied proves the clearing does not depend on it.
    const reader = await otto.context.newPage();
    await reader.goto(otto.popup.url());
    await otto.popup.close();
    otto.popup = reader;
    await expect.poll(read, { timeout: 45_000, interval: 500 }).toBe('');
  }, 60_000);

  it('leaves alone what the user copied afterwards', async () => {
    await write('654321');
    await call(otto.popup, { type: 'clearClipboardLater', sha256: await sha256Hex('654321'), seconds: 1 });
    await write('something the user copied');
    const worker = await currentWorker(otto);
    // Wait until the alarm has fired and been handled.
    await expect.poll(() => worker.evaluate(() => chrome.alarms.get('clipboard-clear')), { timeout: 45_000, interval: 500 }).toBeUndefined();
    await otto.popup.waitForTimeout(1000);
    expect(await read()).toBe('something the user copied');
  }, 60_000);
});
