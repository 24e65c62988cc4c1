/**
 * The store packages (scripts/zip.mjs, yazl): every built file, sorted, one fixed timestamp,
 * byte-identical on every run, and under the 300 KB bar, for Chrome (dist/) and Firefox
 * (dist-firefox/). `npm test` builds both before this runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PACKAGE_BYTES, listFiles, makeZip } from '../scripts/zip.mjs';

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

  it('holds every built file once, sorted, with one fixed date, and is under the size bar', async () => {
    expect(existsSync(path.join(dist, 'manifest.json')), `${dir}/ is missing: npm test builds it`).toBe(true);
    const first = await makeZip({ dist, out: path.join(tmp, `${dir}-1.zip`) });
    const second = await makeZip({ dist, out: path.join(tmp, `${dir}-2.zip`) });
    expect(readFileSync(first.out).equals(readFileSync(second.out))).toBe(true);
    expect(first.bytes).toBeLessThan(MAX_PACKAGE_BYTES);

    const entries = await readZip(first.out);
    const files = listFiles(dist);
    expect(entries.map((e) => e.name)).toEqual(files);
    expect(files).toContain('manifest.json');
    expect(files.some((f) => f.endsWith('.map'))).toBe(false);
    for (const e of entries) {
      expect(e.data.equals(readFileSync(path.join(dist, e.name))), e.name).toBe(true);
      expect([e.date.getFullYear(), e.date.getMonth(), e.date.getDate(), e.date.getHours()]).toEqual([1980, 0, 1, 0]);
    }
  });
});

describe('store listing screenshots (npm run store-screenshots)', () => {
  it.each(['light', 'dark'])('docs/store/screenshot-%s.png is 1280×800', async (scheme) => {
    const { PNG } = await import('pngjs');
    const png = PNG.sync.read(readFileSync(path.join(ROOT, `docs/store/screenshot-${scheme}.png`)));
    expect([png.width, png.height]).toEqual([1280, 800]);
  });
});
