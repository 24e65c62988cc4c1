/** The committed test data is exactly what scripts/test-data/ makes (nobody edited it by hand). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

it('test/data matches scripts/test-data/make.mjs', { timeout: 120_000 }, () => {
  const out = execFileSync(process.execPath, [path.resolve(__dirname, '../scripts/test-data/make.mjs'), '--check'], { encoding: 'utf8' });
  expect(out).toMatch(/^checked \d+ files/);
});
