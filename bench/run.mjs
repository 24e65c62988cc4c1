// `npm run bench` (= npm run build && node bench/run.mjs): every speed and size number in
// one table, printed and written to bench/RESULTS.md with the machine it ran on.
// Also the shared helpers of the bench/*.mjs browser benches (one Chromium at a time).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CHROMIUM, chromiumArgs } from '../scripts/chromium.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
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

export function accountWire(i, sites = ['127.0.0.1']) {
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

function machine() {
  const cpus = os.cpus();
  let cpu = cpus[0]?.model?.trim();
  try {
    cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: keep os.cpus()'s model.
  }
  let chromium = 'not found';
  try {
    chromium = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // No Chromium here: the table says so.
  }
  return {
    cpu: cpu ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    chromium,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

/** Turns whatever bench/popup.mjs returns into table rows. */
function popupRows(result) {
  const list = Array.isArray(result) ? result : result && typeof result === 'object' ? (result.rows ?? [result]) : [];
  return list.map((r) => {
    if (r && typeof r === 'object' && 'metric' in r && 'value' in r) return { ...r, section: 'popup' };
    if (r && typeof r === 'object') {
      const { metric, name, scenario, label, ...rest } = r;
      const title = metric ?? name ?? scenario ?? label ?? (rest.accounts !== undefined ? `${rest.accounts} accounts` : '');
      const fmt = (v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : typeof v === 'object' ? JSON.stringify(v) : String(v));
      return { section: 'popup', metric: String(title), value: Object.entries(rest).map(([k, v]) => `${k} ${fmt(v)}`).join(', '), note: '' };
    }
    return { section: 'popup', metric: 'result', value: String(r), note: '' };
  });
}

const errorRow = (section, e) => ({ section, metric: 'FAILED', value: String(e?.message ?? e).split('\n')[0].slice(0, 200), note: '' });

async function main() {
  const log = (m) => process.stderr.write(`[bench] ${m}\n`);
  if (!existsSync(join(DIST, 'manifest.json'))) {
    console.error('dist/ is missing: run `npm run build` first (npm run bench does).');
    process.exit(1);
  }
  const env = machine();
  const t0 = Date.now();
  const rows = [];
  const section = async (name, fn) => {
    log(`${name}…`);
    const t = Date.now();
    try {
      rows.push(...(await fn()));
    } catch (e) {
      console.error(e);
      rows.push(errorRow(name, e));
    }
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  };

  await section('popup', async () => {
    const file = join(ROOT, 'bench/popup.mjs');
    if (!existsSync(file)) return [{ section: 'popup', metric: 'first render 10/200/1000 accounts, per-second refresh', value: 'not available', note: 'bench/popup.mjs does not exist yet' }];
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.runPopupBench !== 'function') return [{ section: 'popup', metric: 'all', value: 'not available', note: 'bench/popup.mjs exports no runPopupBench()' }];
    return popupRows(await mod.runPopupBench());
  });
  await section('content script', async () => (await import('./content.mjs')).runContentBench({ log }));
  await section('detection to fill', async () => (await import('./fill.mjs')).runFillBench({ log }));
  await section('QR', async () => (await import('./capture.mjs')).runCaptureBench({ log }));
  await section('unlock', async () => (await import('./unlock.mjs')).runUnlockBench({ log }));
  await section('size', async () => {
    const { makeZip } = await import(pathToFileURL(join(ROOT, 'scripts/zip.mjs')).href);
    const dir = mkdtempSync(join(os.tmpdir(), 'otto-zip-'));
    try {
      const { bytes, files } = await makeZip({ out: join(dir, 'otto.zip') });
      return [{ section: 'size', metric: 'extension zip (scripts/zip.mjs, deflate -9)', value: `${bytes} B (${(bytes / 1024).toFixed(1)} KB)`, note: `${files} files, no source maps` }];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const table = formatTable(rows);
  const header = [
    '# Otto benchmark results',
    '',
    'Written by `npm run bench` (`node bench/run.mjs` after `npm run build`). Medians over repeated runs;',
    'ratios compare runs made in the same invocation (browser with Otto vs the same browser without it).',
    '',
    `- Date: ${env.date}`,
    `- CPU: ${env.cpu}, ${env.cores} cores; memory ${env.memory}; load average at start ${env.load}`,
    `- OS: ${env.os}`,
    `- Node ${env.node}; ${env.chromium} (headless=new)`,
    `- Total bench time: ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    '',
  ].join('\n');
  process.stdout.write(`${header}\n${table}\n`);
  writeFileSync(join(ROOT, 'bench/RESULTS.md'), `${header}\n${table}\n`);
  log('wrote bench/RESULTS.md');
}

// Not awaited at top level: the benches import helpers from this module, and a dynamic
// import cycle into a module still in top-level await would never settle.
if (isMain(import.meta.url)) main().catch((e) => { console.error(e); process.exit(1); });
