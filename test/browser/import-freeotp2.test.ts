/**
 * A FreeOTP 2 backup (test/data, written by scripts/test-data/ in FreeOTP's format)
 * through the popup's Import screen in real Chromium: recognised, its password asked
 * for, a wrong one refused with nothing saved, the right one previewed and saved.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { call, launchOtto, type Otto } from './harness';

const DATA = path.resolve(__dirname, '../data/import');
const FILE = 'freeotp2-externalBackup.xml';
const spec = (JSON.parse(readFileSync(path.join(DATA, 'expected.json'), 'utf8')) as Record<string, { password: string; entries: Array<{ issuer: string; name: string }> }>)[FILE]!;

let otto: Otto;
beforeAll(async () => {
  otto = await launchOtto();
  await call(otto.popup, { type: 'setup', passphrase: 'freeotp import passphrase' });
});
afterAll(async () => otto?.close());

it('imports a FreeOTP 2 externalBackup.xml: the password is asked for, a wrong one saves nothing', async () => {
  const page = otto.popup;
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByLabel('Backup file').setInputFiles({ name: 'externalBackup.xml', mimeType: 'text/xml', buffer: readFileSync(path.join(DATA, FILE)) });
  await page.getByText(/FreeOTP 2.* backup is encrypted\. Enter its password\./).waitFor();

  const password = page.getByLabel('Backup password');
  await password.fill('not the password');
  await page.getByRole('button', { name: 'Read backup' }).click();
  await page.getByRole('alert').getByText(/^Wrong password for this FreeOTP 2.* backup\.$/).waitFor();
  expect(await call<AccountWire[]>(page, { type: 'accounts' })).toEqual([]);

  await password.fill(spec.password);
  await page.getByRole('button', { name: 'Read backup' }).click();
  const n = spec.entries.length;
  await page.getByRole('button', { name: `Import ${n}` }).click();
  await page.getByRole('status').getByText(`Imported ${n} account(s).`).waitFor();
  const saved = await call<AccountWire[]>(page, { type: 'accounts' });
  expect(saved.map((a) => `${a.issuer}|${a.label}`).sort()).toEqual(spec.entries.map((e) => `${e.issuer}|${e.name}`).sort());
});
