/**
 * The popup, driven as a user drives it: real clicks, typing and keys in the built
 * extension's popup page, with every code checked against an independent TOTP/HOTP
 * computation from the secret the test chose.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountWire, makeDraft, newAccount, toWire } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { hotp, totp } from '../../src/core/otp';
import { call, launchOtto, type Otto } from './harness';

const PASS = 'tangerine kettle 42 orbit';

const rnd = (n = 20) => crypto.getRandomValues(new Uint8Array(n));

/** The base32 key as a person types it from a site's "can't scan?" text: lowercase, in groups, spaces and dashes. */
function humanKey(secret: Uint8Array): string {
  const groups = encodeBase32(secret).toLowerCase().match(/.{1,4}/g)!;
  return groups.map((g, i) => (i === 0 ? g : `${i % 2 ? ' ' : '-'}${g}`)).join('');
}

const digitsOf = (text: string | null) => (text ?? '').replace(/\s+/g, '');

/**
 * Reads a code from the page and checks it equals the independent computation at the
 * time it was read. The popup switches codes a few ms after a step boundary, so a
 * read within 1.5 s after one may still show the previous step's code.
 */
async function expectCurrentCode(read: () => Promise<string>, codeAt: (ms: number) => string): Promise<string> {
  const before = Date.now();
  const got = await read();
  const after = Date.now();
  expect(got).toMatch(/^\d{6,10}$/);
  expect([codeAt(before - 1500), codeAt(before), codeAt(after)]).toContain(got);
  return got;
}

/**
 * Like expectCurrentCode for what a copy put on the clipboard: in the last 3 s of a
 * step a copy gives the next step's code (it would expire before it is pasted).
 */
async function expectCopiedCode(read: () => Promise<string>, codeAt: (ms: number) => string): Promise<string> {
  const before = Date.now();
  const got = await read();
  const after = Date.now();
  expect(got).toMatch(/^\d{6,10}$/);
  const nearEnd = (ms: number) => 30_000 - (ms % 30_000) <= 3_500;
  const allowed = [before - 1500, before, after].flatMap((ms) => (nearEnd(ms) ? [codeAt(ms), codeAt(ms + 30_000)] : [codeAt(ms)]));
  expect(allowed).toContain(got);
  return got;
}

function list(page: Page): Locator {
  return page.getByRole('list', { name: 'Accounts' });
}
function row(page: Page, issuer: string): Locator {
  return list(page).getByRole('listitem').filter({ has: page.locator('.issuer', { hasText: new RegExp(`^${issuer}$`) }) });
}
/** The big row button: click or Enter copies. */
function copyButton(page: Page, issuer: string): Locator {
  return row(page, issuer).locator('.row-main');
}
/** The digits as shown (screen readers get them spaced out in a hidden twin). */
async function shownCode(code: Locator): Promise<string> {
  return digitsOf(await code.locator('[aria-hidden="true"]').first().textContent());
}
async function rowCode(page: Page, issuer: string): Promise<string> {
  return shownCode(row(page, issuer).locator('.row-main .code-slot > .code'));
}
async function shownIssuers(page: Page): Promise<string[]> {
  return list(page).locator('.issuer').allTextContents();
}
function status(page: Page): Locator {
  return page.locator('.toast-area');
}
async function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}
async function setClipboard(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
}
async function focusedIssuer(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.closest('li')?.querySelector('.issuer')?.textContent ?? null);
}

describe('popup UI', () => {
  let otto: Otto;
  let page: Page;
  const github = rnd(20);
  const seeded: Record<string, Uint8Array> = { 'Amazon Web Services': rnd(20), Google: rnd(20), GitLab: rnd(20), Okta: rnd(32) };
  let seededWire: AccountWire[] = [];

  beforeAll(async () => {
    otto = await launchOtto();
    page = otto.popup;
    // Chromium refuses an explicit chrome-extension:// origin ("opaque origin"): grant for every origin of this throwaway profile.
    await otto.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.bringToFront();
  });
  afterAll(async () => {
    await otto?.close();
  });

  it('first run: refuses a short or mismatched passphrase, then creates the vault and shows the empty state', async () => {
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    const create = page.getByRole('button', { name: 'Create vault' });
    const pass = page.getByLabel('Passphrase', { exact: true });
    const again = page.getByLabel('Repeat passphrase');

    await pass.fill('short');
    await expect.poll(() => page.locator('#setup-problem').textContent()).toBe('At least 8 characters (5 so far).');
    expect(await create.isDisabled()).toBe(true);

    await pass.fill(PASS);
    await again.fill(`${PASS}!`);
    await expect.poll(() => page.locator('#setup-problem').textContent()).toBe('The passphrases do not match.');
    expect(await create.isDisabled()).toBe(true);
    expect((await call<{ state: string }>(page, { type: 'status' })).state).toBe('new');

    await again.fill(PASS);
    await expect.poll(() => page.locator('#setup-problem').textContent()).toBe('The passphrases match.');
    await create.click();

    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    expect((await call<{ state: string }>(page, { type: 'status' })).state).toBe('unlocked');
    expect(await page.getByRole('searchbox', { name: 'Search accounts' }).isDisabled()).toBe(true);
    for (const name of ['Scan QR code on this tab', 'Enter a secret key', 'Import a backup']) {
      expect(await page.locator('.empty').getByRole('button', { name }).isVisible()).toBe(true);
    }
  });

  it('adds an account by hand: a key typed with spaces and dashes, a live preview equal to the real TOTP', async () => {
    await page.getByRole('button', { name: 'Enter a secret key' }).click();
    await page.getByRole('heading', { name: 'Add an account' }).waitFor();
    const save = page.getByRole('button', { name: 'Save' });
    expect(await save.isDisabled()).toBe(true);

    await page.getByLabel('Issuer (service)').fill('GitHub');
    await page.getByLabel('Account name').fill('alice@example.com');
    const key = humanKey(github);
    expect(key).toMatch(/ /);
    expect(key).toMatch(/-/);
    await page.getByLabel('Secret key').fill(key);
    // Sites follow the issuer's known sign-in host until edited.
    expect(await page.getByLabel('Sites to fill on').inputValue()).toBe('https://github.com');

    const preview = page.locator('.preview .code-slot > .code');
    await preview.waitFor();
    await expectCurrentCode(() => shownCode(preview), (ms) => totp(github, ms));

    // A broken key is explained, not saved.
    await page.getByLabel('Secret key').fill(`${key}1`);
    await expect.poll(() => page.locator('#add-secret-help').getAttribute('class')).toBe('field-error');
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Secret key').fill(key);

    await save.click();
    await copyButton(page, 'GitHub').waitFor();
    await expect.poll(() => status(page).textContent()).toContain('Saved GitHub.');
    const saved = await call<AccountWire[]>(page, { type: 'accounts' });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ issuer: 'GitHub', label: 'alice@example.com', secret: encodeBase32(github), type: 'totp', digits: 6, period: 30, algorithm: 'SHA1', sites: ['https://github.com'] });
    await expectCurrentCode(() => rowCode(page, 'GitHub'), (ms) => totp(github, ms));
  });

  it('copies the code on click and on Enter, and says so in the live region', async () => {
    // In the last seconds of a step a copy gives the next code and says so (issue 14 item 2):
    // start with room left in the step, so this is the plain copy.
    const left = 30_000 - (Date.now() % 30_000);
    if (left < 8_000) await new Promise((r) => setTimeout(r, left + 250));
    await setClipboard(page, 'sentinel');
    await copyButton(page, 'GitHub').click();
    await expect.poll(() => clipboardText(page)).not.toBe('sentinel');
    await expectCopiedCode(() => clipboardText(page), (ms) => totp(github, ms));
    await expect.poll(() => status(page).textContent()).toContain('Code copied.');
    expect(await status(page).getAttribute('aria-live')).toBe('polite');
    expect(await status(page).getAttribute('role')).toBe('status');

    const firstToast = await status(page).locator('p', { hasText: 'Code copied.' }).elementHandle();

    // Enter on the focused row.
    await setClipboard(page, 'sentinel');
    await copyButton(page, 'GitHub').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => clipboardText(page)).not.toBe('sentinel');
    await expectCopiedCode(() => clipboardText(page), (ms) => totp(github, ms));
    // The same confirmation again is a new node in the live region, so it is announced again.
    await expect.poll(() => firstToast!.evaluate((el) => el.isConnected)).toBe(false);
    await expect.poll(() => status(page).textContent()).toContain('Code copied.');

    // Enter in the search box copies the first match.
    await setClipboard(page, 'sentinel');
    await page.getByRole('searchbox', { name: 'Search accounts' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => clipboardText(page)).not.toBe('sentinel');
    await expectCopiedCode(() => clipboardText(page), (ms) => totp(github, ms));
  });

  it('filters as you type anywhere, moves with the arrow keys and copies the focused row with Enter', async () => {
    const order = ['Amazon Web Services', 'Google', 'GitLab', 'Okta'];
    seededWire = order.map((issuer, i) =>
      toWire(newAccount(makeDraft({ secret: seeded[issuer]!, issuer, label: `user${i}@corp.example`, sites: [`https://${issuer.split(' ')[0]!.toLowerCase()}.example`] }))),
    );
    await call(page, { type: 'saveAccounts', accounts: seededWire });
    await page.reload();
    await copyButton(page, 'Okta').waitFor();
    expect(await shownIssuers(page)).toEqual(['GitHub', ...order]);

    // Typing outside the search box still searches.
    await copyButton(page, 'Okta').focus();
    await page.keyboard.type('git');
    expect(await page.getByRole('searchbox', { name: 'Search accounts' }).inputValue()).toBe('git');
    await expect.poll(() => shownIssuers(page)).toEqual(['GitHub', 'GitLab']);

    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedIssuer(page)).toBe('GitHub');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedIssuer(page)).toBe('GitLab');
    await page.keyboard.press('ArrowDown'); // stays on the last match
    await expect.poll(() => focusedIssuer(page)).toBe('GitLab');
    await setClipboard(page, 'sentinel');
    await page.keyboard.press('Enter');
    await expect.poll(() => clipboardText(page)).not.toBe('sentinel');
    await expectCopiedCode(() => clipboardText(page), (ms) => totp(seeded['GitLab']!, ms));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedIssuer(page)).toBe('GitHub');

    // A term matching nothing says so; Escape clears the query.
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await search.fill('zzz-nothing');
    await expect.poll(() => shownIssuers(page)).toEqual([]);
    await page.getByText('No account matches “zzz-nothing”.').waitFor();
    await search.press('Escape');
    await expect.poll(() => shownIssuers(page)).toEqual(['GitHub', ...order]);
    // Matches the label too.
    await search.fill('user1@');
    await expect.poll(() => shownIssuers(page)).toEqual(['Google']);
    await search.fill('');
  });

  async function deleteThroughUi(issuer: string): Promise<void> {
    await row(page, issuer).getByRole('button', { name: `More for ${issuer}` }).click();
    await row(page, issuer).getByRole('button', { name: `Edit ${issuer}` }).click();
    await page.getByRole('heading', { name: 'Edit account' }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('alertdialog', { name: `Delete ${issuer}?` });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await list(page).waitFor();
  }

  it('deletes after confirmation, and Undo restores the account in its place', async () => {
    const before = (await call<AccountWire[]>(page, { type: 'accounts' })).map((a) => a.id);
    const googleId = seededWire[1]!.id;
    expect(before.indexOf(googleId)).toBe(2);

    // Cancelling the confirmation deletes nothing.
    await row(page, 'Google').getByRole('button', { name: 'More for Google' }).click();
    await row(page, 'Google').getByRole('button', { name: 'Edit Google' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect((await call<AccountWire[]>(page, { type: 'accounts' })).map((a) => a.id)).toEqual(before);
    await page.getByRole('button', { name: 'Back' }).click();

    await deleteThroughUi('Google');
    await expect.poll(async () => (await call<AccountWire[]>(page, { type: 'accounts' })).map((a) => a.id)).toEqual(before.filter((id) => id !== googleId));
    expect(await shownIssuers(page)).not.toContain('Google');
    await page.getByRole('status').getByText('Deleted Google.').waitFor();

    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await call<AccountWire[]>(page, { type: 'accounts' })).map((a) => a.id)).toEqual(before);
    await expect.poll(() => shownIssuers(page)).toEqual(['GitHub', 'Amazon Web Services', 'Google', 'GitLab', 'Okta']);
    await expect.poll(() => status(page).textContent()).toContain('Account restored.');
    const google = (await call<AccountWire[]>(page, { type: 'accounts' })).find((a) => a.id === googleId);
    expect(google).toEqual(seededWire[1]);
  });

  it('deletes for good when Undo is not used', async () => {
    const oktaId = seededWire[3]!.id;
    await deleteThroughUi('Okta');
    const undo = page.getByRole('status').getByRole('button', { name: 'Undo' });
    await undo.waitFor();
    // Undo has focus (its time stands still while it has): move on, as a user who lets it go.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('undo-delete');
    await page.getByRole('searchbox', { name: 'Search accounts' }).focus();
    // The offer goes away by itself; the account stays deleted.
    await undo.waitFor({ state: 'detached', timeout: 15_000 });
    const ids = (await call<AccountWire[]>(page, { type: 'accounts' })).map((a) => a.id);
    expect(ids).not.toContain(oktaId);
    expect(ids).toHaveLength(4);
    expect(await shownIssuers(page)).toEqual(['GitHub', 'Amazon Web Services', 'Google', 'GitLab']);
  });

  it('locks, refuses a wrong passphrase, unlocks with the right one and shows the real codes again', async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Otto' }).waitFor();
    expect(await list(page).count()).toBe(0);
    expect((await call<{ state: string }>(page, { type: 'status' })).state).toBe('locked');

    const field = page.getByLabel('Passphrase');
    await field.fill('not the passphrase');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Wrong passphrase. Try again.').waitFor();
    expect((await call<{ state: string }>(page, { type: 'status' })).state).toBe('locked');
    // The refused passphrase stays focused and selected, so typing replaces it.
    expect(await field.evaluate((el: HTMLInputElement) => [el === document.activeElement, el.selectionStart, el.selectionEnd, el.value.length])).toEqual([true, 0, 18, 18]);

    await field.fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await copyButton(page, 'GitHub').waitFor();
    expect(await shownIssuers(page)).toEqual(['GitHub', 'Amazon Web Services', 'Google', 'GitLab']);
    await expectCurrentCode(() => rowCode(page, 'GitHub'), (ms) => totp(github, ms));
    await expectCurrentCode(() => rowCode(page, 'Amazon Web Services'), (ms) => totp(seeded['Amazon Web Services']!, ms));
  });

  it('HOTP: the code stays hidden until asked; "Generate next code" shows it and advances the saved counter', async () => {
    const secret = rnd(20);
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('Issuer (service)').fill('Bank');
    await page.getByLabel('Secret key').fill(encodeBase32(secret));
    await page.getByText('Advanced').click();
    await page.getByLabel('Type').selectOption('hotp');
    await page.getByRole('textbox', { name: 'Counter' }).fill('7');
    await expect.poll(() => shownCode(page.locator('.preview .code'))).toBe(hotp(secret, 7));
    await page.getByRole('button', { name: 'Save' }).click();
    await copyButton(page, 'Bank').waitFor();
    const id = (await call<AccountWire[]>(page, { type: 'accounts' })).find((a) => a.issuer === 'Bank')!.id;
    const counter = async () => (await call<AccountWire[]>(page, { type: 'accounts' })).find((a) => a.id === id)!.counter;
    expect(await counter()).toBe(7);
    expect(await row(page, 'Bank').locator('.row-main .code').textContent()).toBe('••• •••');

    await row(page, 'Bank').getByRole('button', { name: 'More for Bank' }).click();
    const next = row(page, 'Bank').getByRole('button', { name: 'Generate next code' });
    await next.click();
    await expect.poll(async () => digitsOf(await row(page, 'Bank').locator('output').textContent())).toBe(hotp(secret, 7));
    await expect.poll(counter).toBe(8);
    await row(page, 'Bank').getByRole('button', { name: 'Generate next code' }).click();
    await expect.poll(async () => digitsOf(await row(page, 'Bank').locator('output').textContent())).toBe(hotp(secret, 8));
    await expect.poll(counter).toBe(9);
    // Copying an HOTP account uses the next counter too.
    await setClipboard(page, 'sentinel');
    await copyButton(page, 'Bank').click();
    await expect.poll(() => clipboardText(page)).toBe(hotp(secret, 9));
    await expect.poll(counter).toBe(10);
  });

  it('shows two consecutive codes labelled MFA code 1 and MFA code 2', async () => {
    const aws = seeded['Amazon Web Services']!;
    await row(page, 'Amazon Web Services').getByRole('button', { name: 'More for Amazon Web Services' }).click();
    const toggle = row(page, 'Amazon Web Services').getByRole('button', { name: 'Show two consecutive codes' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const pair = row(page, 'Amazon Web Services').locator('dl.two-codes');
    expect(await pair.locator('dt').allTextContents()).toEqual(['MFA code 1', 'MFA code 2']);
    const before = Date.now();
    const [one, two] = (await pair.locator('dd [aria-hidden="true"]').allTextContents()).map(digitsOf);
    const after = Date.now();
    const pairs = [before - 1500, before, after].map((ms) => `${totp(aws, ms)},${totp(aws, ms + 30_000)}`);
    expect(pairs).toContain(`${one},${two}`);
    expect(one).not.toBe(two);
    expect(await row(page, 'Amazon Web Services').getByRole('button', { name: 'Fill both' }).isVisible()).toBe(true);
  });

  it('follows the dark colour scheme', async () => {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await bg();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await bg();
    expect(light).toBe('rgb(255, 255, 255)');
    expect(dark).not.toBe(light);
    expect(dark).toBe('rgb(23, 25, 29)');
    const fg = await page.evaluate(() => getComputedStyle(document.querySelector('.issuer') ?? document.body).color);
    expect(fg).toBe('rgb(232, 234, 237)');
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
