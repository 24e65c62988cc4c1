/**
 * What the popup loads only when needed, from the store build itself, in Chromium and Firefox:
 * the Setup screen's strength estimate (its lists cut at build time, scripts/strength-lists.mjs)
 * and the two workers that are entries of the main build (vite.config.ts WORKERS), sharing
 * jsQR and the importers with the rest of the package instead of carrying copies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOtto, type Otto } from './harness';
import { launchFirefoxOtto, waitFor, type FirefoxOtto } from './firefox-harness';

const DATA = path.resolve(__dirname, '../data');
const QR = JSON.parse(readFileSync(path.join(DATA, 'qr/expected.json'), 'utf8')) as Record<string, { texts: string[] }>;
const LIST = JSON.parse(readFileSync(path.join(DATA, 'import/expected.json'), 'utf8'))['otpauth-list.txt'] as { entries: { name: string }[] };

type Evaluate = <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;

/** The meter's value and words after typing `passphrase` into Setup's first field. */
async function strengthOf(evaluate: Evaluate, passphrase: string): Promise<{ value: number; text: string }> {
  return evaluate(async (p: string) => {
    const input = document.querySelector<HTMLInputElement>('input[autocomplete="new-password"]')!;
    input.value = p;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    for (let i = 0; i < 200; i++) {
      const meter = document.querySelector<HTMLMeterElement>('#setup-strength meter');
      const text = document.querySelector('#setup-strength p')?.textContent ?? '';
      // The scorer loads lazily: wait until the meter shows and reflects this passphrase.
      if (meter && input.value === p && text) {
        await new Promise((r) => setTimeout(r, 50));
        return { value: meter.value, text: document.querySelector('#setup-strength p')!.textContent ?? '' };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no strength meter');
  }, passphrase);
}

/** Runs the two workers from the popup page the way the popup does (src/popup/workers.ts paths). */
async function runWorkers(evaluate: Evaluate, png: number[], list: number[]) {
  return evaluate(
    async ({ png, list }: { png: number[]; list: number[] }) => {
      const run = (name: string, message: unknown) =>
        new Promise<unknown>((resolve, reject) => {
          const w = new Worker(`/assets/${name}.js`, { type: 'module' });
          w.onmessage = (e) => (resolve(e.data), w.terminate());
          w.onerror = (e) => reject(new Error(`${name}: ${e.message}`));
          w.postMessage(message);
        });
      const qr = await run('image-qr-worker', new Blob([new Uint8Array(png)]));
      const imported = (await run('import-worker', { source: { name: 'otpauth-list.txt', bytes: new Uint8Array(list) } })) as { ok: boolean; result?: { accounts: { label: string }[] } };
      return { qr, names: imported.result?.accounts.map((a) => a.label) ?? imported };
    },
    { png, list },
  );
}

const png = [...readFileSync(path.join(DATA, 'qr/google-export-screenshot.png'))];
const list = [...readFileSync(path.join(DATA, 'import/otpauth-list.txt'))];

function checks(evaluate: () => Evaluate) {
  it('rates passphrases on the Setup screen with the built-in lists', async () => {
    const weak = await strengthOf(evaluate(), 'password1');
    expect(weak.value).toBeLessThanOrEqual(1);
    const strong = await strengthOf(evaluate(), 'correct horse battery staple zebra');
    expect(strong.value).toBeGreaterThanOrEqual(3);
    expect(strong.text).not.toBe(weak.text);
  });

  it('reads a QR image and an import file in the workers of the main build', async () => {
    const { qr, names } = await runWorkers(evaluate(), png, list);
    expect(qr).toEqual({ texts: QR['google-export-screenshot.png']!.texts });
    expect([...(names as string[])].sort()).toEqual(LIST.entries.map((e) => e.name).sort());
  });
}

describe('Chromium', () => {
  let otto: Otto;
  let page: PwPage;
  beforeAll(async () => {
    otto = await launchOtto();
    page = otto.popup;
    await page.getByRole('heading', { level: 1 }).waitFor();
  });
  afterAll(() => otto?.close());
  checks(() => ((fn, arg) => page.evaluate(fn as never, arg)) as Evaluate);
});

describe('Firefox', () => {
  let otto: FirefoxOtto;
  let page: PpPage;
  beforeAll(async () => {
    otto = await launchFirefoxOtto();
    page = otto.popup;
    await waitFor('the Setup screen', () => page.evaluate(() => !!document.querySelector('input[autocomplete="new-password"]')));
  });
  afterAll(() => otto?.close());
  checks(() => ((fn, arg) => page.evaluate(fn as never, arg)) as Evaluate);
});
