/**
 * Every action of the popup by keyboard alone (issue 14): no click, no programmatic
 * focus; Tab, arrows, Enter, Space, Escape and typing, as a keyboard user drives it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { call, launchOtto, type Otto } from './harness';
import { PASS, rnd } from './popup-kit';

/** The name a user would say for the focused control. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    return (el.getAttribute('aria-label') || label || el.textContent || '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab until the focused control's name matches; fails if it never comes. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    const now = await focusedName(page);
    if (typeof name === 'string' ? now === name : name.test(now)) return;
    seen.push(now);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached “${String(name)}”; went through: ${seen.join(' | ')}`);
}

const accounts = (page: Page) => call<AccountWire[]>(page, { type: 'accounts' });

describe('popup by keyboard alone', () => {
  let otto: Otto;
  let page: Page;

  beforeAll(async () => {
    otto = await launchOtto();
    page = otto.popup;
    await page.setViewportSize({ width: 380, height: 600 });
    await otto.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.bringToFront();
  });
  afterAll(async () => {
    await otto?.close();
  });

  it('sets up, adds two accounts, copies, searches, reorders, edits, deletes and undoes, changes settings, backs up, imports, scans, locks and unlocks', async () => {
    const kb = page.keyboard;
    // Setup: the passphrase field has focus.
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    await kb.type(PASS);
    await kb.press('Tab');
    await kb.type(PASS);
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();

    // Add by typing the key.
    const keys = [rnd(20), rnd(20)];
    await tabTo(page, 'Enter a secret key');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    expect(await focusedName(page)).toBe('Issuer (service)');
    await kb.type('GitHub');
    await tabTo(page, 'Secret key');
    await kb.type(encodeBase32(keys[0]!));
    await kb.press('Enter');
    await page.locator('#account-list .row-main').first().waitFor();
    await tabTo(page, 'Add an account');
    await kb.press('Enter');
    await kb.type('GitLab');
    await tabTo(page, 'Secret key');
    await kb.type(encodeBase32(keys[1]!));
    await tabTo(page, 'Save');
    await kb.press('Enter');
    await expect.poll(async () => (await accounts(page)).map((a) => a.issuer)).toEqual(['GitHub', 'GitLab']);
    // Back on the list, focus is on the + button the user came from (the background has the
    // accounts a moment before the popup has its answer and shows the list).
    await expect.poll(() => focusedName(page)).toBe('Add an account');

    // Type to search, arrow to a row, Enter copies.
    await kb.type('lab');
    expect(await page.getByRole('searchbox').inputValue()).toBe('lab');
    await kb.press('ArrowDown');
    expect(await focusedName(page)).toMatch(/GitLab/);
    await page.evaluate(() => navigator.clipboard.writeText('sentinel'));
    await kb.press('Enter');
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toMatch(/^\d{6}$/);
    await kb.press('ArrowUp');
    await kb.press('Escape'); // clears the search
    expect(await page.getByRole('searchbox').inputValue()).toBe('');

    // Reorder: GitLab up with Alt+↑.
    await kb.press('ArrowDown');
    await kb.press('ArrowDown');
    expect(await focusedName(page)).toMatch(/GitLab/);
    await kb.press('Alt+ArrowUp');
    await expect.poll(async () => (await accounts(page)).map((a) => a.issuer)).toEqual(['GitLab', 'GitHub']);
    await expect.poll(() => focusedName(page)).toMatch(/GitLab/);

    // More → two codes → Edit → rename → Save.
    await tabTo(page, 'More for GitLab');
    await kb.press('Enter');
    await tabTo(page, 'Show two consecutive codes');
    await kb.press('Space');
    await page.getByText('MFA code 2').waitFor();
    await tabTo(page, 'Edit GitLab');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Edit account' }).waitFor();
    await tabTo(page, 'Account name');
    await kb.type('work');
    await tabTo(page, 'Pin to the top');
    await kb.press('Space');
    await tabTo(page, 'Save');
    await kb.press('Enter');
    await expect.poll(async () => (await accounts(page)).find((a) => a.issuer === 'GitLab')).toMatchObject({ label: 'work', pinned: true });
    await expect.poll(() => focusedName(page)).toMatch(/GitLab/); // back to its row

    // Delete in the dialog, then Undo (focus is on it).
    await tabTo(page, 'More for GitLab');
    await kb.press('Enter');
    await tabTo(page, 'Edit GitLab');
    await kb.press('Enter');
    await tabTo(page, 'Delete');
    await kb.press('Enter');
    await page.getByRole('alertdialog').waitFor();
    expect(await focusedName(page)).toBe('Cancel');
    await kb.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe('Delete');
    await kb.press('Enter');
    await kb.press('Tab');
    expect(await focusedName(page)).toBe('Delete');
    await kb.press('Enter');
    await expect.poll(async () => (await accounts(page)).length).toBe(1);
    await expect.poll(() => focusedName(page)).toBe('Undo');
    await kb.press('Enter');
    await expect.poll(async () => (await accounts(page)).length).toBe(2);

    // Settings: a number, a radio, then back.
    await tabTo(page, 'Settings');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await tabTo(page, 'Lock after idle minutes');
    await kb.press('Control+a');
    await kb.type('25');
    await kb.press('Enter');
    await tabTo(page, 'Fill automatically on bound sites');
    await kb.press('ArrowDown');
    await expect.poll(async () => (await call<{ settings: { autoLockMinutes: number; autofill: string } }>(page, { type: 'status' })).settings).toMatchObject({ autoLockMinutes: 25, autofill: 'request' });

    // Back up now (first in Settings).
    await kb.press('Escape');
    await tabTo(page, 'Settings');
    await kb.press('Enter');
    await tabTo(page, 'Back up now');
    await kb.press('Enter');
    // The passphrase is asked again; the dialog's field has focus.
    await page.getByRole('dialog', { name: 'Confirm it’s you' }).waitFor();
    expect(await focusedName(page)).toBe('Passphrase');
    await kb.type(PASS);
    const [download] = await Promise.all([page.waitForEvent('download'), kb.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^otto-backup-.+\.otto\.json$/);

    // Import a pasted link.
    await tabTo(page, 'Import');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await tabTo(page, 'Or paste the backup or otpauth:// links');
    await kb.type(`otpauth://totp/Typed:kim?secret=${encodeBase32(rnd(20))}&issuer=Typed`);
    await tabTo(page, 'Read backup');
    await kb.press('Enter');
    await tabTo(page, 'Import 1');
    await kb.press('Enter');
    await expect.poll(async () => (await accounts(page)).map((a) => a.issuer)).toContain('Typed');

    // Scan (this tab is an extension page: Otto says so and offers what works), then Escape.
    await page.getByRole('list', { name: 'Accounts' }).waitFor();
    await tabTo(page, 'Scan QR code on this tab');
    await kb.press('Enter');
    await page.getByText('Otto cannot read this page.').waitFor();
    await tabTo(page, 'Enter a secret key');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    await kb.press('Escape');

    // Lock, then unlock by typing.
    await page.getByRole('list', { name: 'Accounts' }).waitFor();
    await tabTo(page, 'Lock');
    await kb.press('Enter');
    await page.getByRole('heading', { name: 'Unlock Otto' }).waitFor();
    await kb.type(PASS);
    await kb.press('Enter');
    await page.getByRole('list', { name: 'Accounts' }).waitFor();
    expect(await focusedName(page)).toBe('Search accounts');
  });
});
