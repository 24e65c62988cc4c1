/**
 * The store packages (scripts/zip.mjs, yazl): every built file, sorted, one fixed timestamp,
 * byte-identical on every run whatever the files' dates, the order they were written in and
 * the time zone, and under the 300 KB bar, for Chrome (dist/) and Firefox (dist-firefox/).
 * `npm test` builds both before this runs.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PACKAGE_BYTES, buildZip, listFiles, makeZip } from '../scripts/zip.mjs';

const ROOT = path.resolve(__dirname, '..');
const tmp = mkdtempSync(path.join(tmpdir(), 'otto-zip-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Entry {
  name: string;
  data: Buffer;
  date: Date;
}

/** Reads a ZIP back with yauzl (another library than the writer), checking CRCs as it inflates. */
function readZip(file: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push({ name: entry.fileName, data: Buffer.concat(chunks), date: entry.getLastModDate() });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe.each([
  ['Chrome', 'dist'],
  ['Firefox', 'dist-firefox'],
])('%s package', (_, dir) => {
  const dist = path.join(ROOT, dir);

  it('is under the size bar (npm run zip refuses it otherwise)', async () => {
    expect(existsSync(path.join(dist, 'manifest.json')), `${dir}/ is missing: npm test builds it`).toBe(true);
    const { bytes } = await makeZip({ dist, out: path.join(tmp, `${dir}.zip`) });
    expect(bytes).toBeLessThan(MAX_PACKAGE_BYTES);
  });

  it('holds every built file once, sorted, with one fixed date, byte-identical on every run', async () => {
    const files = listFiles(dist);
    const first = await buildZip(dist, files);
    expect(first.equals(await buildZip(dist, files))).toBe(true);
    const out = path.join(tmp, `${dir}-entries.zip`);
    writeFileSync(out, first);

    const entries = await readZip(out);
    expect(entries.map((e) => e.name)).toEqual(files);
    expect(files).toContain('manifest.json');
    expect(files.some((f) => f.endsWith('.map'))).toBe(false);
    for (const e of entries) {
      expect(e.data.equals(readFileSync(path.join(dist, e.name))), e.name).toBe(true);
      expect([e.date.getFullYear(), e.date.getMonth(), e.date.getDate(), e.date.getHours()]).toEqual([1980, 0, 1, 0]);
    }
  });

  it('is the same bytes for a copy written in reverse order with other dates, zipped in another time zone', { timeout: 120_000 }, async () => {
    const files = listFiles(dist);
    const copy = path.join(tmp, `${dir}-copy`);
    files.toReversed().forEach((name, i) => {
      const to = path.join(copy, name);
      mkdirSync(path.dirname(to), { recursive: true });
      copyFileSync(path.join(dist, name), to);
      utimesSync(to, new Date(2001, 8, 9 + (i % 20), i % 24), new Date(2001, 8, 9 + (i % 20), i % 24));
    });
    const script = `import { buildZip, listFiles } from ${JSON.stringify(pathToFileURL(path.join(ROOT, 'scripts/zip.mjs')).href)};
process.stdout.write(await buildZip(process.argv[1], listFiles(process.argv[1])));`;
    const zoned = (tz: string) => execFileSync(process.execPath, ['--input-type=module', '-e', script, copy], { env: { ...process.env, TZ: tz }, maxBuffer: 1 << 26 });
    const here = await buildZip(dist, files);
    expect(zoned('Pacific/Kiritimati').equals(here), 'UTC+14').toBe(true);
    expect(zoned('America/Los_Angeles').equals(here), 'UTC-8').toBe(true);
  });
});

describe('store listing screenshots (npm run store-screenshots)', () => {
  it.each(['light', 'dark'])('docs/store/screenshot-%s.png is 1280×800', async (scheme) => {
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(readFileSync(path.join(ROOT, `docs/store/screenshot-${scheme}.png`)));
    expect([png.width, png.height]).toEqual([1280, 800]);
  });
});
