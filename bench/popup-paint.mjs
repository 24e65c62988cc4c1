// Popup first paint, issue 14 item 20: the list of 500 accounts painted < 50 ms from
// navigation start. Chromium is driven over its own DevTools pipe (bench/cdp-pipe.mjs), so no
// automation library pauses the page before its first line runs.
// Run: npm run build && node bench/popup-paint.mjs
//   POPUP_PAINT_N=500      accounts in the vault
//   POPUP_PAINT_K=9        counted loads per build and case (after one warm-up load)
//   OTTO_BASE_DIST=dir     another build (e.g. main's dist/) measured in the same run, loads alternating
//
// Per load, a fresh tab navigates to the popup; an init script (before the popup's own)
// watches for the first row's code: when it enters the DOM, the next animation frame renders
// it and a task queued from that frame runs after the frame is painted ("list paint"; a
// user-blocking task, so the popup's own queued timers do not run first and count).
// "list mark" is the popup's own performance.mark in the layout effect that commits the
// first rows (before paint); FCP is Chromium's first-contentful-paint.
// "floor": in the same browser, a page of the same extension whose only script puts one row
// with a code in the DOM (added to a copy of the build): what any extension page costs here
// from navigation to paint, Otto's work excluded. On a loaded machine it is far above 50 ms.
// "static page": the same row in plain HTML, no script at all: the browser's own share.
// Two cases: the service worker running (the popup was opened a moment ago) and stopped
// before each load (Chrome stops an idle extension worker after 30 s: the usual state when
// the user clicks the toolbar button); in the second, the floor page too gets a stopped worker.
// The real toolbar popup opens in headless Chromium (CDP Extensions.triggerAction on a tab)
// but stays `visibilityState: hidden` and never paints, and this machine has no display
// server: it cannot be timed here, so the popup's page is loaded in a tab.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { launchPipe } from './cdp-pipe.mjs';
import { DIST, isMain, median, printTable, randomSecret } from './lib.mjs';

const PASS = 'bench passphrase 123';
const SETTLE_MS = 500;

function makeAccounts(n) {
  const now = Date.now();
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(), type: 'totp', issuer: `Issuer ${i % 10} ${Math.floor(i / 10) + 1}`, label: `user${i}@example.com`,
    secret: randomSecret(), algorithm: 'SHA1', digits: 6, period: 30, counter: 0, sites: [],
    created: now, updated: now, pinned: false, autoSubmit: false,
  }));
}

function instrument() {
  const painted = new MutationObserver(() => {
    if (!document.querySelector('#account-list > li .code')) return;
    painted.disconnect();
    requestAnimationFrame(() => scheduler.postTask(() => performance.mark('bench:list-painted'), { priority: 'user-blocking' }));
  });
  painted.observe(document, { subtree: true, childList: true });
}

const MARKS = `(() => {
  const m = (k) => performance.getEntriesByName(k)[0]?.startTime;
  const paint = m('bench:list-painted'), list = m('otto:list-rendered'), fcp = m('first-contentful-paint');
  return paint !== undefined && list !== undefined && fcp !== undefined && { paint, list, fcp };
})()`;

const call = (page, message) =>
  page.eval(`chrome.runtime.sendMessage(${JSON.stringify(message)}).then((r) => { if (!r?.ok) throw new Error(JSON.stringify(r?.error)); return r.value; })`);

/** A copy of `dist` with the floor and static pages added. */
function withFloorPage(dist) {
  const copy = mkdtempSync(join(os.tmpdir(), 'otto-bench-dist-'));
  cpSync(dist, copy, { recursive: true });
  writeFileSync(join(copy, 'floor.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="/floor.js"></script><div id="app"></div>');
  writeFileSync(join(copy, 'floor.js'), `document.getElementById('app').innerHTML = '<ul id="account-list"><li><span class="code">123 456</span></li></ul>';`);
  writeFileSync(join(copy, 'static.html'), '<!doctype html><meta charset="utf-8"><div id="app"><ul id="account-list"><li><span class="code">123 456</span></li></ul></div>');
  return copy;
}

/** A browser with `dist` loaded and a vault of `n` accounts, unlocked. */
async function prepare(dist, n) {
  const copy = withFloorPage(dist);
  const browser = await launchPipe({ dist: copy });
  const id = await browser.extensionId();
  const url = `chrome-extension://${id}/src/popup/index.html`;
  const page = await browser.newPage();
  await page.send('Page.navigate', { url });
  await page.waitFor('typeof chrome !== "undefined" && !!chrome.runtime?.sendMessage && document.readyState === "complete"');
  await call(page, { type: 'setup', passphrase: PASS });
  await call(page, { type: 'saveAccounts', accounts: makeAccounts(n) });
  const count = (await call(page, { type: 'accounts' })).length;
  if (count !== n) throw new Error(`expected ${n} accounts, the vault has ${count}`);
  await page.close();
  return { browser, url, floorUrl: `chrome-extension://${id}/floor.html`, staticUrl: `chrome-extension://${id}/static.html`, copy };
}

async function stopWorker(browser) {
  // Closing the worker's target stops it, as Chrome does to an idle worker; the next message starts it again.
  const { targetInfos } = await browser.send('Target.getTargets');
  for (const t of targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'))) {
    await browser.send('Target.closeTarget', { targetId: t.targetId });
  }
}

/** One fresh tab loading `url`; its marks. `floor`: the floor page (no popup marks). */
async function load(browser, url, floor) {
  const page = await browser.newPage();
  await page.send('Page.addScriptToEvaluateOnNewDocument', { source: `(${instrument})()` });
  await page.send('Page.navigate', { url });
  const marks = await page.waitFor(floor ? MARKS.replace('list !== undefined && ', '') : MARKS);
  const rows = await page.eval(`document.querySelectorAll('#account-list > li').length`);
  // What the page set off (the popup asks the worker for its status and accounts) runs out
  // before the next load, instead of competing with it.
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  await page.close();
  if (!(rows > 0)) throw new Error('no row painted');
  return marks;
}

const ms = (x) => (Math.round(x * 10) / 10).toFixed(1);

/** Rows for bench/RESULTS.md (section, metric, value, note). */
export async function runPopupPaintBench({ n = 500, loads = 9, base = process.env.OTTO_BASE_DIST, log = console.log } = {}) {
  const builds = [{ name: 'this build', dist: DIST }, ...(base ? [{ name: 'base build', dist: base }] : [])];
  const ready = [];
  try {
    for (const b of builds) ready.push({ ...b, ...(await prepare(b.dist, n)) });
    const rows = [];
    for (const workerStopped of [false, true]) {
      const samples = ready.map(() => ({ popup: [], floor: [], still: [] }));
      // Loads alternate between the builds (and the floor page), so drifting load hits all alike.
      for (let i = 0; i <= loads; i++) {
        for (const [j, b] of ready.entries()) {
          if (workerStopped) await stopWorker(b.browser);
          const popup = await load(b.browser, b.url, false);
          // The popup's page woke the worker: the floor gets the same start.
          if (workerStopped) await stopWorker(b.browser);
          const floor = await load(b.browser, b.floorUrl, true);
          if (workerStopped) await stopWorker(b.browser);
          const still = await load(b.browser, b.staticUrl, true);
          if (i > 0) {
            // The first load of each is a warm-up.
            samples[j].popup.push(popup);
            samples[j].floor.push(floor);
            samples[j].still.push(still);
          }
        }
      }
      for (const [j, b] of ready.entries()) {
        const paints = samples[j].popup.map((s) => s.paint);
        const floor = median(samples[j].floor.map((s) => s.paint));
        const still = median(samples[j].still.map((s) => s.paint));
        const row = {
          section: 'popup',
          metric: `first paint of the list, ${n} accounts, worker ${workerStopped ? 'stopped before each load' : 'running'}${base ? ` (${b.name})` : ''}`,
          value: `${ms(median(paints))} ms`,
          note: `median of ${paints.length} (min ${ms(Math.min(...paints))}, max ${ms(Math.max(...paints))}); list mark ${ms(median(samples[j].popup.map((s) => s.list)))}, FCP ${ms(median(samples[j].popup.map((s) => s.fcp)))}; floor page ${ms(floor)} ms, static page ${ms(still)} ms; target < 50 ms`,
        };
        rows.push(row);
        log?.(`${row.metric}: ${row.value}, ${row.note}`);
      }
    }
    return rows;
  } finally {
    for (const b of ready) {
      await b.browser.close();
      rmSync(b.copy, { recursive: true, force: true });
    }
  }
}

if (isMain(import.meta.url)) {
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const rows = await runPopupPaintBench({ n: Number(process.env.POPUP_PAINT_N ?? 500), loads: Number(process.env.POPUP_PAINT_K ?? 9), log: null });
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  printTable(rows);
}
