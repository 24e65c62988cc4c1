// Content-script cost: gzipped size, and main-thread time it adds to pages, measured
// with CDP Performance.getMetrics (TaskDuration / ScriptDuration deltas) against the
// same pages in the same Chromium without the extension, in the same run.
// Run alone: node bench/content.mjs   (after npm run build)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launch, median, serve, sleep, isMain, printTable } from './lib.mjs';

export function contentScriptSize(dist = DIST) {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  const files = manifest.content_scripts?.[0]?.js ?? [];
  const raw = Buffer.concat(files.map((f) => readFileSync(join(dist, f))));
  return { files, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
}

const EMPTY = `<!doctype html><html><head><title>empty</title></head><body><h1>Hello</h1><p>No inputs here.</p></body></html>`;

// 10,000 elements, with a few ordinary (non-OTP) inputs so detection runs and rejects them.
const LARGE = `<!doctype html><html><head><title>large</title></head><body>
<form><label>Search <input type="search" name="q"></label>
<label>Email <input type="email" name="email" autocomplete="email"></label>
<label>Name <input type="text" name="name" autocomplete="name"></label>
<label>Quantity <input type="number" name="qty"></label>
<label>Password <input type="password" name="pw" autocomplete="current-password"></label></form>
<div id="root"></div>
<script>
const root = document.getElementById('root');
const html = [];
for (let i = 0; i < 2000; i++) html.push('<div class="row"><span>item ' + i + '</span><a href="#' + i + '">link</a><em>x</em><b>y</b></div>');
root.innerHTML = html.join('');
</script></body></html>`;

// 1,000 node mutations per second for 5 s: every 100 ms 50 elements added and 50 removed;
// every 10th added element holds an (ordinary, non-OTP) input, or none with inputs = false.
const mutating = (inputs) => `<!doctype html><html><head><title>mutating</title></head><body><div id="root"></div>
<script>
const root = document.getElementById('root');
let n = 0, ticks = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 50; i++) {
    const el = document.createElement('div');
    el.className = 'item';
    if (${inputs} && n % 10 === 0) el.innerHTML = '<label>Field ' + n + ' <input type="text" name="f' + n + '"></label>';
    else el.textContent = 'item ' + n;
    root.appendChild(el);
    n++;
  }
  while (root.childElementCount > 200) root.firstElementChild.remove();
  if (root.childElementCount > 150) for (let i = 0; i < 50 && root.firstElementChild; i++) root.firstElementChild.remove();
  if (++ticks >= 50) { clearInterval(timer); window.__done = true; }
}, 100);
</script></body></html>`;

export const CONTENT_PAGES = [
  { name: 'no inputs', path: '/empty', html: EMPTY, windowMs: 2000 },
  { name: '10,000 elements + 5 non-OTP inputs', path: '/large', html: LARGE, windowMs: 2000 },
  { name: 'mutating 1,000 nodes/s for 5 s', path: '/mutating', html: mutating(true), windowMs: 5500 },
  { name: 'mutating 1,000 nodes/s for 5 s, no inputs', path: '/mutating-text', html: mutating(false), windowMs: 5500 },
];

async function metrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

/** One page load: fresh tab parked on a same-origin blank page, then navigate, wait the window. */
async function measureLoad(context, site, page) {
  const tab = await context.newPage();
  await tab.goto(site.url('/blank'));
  await tab.waitForLoadState('load');
  await sleep(300);
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'));
  const before = await metrics(cdp);
  await tab.goto(site.url(page.path), { waitUntil: 'load' });
  await sleep(page.windowMs);
  const after = await metrics(cdp);
  await cdp.detach().catch(() => undefined);
  await tab.close();
  // A renderer swap would restart the counters; then the "after" values are already a delta.
  const d = (k) => (after[k] >= before[k] ? after[k] - before[k] : after[k]) * 1000;
  return { task: d('TaskDuration'), script: d('ScriptDuration') };
}

/**
 * Returns rows: per page, median TaskDuration/ScriptDuration with and without Otto, the
 * added ms and the ratio. `rounds` alternates browsers (with, without, with, …) so drift
 * on a noisy machine hits both sides; `loadsPerRound` × `rounds` page loads per side.
 */
export async function runContentBench({ rounds = 2, loadsPerRound = 3, log = () => {} } = {}) {
  const site = await serve({ '/blank': '<!doctype html><title>blank</title>', ...Object.fromEntries(CONTENT_PAGES.map((p) => [p.path, p.html])) });
  const samples = { with: new Map(), without: new Map() };
  for (const side of ['with', 'without']) for (const p of CONTENT_PAGES) samples[side].set(p.name, []);
  try {
    for (let r = 0; r < rounds; r++) {
      for (const side of r % 2 ? ['without', 'with'] : ['with', 'without']) {
        const b = await launch({ extension: side === 'with' });
        try {
          // Warm-up load (process start, first script compile) is not counted.
          await measureLoad(b.context, site, CONTENT_PAGES[0]);
          for (let k = 0; k < loadsPerRound; k++) {
            for (const p of CONTENT_PAGES) samples[side].get(p.name).push(await measureLoad(b.context, site, p));
          }
        } finally {
          await b.close();
        }
        log(`content: round ${r + 1}/${rounds} ${side} extension done`);
      }
    }
  } finally {
    await site.close();
  }
  const size = contentScriptSize();
  const rows = [{ section: 'content script', metric: 'size, gzip -9', value: `${size.gzip} B (${(size.gzip / 1024).toFixed(1)} KB)`, note: `raw ${size.raw} B; ${size.files.join(', ')}` }];
  for (const p of CONTENT_PAGES) {
    const w = samples.with.get(p.name);
    const wo = samples.without.get(p.name);
    const tW = median(w.map((s) => s.task));
    const tWo = median(wo.map((s) => s.task));
    const ratio = (a, b) => (b > 0.05 ? `×${(a / b).toFixed(2)}` : 'baseline ≈0');
    const sW = median(w.map((s) => s.script));
    const sWo = median(wo.map((s) => s.script));
    rows.push({
      section: 'content script',
      metric: `main thread: ${p.name} (${p.windowMs / 1000} s window)`,
      value: `task ${tW.toFixed(1)} vs ${tWo.toFixed(1)} ms (+${(tW - tWo).toFixed(1)} ms, ${ratio(tW, tWo)})`,
      note: `script ${sW.toFixed(1)} vs ${sWo.toFixed(1)} ms (+${(sW - sWo).toFixed(1)} ms, ${ratio(sW, sWo)}); with vs without Otto, median of ${w.length}/${wo.length} loads`,
    });
  }
  return rows;
}

if (isMain(import.meta.url)) {
  printTable(await runContentBench({ log: console.error }));
}
