// `npm run bench` (= npm run build && node bench/run.mjs): every speed and size number in
// one table, printed and written to bench/RESULTS.md with the machine it ran on.
// The helpers the benches share live in bench/lib.mjs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHROMIUM, DIST, ROOT, formatTable, isMain } from './lib.mjs';
import { runCaptureBench } from './capture.mjs';
import { runContentBench } from './content.mjs';
import { runFillBench } from './fill.mjs';
import { runPopupBench } from './popup.mjs';
import { runPopupPaintBench } from './popup-paint.mjs';
import { runPopupFillBench } from './popup-fill.mjs';
import { runSyncBench } from './sync.mjs';
import { runUnlockBench } from './unlock.mjs';

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

  await section('popup', async () => popupRows(await runPopupBench()));
  await section('popup first paint', () => runPopupPaintBench({ log }));
  await section('content script', () => runContentBench({ log }));
  await section('detection to fill', () => runFillBench({ log }));
  await section('popup fill', () => runPopupFillBench({ log }));
  await section('QR', () => runCaptureBench({ log }));
  await section('unlock', () => runUnlockBench({ log }));
  await section('sync', () => runSyncBench({ log }));
  await section('size', async () => {
    const { MAX_PACKAGE_BYTES, makeZip } = await import(pathToFileURL(join(ROOT, 'scripts/zip.mjs')).href);
    const dir = mkdtempSync(join(os.tmpdir(), 'otto-zip-'));
    const rows = [];
    try {
      for (const [store, dist] of [['Chrome', DIST], ['Firefox', join(ROOT, 'dist-firefox')]]) {
        if (!existsSync(join(dist, 'manifest.json'))) {
          rows.push({ section: 'size', metric: `${store} package`, value: 'not built', note: 'npm run build:firefox first' });
          continue;
        }
        const { bytes, files } = await makeZip({ dist, out: join(dir, `${store}.zip`) });
        rows.push({ section: 'size', metric: `${store} package (scripts/zip.mjs: yazl, deflate -9)`, value: `${bytes} B (${(bytes / 1024).toFixed(1)} KB)`, note: `${files} files, no source maps; bar ${MAX_PACKAGE_BYTES / 1024} KB` });
      }
      return rows;
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

if (isMain(import.meta.url)) await main();
