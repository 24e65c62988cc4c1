/**
 * The README's install-prompt column is what Chrome really says: each row's warnings are
 * chrome.management.getPermissionWarningsByManifest of the built manifest with the site
 * access (content scripts, host permissions) plus that row's permissions, minus what the
 * site access alone says; and the whole manifest says exactly the rows' warnings.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isPattern, readmePermissionRows } from '../readme-permissions';
import { DIST, launchOtto, type Otto } from './harness';

let otto: Otto;
beforeAll(async () => {
  otto = await launchOtto();
});
afterAll(async () => otto?.close());

const warnings = (manifest: object): Promise<string[]> =>
  otto.popup.evaluate((m) => chrome.management.getPermissionWarningsByManifest(m), JSON.stringify(manifest));

it("each README row states the install prompt's own words", async () => {
  const built = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8')) as { permissions?: string[] };
  const siteAccess = { ...built, permissions: [] as string[] };
  const base = await warnings(siteAccess);
  const all = await warnings(built);
  const rows = readmePermissionRows();
  const said: string[] = [];
  for (const row of rows) {
    const permissions = row.names.filter((n) => !isPattern(n));
    const got = permissions.length ? (await warnings({ ...siteAccess, permissions })).filter((w) => !base.includes(w)) : base;
    expect(got, row.names.join(', ')).toEqual(row.prompt);
    said.push(...row.prompt);
  }
  expect([...all].sort()).toEqual([...said].sort());
  expect(all).toContain('Read and change all your data on all websites');
});
