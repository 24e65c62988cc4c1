/**
 * Backup and import through the popup (issue: backup/import): an encrypted backup
 * downloaded from one browser profile is a sealed vault that restores every field in
 * a fresh profile; an Aegis encrypted export (test/data) imports through the same screen; the
 * unencrypted otpauth:// list needs its warning confirmed first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Account, type AccountWire, fromWire, makeDraft, newAccount, toWire } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { codeFor, totp } from '../../src/core/otp';
import { parseOtpauthUri } from '../../src/core/otpauth';
import { isSealedVault, openVault } from '../../src/core/vault';
import { call, launchOtto, type Otto } from './harness';

const PASS_A = 'first profile passphrase 1';
const PASS_B = 'second profile passphrase 2';
/** An Aegis encrypted vault made by scripts/test-data/ (scrypt + AES-GCM), and what it holds. */
const AEGIS_FILE = path.resolve(__dirname, '../data/import/aegis-encrypted.json');
const AEGIS = (JSON.parse(readFileSync(path.resolve(__dirname, '../data/import/expected.json'), 'utf8')) as Record<string, {
  password: string;
  entries: Array<{ type: string; issuer: string; name: string; algorithm: string; digits: number; period?: number; counter?: number }>;
}>)['aegis-encrypted.json']!;
// The popup shows the account name where there is no issuer.
const AEGIS_ISSUERS = AEGIS.entries.map((e) => e.issuer || e.name);
const N = AEGIS.entries.length;

const tmp = mkdtempSync(path.join(tmpdir(), 'otto-backup-test-'));
const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** Accounts using every field the vault keeps, with values that differ from the defaults. */
function fixtureAccounts(): AccountWire[] {
  const a = newAccount(makeDraft({ secret: rnd(20), issuer: 'GitHub', label: 'label-gh-51c2@example.test', sites: ['https://github.com'] }));
  const b = {
    ...newAccount(makeDraft({ secret: rnd(32), issuer: 'Acme Cloud', label: 'label-acme-7e90@example.test', algorithm: 'SHA256', digits: 8, period: 60, sites: ['https://*.acme.example', 'http://acme.example.org:8080'] })),
    pinned: true,
    autoSubmit: true,
  };
  const c = newAccount(makeDraft({ secret: rnd(64), type: 'hotp', issuer: 'Bank-hotp-q1', label: 'label-bank-03fa', algorithm: 'SHA512', digits: 7, counter: 42 }));
  const d = newAccount(makeDraft({ secret: rnd(10), type: 'steam', issuer: 'Steam', label: 'label-steam-aa11' }));
  const e = newAccount(makeDraft({ secret: rnd(20), issuer: 'Fast-10-digits', label: 'label-fast-6b6b', algorithm: 'SHA512', digits: 10, period: 15 }));
  return [a, b, c, d, e].map((x: Account) => toWire(x));
}

async function openScreen(page: Page, name: 'Export' | 'Import'): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await page.getByRole('button', { name: name === 'Export' ? 'Other export options' : name, exact: true }).click();
  await page.getByRole('heading', { name }).waitFor();
}

async function saveDownload(page: Page, click: () => Promise<void>, name: string): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = path.join(tmp, name);
  await download.saveAs(file);
  return { download, text: readFileSync(file, 'utf8') };
}

/** Exports ask for the vault passphrase again (issue 13 item 10). */
async function confirmPassphrase(page: Page, passphrase: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Confirm it’s you' });
  await dialog.getByLabel('Passphrase').fill(passphrase);
  await dialog.getByRole('button', { name: 'Confirm' }).click();
}

const accounts = (page: Page) => call<AccountWire[]>(page, { type: 'accounts' });

describe('backup and import through the popup', () => {
  const original = fixtureAccounts();
  let order: string[] = [];
  let backupFile = '';
  let otto: Otto | undefined;

  beforeAll(() => {
    // A different order than creation, so the restore has to keep it.
    order = [original[2]!, original[0]!, original[4]!, original[1]!, original[3]!].map((a) => a.id);
  });
  afterAll(async () => {
    await otto?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('exports an encrypted backup that is a sealed vault: nothing in the clear, opens with the vault passphrase', async () => {
    otto = await launchOtto();
    const page = otto.popup;
    await call(page, { type: 'setup', passphrase: PASS_A });
    await call(page, { type: 'saveAccounts', accounts: original });
    await call(page, { type: 'reorder', ids: order });
    const saved = await accounts(page);
    expect(saved.map((a) => a.id)).toEqual(order);
    await page.reload();
    await page.getByRole('list', { name: 'Accounts' }).waitFor();

    await openScreen(page, 'Export');
    const { download, text } = await saveDownload(
      page,
      async () => {
        await page.getByRole('button', { name: 'Download encrypted backup' }).click();
        await confirmPassphrase(page, PASS_A);
      },
      'backup.otto.json',
    );
    backupFile = path.join(tmp, 'backup.otto.json');
    expect(download.suggestedFilename()).toMatch(/^otto-backup-\d{4}-\d{2}-\d{2}\.otto\.json$/);
    await page.getByRole('status').getByText(`Backup saved as ${download.suggestedFilename()}. It opens with your Otto passphrase.`).waitFor();

    const sealed: unknown = JSON.parse(text);
    expect(isSealedVault(sealed)).toBe(true);
    for (const a of saved) {
      const bytes = fromWire(a).secret;
      for (const needle of [a.secret, a.secret.toLowerCase(), Buffer.from(bytes).toString('hex'), Buffer.from(bytes).toString('base64'), a.label, a.issuer, a.id]) {
        expect(text.includes(needle), `backup leaks ${needle === a.label || needle === a.issuer ? needle : 'secret material'}`).toBe(false);
      }
    }
    await expect(openVault(sealed as Parameters<typeof openVault>[0], 'not the passphrase')).rejects.toThrow();
    const payload = await openVault(sealed as Parameters<typeof openVault>[0], PASS_A);
    expect(payload.accounts.map(toWire)).toEqual(saved);
  });

  it('downloads the plain otpauth:// list only after its warning is confirmed', async () => {
    const page = otto!.popup;
    const button = page.getByRole('button', { name: 'Download otpauth:// list' });
    const confirm = page.getByRole('checkbox', { name: 'I understand: this file is not encrypted.' });
    await page.getByText('Anyone with this file can generate your codes.', { exact: false }).waitFor();
    expect(await button.isDisabled()).toBe(true);
    let downloads = 0;
    page.on('download', () => downloads++);
    await button.click({ force: true }); // a disabled button does nothing even when clicked
    expect(await confirm.isChecked()).toBe(false);

    await confirm.check();
    expect(await button.isDisabled()).toBe(false);
    // Confirming the warning is not enough: the passphrase is asked again, and a wrong one downloads nothing.
    await button.click();
    await confirmPassphrase(page, 'not the passphrase');
    await page.getByRole('dialog').getByRole('alert').getByText('Wrong passphrase. Try again.').waitFor();
    expect(downloads).toBe(0);
    const { text } = await saveDownload(page, () => confirmPassphrase(page, PASS_A), 'plain.txt');
    expect(downloads).toBe(1);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(original.length);
    const saved = await accounts(page);
    lines.forEach((line, i) => {
      const d = parseOtpauthUri(line);
      expect(encodeBase32(d.secret)).toBe(saved[i]!.secret);
      expect([d.issuer, d.label, d.type, d.digits]).toEqual([saved[i]!.issuer, saved[i]!.label, saved[i]!.type, saved[i]!.digits]);
    });
    // The confirmation does not stick: a second file needs it again.
    expect(await confirm.isChecked()).toBe(false);
    expect(await button.isDisabled()).toBe(true);
    await otto!.close();
    otto = undefined;
  });

  it('restores the backup in a fresh browser profile with every field, the order and the pins', async () => {
    otto = await launchOtto();
    const page = otto.popup;
    await call(page, { type: 'setup', passphrase: PASS_B });
    await page.reload();
    await page.getByRole('button', { name: 'Import a backup' }).click();
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await page.getByLabel('Backup file').setInputFiles(backupFile);

    await page.getByText('This Otto backup is encrypted. Enter its password.', { exact: true }).waitFor();
    const password = page.getByLabel('Backup password');
    await password.fill(PASS_B); // this profile's passphrase is not the backup's
    await page.getByRole('button', { name: 'Read backup' }).click();
    await page.getByRole('alert').getByText('Wrong password for this Otto backup.').waitFor();
    expect(await accounts(page)).toEqual([]);

    await password.fill(PASS_A);
    await page.getByRole('button', { name: 'Read backup' }).click();
    await page.getByText(`Otto: ${original.length} account(s) found.`).waitFor();
    const cards = page.locator('.preview-card');
    expect(await cards.count()).toBe(original.length);
    expect(await cards.locator('.issuer').allTextContents()).toEqual(order.map((id) => original.find((a) => a.id === id)!.issuer));
    expect(await page.getByText('Fills on: https://*.acme.example, http://acme.example.org:8080').isVisible()).toBe(true);
    expect(await page.getByText('HOTP (counter) · 7 digits · counter 42').isVisible()).toBe(true);

    await page.getByRole('button', { name: `Import ${original.length}` }).click();
    await page.getByRole('list', { name: 'Accounts' }).waitFor();
    await page.getByRole('status').getByText(`Imported ${original.length} account(s).`).waitFor();

    const restored = await accounts(page);
    const byId = new Map(original.map((a) => [a.id, a]));
    expect(restored.map((a) => a.id)).toEqual(order);
    // Every field, exactly: type, algorithm, digits, period, counter, sites, pins, auto-submit, ids, times.
    expect(restored).toEqual(order.map((id) => byId.get(id)));

    // The list shows the same codes as the original secrets give, computed here.
    for (const a of restored.filter((x) => x.type !== 'hotp')) {
      const acct = fromWire(byId.get(a.id)!);
      const row = page.getByRole('listitem').filter({ has: page.locator('.issuer', { hasText: new RegExp(`^${a.issuer}$`) }) });
      const before = Date.now();
      const shown = ((await row.locator('.row-main .code-slot > .code > [aria-hidden="true"]').textContent()) ?? '').replace(/\s+/g, '');
      const after = Date.now();
      expect([codeFor(acct, before - 1500), codeFor(acct, before), codeFor(acct, after)]).toContain(shown);
    }
    // The pinned account leads the list.
    expect(await page.getByRole('list', { name: 'Accounts' }).locator('.issuer').first().textContent()).toBe('Acme Cloud');
  });

  it(`imports an Aegis encrypted export: a wrong password is explained and saves nothing; the right one previews and saves ${N} accounts`, async () => {
    const page = otto!.popup;
    const before = await accounts(page);
    await openScreen(page, 'Import');
    await page.getByLabel('Backup file').setInputFiles({ name: 'aegis-encrypted.json', mimeType: 'application/json', buffer: readFileSync(AEGIS_FILE) });
    await page.getByText(/This Aegis.* backup is encrypted\. Enter its password\./).waitFor();

    const password = page.getByLabel('Backup password');
    await password.fill('not the password');
    await page.getByRole('button', { name: 'Read backup' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Wrong password for this Aegis.* backup\.$/);
    expect(await accounts(page)).toEqual(before);

    await password.fill(AEGIS.password);
    await page.getByRole('button', { name: 'Read backup' }).click();
    await page.getByText(new RegExp(`Aegis.*: ${N} account\\(s\\) found\\.`)).waitFor();
    expect(await page.locator('.preview-card .issuer').allTextContents()).toEqual(AEGIS_ISSUERS);
    expect(await page.getByRole('checkbox', { name: 'Add' }).count()).toBe(N);
    // Nothing is saved until the preview is confirmed.
    expect(await accounts(page)).toEqual(before);

    await page.getByRole('button', { name: `Import ${N}` }).click();
    await page.getByRole('status').getByText(`Imported ${N} account(s).`).waitFor();
    const after = await accounts(page);
    expect(after).toHaveLength(before.length + N);
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added.map((a) => [a.type, a.issuer, a.label, a.algorithm, a.digits])).toEqual(AEGIS.entries.map((e) => [e.type, e.issuer, e.name, e.algorithm, e.digits]));
    expect(added.filter((a) => a.type !== 'hotp').map((a) => a.period)).toEqual(AEGIS.entries.filter((e) => e.type !== 'hotp').map((e) => e.period));
    expect(added.filter((a) => a.type === 'hotp').map((a) => a.counter)).toEqual(AEGIS.entries.filter((e) => e.type === 'hotp').map((e) => e.counter));
    // The first account's row shows the code its imported secret gives.
    const first = fromWire(added[0]!);
    const shown = ((await page.getByRole('listitem').filter({ has: page.locator('.issuer', { hasText: new RegExp(`^${first.issuer}$`) }) }).filter({ hasText: first.label }).locator('.row-main .code-slot > .code > [aria-hidden="true"]').textContent()) ?? '').replace(/\s+/g, '');
    const now = Date.now();
    expect([totp(first.secret, now - 1500), totp(first.secret, now)]).toContain(shown);
  });
});
