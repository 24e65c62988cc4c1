/**
 * The README's permission table names every permission, host permission and
 * content-script match of manifest.json, and nothing else. What Chrome's install prompt
 * says for each row is checked in a real browser (test/browser/permissions.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readmePermissionRows } from './readme-permissions';

const ROOT = path.resolve(__dirname, '..');

it('the README names exactly the permissions the manifest asks for', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as {
    permissions?: string[];
    optional_permissions?: string[];
    host_permissions?: string[];
    optional_host_permissions?: string[];
    content_scripts?: Array<{ matches: string[] }>;
  };
  const asked = new Set([
    ...(manifest.permissions ?? []),
    ...(manifest.optional_permissions ?? []),
    ...(manifest.host_permissions ?? []),
    ...(manifest.optional_host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((c) => c.matches),
  ]);
  const rows = readmePermissionRows();
  const named = rows.flatMap((r) => r.names);
  expect(new Set(named).size).toBe(named.length);
  expect([...new Set(named)].sort()).toEqual([...asked].sort());
  expect(rows.every((r) => r.names.length > 0)).toBe(true);
});
