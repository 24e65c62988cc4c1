// Shared helpers of the bench/*.mjs benches (one Chromium at a time). The driver,
// bench/run.mjs, imports the benches; the benches import only this module, so there is
// no import cycle between the driver and its benches.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, chromiumArgs } from '../scripts/chromium.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// OTTO_DIST: another build (e.g. main's, to compare in the same conditions).
export const DIST = process.env.OTTO_DIST ? resolve(process.env.OTTO_DIST) : join(ROOT, 'dist');
export { CHROMIUM };

export const isMain = (url) => !!process.argv[1] && resolve(process.argv[1]) === fileURLToPath(url);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Chromium launched as test/browser/harness.ts does; `extension: false` is the baseline browser. */
export async function launch({ extension = true, viewport = { width: 1280, height: 800 }, deviceScaleFactor, args = [] } = {}) {
  if (extension && !existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/ is missing: run `npm run build` first.');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROME_PATH).`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(os.tmpdir(), 'otto-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: [...chromiumArgs(extension ? DIST : undefined), ...args],
    viewport,
    ...(deviceScaleFactor ? { deviceScaleFactor } : {}),
  });
  const b = {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
  if (extension) {
    b.worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    b.extensionId = new URL(b.worker.url()).host;
    b.popup = await context.newPage();
    await b.popup.goto(`chrome-extension://${b.extensionId}/src/popup/index.html`);
  }
  return b;
}

/** Protocol request from an extension page; throws on an error reply. */
export async function call(page, message) {
  const reply = await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  if (!reply?.ok) throw new Error(`${message.type} failed: ${reply?.error}`);
  return reply.value;
}

/** Throwaway HTTP server on 127.0.0.1: path → HTML. */
export async function serve(pages) {
  const server = createServer((req, res) => {
    const body = pages[new URL(req.url ?? '/', 'http://x').pathname];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(body ?? 'not found');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  };
}

/** A random base32 TOTP secret (20 bytes). */
export function randomSecret() {
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return Array.from({ length: 32 }, () => A[Math.floor(Math.random() * 32)]).join('');
}

export function accountWire(i, sites = ['https://127.0.0.1']) {
  const now = Date.now();
  return {
    id: `bench-${i}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    type: 'totp', issuer: `Bench ${i}`, label: `user${i}@example.com`, secret: randomSecret(),
    algorithm: 'SHA1', digits: 6, period: 30, counter: 0, sites, created: now, updated: now, pinned: false, autoSubmit: false,
  };
}

const esc = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Rows {section, metric, value, note} as a Markdown table (readable on a terminal too). */
export function formatTable(rows) {
  const cols = ['section', 'metric', 'value', 'note'];
  const cells = [cols, ...rows.map((r) => cols.map((c) => esc(r[c])))];
  const widths = cols.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(cells[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

export function printTable(rows) {
  process.stdout.write(formatTable(rows) + '\n');
}
