/**
 * The screenshots in docs/screenshots/ (README), taken from the built extension:
 * OTTO_SCREENSHOTS=1 npx vitest run test/browser/popup-screenshots.test.ts
 * Light, dark, the add form, the delete dialog in dark, a long list, the backup
 * reminder, and German (a browser whose UI language is German).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../src/core/base32';
import { call, launchOtto, type Otto } from './harness';
import { list, manyAccounts, PASS, rnd, row, sampleAccounts, seed } from './popup-kit';

const SCREENSHOTS = path.resolve(__dirname, '../../docs/screenshots');

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(1, 599);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** Popup-sized, with a vault of the sample accounts. */
async function popupWith(otto: Otto): Promise<Page> {
  const page = otto.popup;
  await page.setViewportSize({ width: 380, height: 600 });
  await call(page, { type: 'setup', passphrase: PASS });
  await seed(page, sampleAccounts().slice(0, 6));
  return page;
}

describe.runIf(process.env['OTTO_SCREENSHOTS'] === '1')('popup screenshots (OTTO_SCREENSHOTS=1)', () => {
  const open: Otto[] = [];
  afterAll(async () => {
    for (const o of open) await o.close();
  });

  it('English: reminder, light, dark, add, dialog, long list', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const otto = await launchOtto();
    open.push(otto);
    const page = await popupWith(otto);
    await page.locator('.reminder').waitFor();
    await shot(page, 'popup-backup-reminder');

    await call(page, { type: 'exportBackup', passphrase: PASS });
    await page.reload();
    await list(page).waitFor();
    expect(await page.locator('.reminder').count()).toBe(0);
    await shot(page, 'popup-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, 'popup-dark');

    await row(page, 'Okta').getByRole('button', { name: 'More for Okta' }).click();
    await row(page, 'Okta').getByRole('button', { name: 'Edit Okta' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'popup-dialog-dark.png') });
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('Issuer (service)').fill('Amazon Web Services');
    await page.getByLabel('Account name').fill('bob@acme-staging');
    await page.getByLabel('Secret key').fill(encodeBase32(rnd(20)).toLowerCase().match(/.{4}/g)!.join(' '));
    await page.locator('.preview .live').waitFor();
    await shot(page, 'popup-add');
    await page.keyboard.press('Escape');

    await call(page, { type: 'saveAccounts', accounts: manyAccounts(500) });
    await page.reload();
    await list(page).waitFor();
    await page.locator('main').evaluate((m) => m.scrollTo(0, 2200));
    await shot(page, 'popup-long-list');
  });

  it('German', async () => {
    const otto = await launchOtto({ args: ['--lang=de'] });
    open.push(otto);
    const page = await popupWith(otto);
    await page.getByRole('list', { name: 'Konten' }).waitFor();
    await shot(page, 'popup-de');
    await page.getByRole('button', { name: 'Einstellungen' }).click();
    await page.getByRole('heading', { name: 'Einstellungen', exact: true }).waitFor();
    await shot(page, 'popup-de-settings');
  });
});
