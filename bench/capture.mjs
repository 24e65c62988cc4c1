// QR scan of a tab, in real Chromium: 1920×1080 tabs at device scale 1 and 2 (→ a
// 3840×2160 capture). Two pages per size:
//  - "capture path": the QR code is a grid of CSS-coloured <div>s, so the page-image
//    pass (img/canvas/svg/CSS backgrounds) finds nothing and scanTab captures the
//    visible tab and decodes the screenshot;
//  - "page-image path": the same code as an <img> data URL (qrcode-generator), read
//    from the page at its natural size without a capture.
// The toolbar button is pressed first (Extensions.triggerAction), which grants activeTab.
// Also times chrome.tabs.captureVisibleTab alone (+ PNG → pixels) inside the worker,
// and the decode-only comparison of bench/qr.mjs (ours vs plain full-frame jsQR).
// Run alone: node bench/capture.mjs   (after npm run build)
import { createRequire } from 'node:module';
import { call, isMain, launch, median, serve, sleep, printTable } from './lib.mjs';

const require = createRequire(import.meta.url);
const qrcode = require('qrcode-generator');
const PAYLOAD = 'otpauth://totp/Bench%20Cloud:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bench%20Cloud&period=30';

function qr() {
  const q = qrcode(0, 'M');
  q.addData(PAYLOAD);
  q.make();
  return q;
}

function cssGridPage(moduleCss = 6) {
  const q = qr();
  const n = q.getModuleCount();
  const cells = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (q.isDark(r, c)) cells.push(`<i style="grid-area:${r + 1}/${c + 1}"></i>`);
  return `<!doctype html><html><head><title>qr css</title><style>
body{margin:0;background:#f4f5f7;font:16px sans-serif}
main{display:flex;gap:40px;padding:60px}
.q{display:grid;grid-template:repeat(${n},${moduleCss}px)/repeat(${n},${moduleCss}px);padding:${4 * moduleCss}px;background:#fff;width:max-content}
.q i{background:#000;display:block}
</style></head><body><main><div><h1>Set up your authenticator</h1><p>Scan this code with your app.</p></div>
<div class="q">${cells.join('')}</div></main></body></html>`;
}

function imgPage(moduleCss = 6) {
  return `<!doctype html><html><head><title>qr img</title></head><body style="margin:0;background:#f4f5f7">
<main style="display:flex;gap:40px;padding:60px"><div><h1>Set up your authenticator</h1><p>Scan this code with your app.</p></div>
<img alt="QR code" src="${qr().createDataURL(moduleCss, 4 * moduleCss)}"></main></body></html>`;
}

async function pressToolbarButton(b, page) {
  const cdp = await b.context.browser().newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] });
  const tab = targetInfos.find((t) => t.url === page.url());
  if (!tab) throw new Error(`No tab target for ${page.url()}`);
  await cdp.send('Extensions.triggerAction', { id: b.extensionId, targetId: tab.targetId });
  await cdp.detach();
}

async function tabOf(b, page) {
  return b.worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url), page.url());
}

const SIZES = [
  { name: '1920×1080 (dpr 1)', deviceScaleFactor: 1 },
  { name: '3840×2160 (1920×1080 at dpr 2)', deviceScaleFactor: 2 },
];

export async function runCaptureBench({ runs = 5, qrRepeats = 1, log = () => {} } = {}) {
  const site = await serve({ '/qr-css': cssGridPage(), '/qr-img': imgPage() });
  const rows = [];
  try {
    for (const size of SIZES) {
      // A real device scale (not CDP emulation, which captureVisibleTab ignores) and a
      // 1920×1080 window without viewport emulation.
      const b = await launch({ viewport: null, args: [`--force-device-scale-factor=${size.deviceScaleFactor}`, '--window-size=1920,1167'] /* 87 px of headless window UI → 1080 px content */ });
      try {
        await call(b.popup, { type: 'setup', passphrase: 'bench capture passphrase' });
        for (const [path, label] of [['/qr-css', 'capture path'], ['/qr-img', 'page-image path']]) {
          const page = await b.context.newPage();
          await page.goto(site.url(path), { waitUntil: 'load' });
          await page.bringToFront();
          await sleep(300);
          await pressToolbarButton(b, page);
          await sleep(500);
          await page.bringToFront();
          const tab = await tabOf(b, page);
          const view = await page.evaluate(() => `${innerWidth}×${innerHeight} CSS px at dpr ${devicePixelRatio}`);
          const totals = [];
          let found = 0;
          for (let i = 0; i < runs + 1; i++) {
            await sleep(1100); // Chrome allows 2 captureVisibleTab calls per second
            const r = await b.popup.evaluate(async (tabId) => {
              const t0 = performance.now();
              const reply = await chrome.runtime.sendMessage({ type: 'scanTab', tabId });
              return { ms: performance.now() - t0, reply };
            }, tab.id);
            if (!r.reply?.ok) throw new Error(`scanTab failed: ${r.reply?.error}`);
            if (i === 0) continue;
            totals.push(r.ms);
            if (r.reply.value.hits.some((h) => h.accounts.some((a) => a.issuer === 'Bench Cloud'))) found++;
          }
          let captureNote = '';
          if (label === 'capture path') {
            const shots = [];
            for (let i = 0; i < runs; i++) {
              await sleep(1100);
              shots.push(await b.worker.evaluate(async (windowId) => {
                const t0 = performance.now();
                const url = await chrome.tabs.captureVisibleTab(windowId, { format: 'png' });
                const t1 = performance.now();
                const bitmap = await createImageBitmap(await (await fetch(url)).blob());
                const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
                const ctx = canvas.getContext('2d', { willReadFrequently: true });
                ctx.drawImage(bitmap, 0, 0);
                ctx.getImageData(0, 0, canvas.width, canvas.height);
                return { capture: t1 - t0, pixels: performance.now() - t1, width: bitmap.width, height: bitmap.height };
              }, tab.windowId));
            }
            const { width, height } = shots[0];
            captureNote = `; captureVisibleTab alone ${median(shots.map((s) => s.capture)).toFixed(0)} ms + PNG→ImageData ${median(shots.map((s) => s.pixels)).toFixed(0)} ms; actual capture ${width}×${height} (viewport ${view})`;
          }
          rows.push({
            section: 'QR scan',
            metric: `scanTab ${size.name}, ${label}`,
            value: `${median(totals).toFixed(0)} ms`,
            note: `median of ${totals.length} (min ${Math.min(...totals).toFixed(0)}, max ${Math.max(...totals).toFixed(0)}); found ${found}/${totals.length}${captureNote}`,
          });
          await page.close();
        }
      } finally {
        await b.close();
      }
      log(`capture: ${size.name} done`);
    }
  } finally {
    await site.close();
  }
  if (qrRepeats === 0) return rows;
  // Decode-only, in Node on synthetic frames (bench/qr.mjs), same invocation.
  const { runQrBench } = await import('./qr.mjs');
  const qrRows = await runQrBench({ repeats: qrRepeats });
  for (const r of qrRows.filter((x) => x.jsqrMs !== undefined)) {
    rows.push({
      section: 'QR decode only',
      metric: `${r.scenario} (bench/qr.mjs, Node)`,
      value: `${r.oursMs.toFixed(1)} ms vs jsQR ${r.jsqrMs.toFixed(1)} ms (×${r.speedup.toFixed(2)})`,
      note: `median of ${r.runs} frames; found ours ${r.oursFound}/${r.expected}, jsQR ${r.jsqrFound}/${r.expected}, false hits ${r.falseHits}`,
    });
  }
  return rows;
}

if (isMain(import.meta.url)) {
  printTable(await runCaptureBench({ log: console.error }));
}
