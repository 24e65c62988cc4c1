// `npm run store-screenshots`: the store listing's 1280×800 screenshots of Otto's popup
// over a sign-in page, light and dark (docs/store/screenshot-{light,dark}.png).
// Real Chromium with the built extension: the demo console's MFA page at 1280×800, the
// popup (an extension page, at its own 380 px width) with a vault of sample accounts,
// and a plain browser toolbar (address field, Otto's icon) drawn in HTML; then the popup
// is drawn where the toolbar popup opens, under Otto's icon, with a border and a shadow.
// Needs dist/ (npm run build) and Debian's chromium.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PNG } from 'pngjs';
import { DEMO } from '../demo/pages.mjs';
import { DEFAULT_PORT, startDemoServer } from '../demo/server.mjs';
import { base32Decode, randomSecret } from '../demo/totp.mjs';
import { CHROMIUM, chromiumArgs } from './chromium.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(ROOT, 'docs/store');
const WIDTH = 1280;
const HEIGHT = 800;
const TOOLBAR = 48;
const POPUP_WIDTH = 380;
const PASSPHRASE = 'store screenshot passphrase';

/** Sample accounts: invented names, random secrets (the codes on the picture open nothing). */
const SAMPLE = [
  ['Demo Cloud', 'alice', true],
  ['Amazon Web Services', 'alice@acme-prod (root)', false],
  ['GitHub', 'alice-acme', false],
  ['Google', 'alice@acme.example', false],
  ['Microsoft', 'alice@acme.onmicrosoft.com', false],
  ['GitLab', 'alice.acme', false],
];

function accountWire([issuer, label, pinned], i, secret) {
  const now = Date.now();
  return {
    id: `store-${i}`, type: 'totp', issuer, label, secret,
    algorithm: 'SHA1', digits: 6, period: 30, counter: 0, sites: [], created: now - i, updated: now - i, pinned, autoSubmit: false,
  };
}

async function call(page, message) {
  const reply = await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  if (!reply?.ok) throw new Error(`${message.type} failed: ${JSON.stringify(reply)}`);
  return reply.value;
}

function toolbarHtml(url, scheme, icon) {
  const [bg, field, text] = scheme === 'dark' ? ['#35363a', '#202124', '#e8eaed'] : ['#dee1e6', '#ffffff', '#202124'];
  return `<!doctype html><html><body style="margin:0;background:${bg};font:15px system-ui,sans-serif;color:${text}">
<div style="height:${TOOLBAR}px;display:flex;align-items:center;gap:12px;padding:0 14px">
<span style="opacity:.6;letter-spacing:10px">&#8592;&#8594;&#8635;</span>
<div style="flex:1;height:32px;border-radius:16px;background:${field};display:flex;align-items:center;padding:0 16px">${url}</div>
<img src="data:image/png;base64,${icon}" width="24" height="24" style="margin:0 6px">
</div></body></html>`;
}

/** The toolbar above the page, and `popup` hanging from the toolbar's right end, with a 1 px border and a soft shadow. */
function composite(toolbar, page, popup, x, y) {
  const out = new PNG({ width: page.width, height: toolbar.height + page.height });
  toolbar.data.copy(out.data);
  page.data.copy(out.data, toolbar.data.length);
  const blend = (px, py, rgb, alpha) => {
    if (px < 0 || py < 0 || px >= out.width || py >= out.height) return;
    const i = (py * out.width + px) * 4;
    for (let c = 0; c < 3; c++) out.data[i + c] = Math.round(out.data[i + c] * (1 - alpha) + rgb[c] * alpha);
  };
  const SHADOW = 14;
  for (let py = y - SHADOW; py < y + popup.height + SHADOW; py++) {
    for (let px = x - SHADOW; px < x + popup.width + SHADOW; px++) {
      const dx = Math.max(x - px, 0, px - (x + popup.width - 1));
      const dy = Math.max(y - py, 0, py - (y + popup.height - 1));
      const d = Math.hypot(dx, dy - 3);
      if (dx || dy) blend(px, py, [0, 0, 0], 0.22 * Math.max(0, 1 - d / SHADOW) ** 2);
    }
  }
  for (let py = 0; py < popup.height; py++) {
    for (let px = 0; px < popup.width; px++) {
      const i = (py * popup.width + px) * 4;
      blend(x + px, y + py, [popup.data[i], popup.data[i + 1], popup.data[i + 2]], 1);
    }
  }
  for (let px = x - 1; px <= x + popup.width; px++) {
    blend(px, y - 1, [120, 120, 120], 0.6);
    blend(px, y + popup.height, [120, 120, 120], 0.6);
  }
  for (let py = y; py < y + popup.height; py++) {
    blend(x - 1, py, [120, 120, 120], 0.6);
    blend(x + popup.width, py, [120, 120, 120], 0.6);
  }
  return out;
}

export async function makeStoreScreenshots() {
  // The demo's usual port, for the address shown; any free one if it is taken.
  const demo = await startDemoServer({ port: DEFAULT_PORT }).catch(() => startDemoServer({ port: 0 }));
  const profile = mkdtempSync(join(os.tmpdir(), 'otto-store-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false,
    args: chromiumArgs(DIST),
    viewport: { width: WIDTH, height: HEIGHT - TOOLBAR },
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    const id = new URL(worker.url()).host;
    const popup = await context.newPage();
    await popup.setViewportSize({ width: POPUP_WIDTH, height: 600 });
    await popup.goto(`chrome-extension://${id}/src/popup/index.html`);
    await call(popup, { type: 'setup', passphrase: PASSPHRASE });
    // The demo user has an MFA device whose secret is the "Demo Cloud" account's.
    const demoSecret = randomSecret();
    demo.state.devices.set(DEMO.user, { secret: demoSecret, key: base32Decode(demoSecret), enrolledAt: new Date().toISOString(), lastStep: null });
    await call(popup, { type: 'saveAccounts', accounts: SAMPLE.map((a, i) => accountWire(a, i, i === 0 ? demoSecret : randomSecret())) });

    // The demo console's MFA step, reached by signing in as the demo user.
    const page = await context.newPage();
    await page.goto(`${demo.url}/signin`);
    await page.fill('input[name=username]', 'alice');
    await page.fill('input[name=password]', 'otto-demo');
    await Promise.all([page.waitForURL(/\/signin\/mfa/), page.click('button[type=submit]')]);

    const bar = await context.newPage();
    await bar.setViewportSize({ width: WIDTH, height: TOOLBAR });
    const icon = readFileSync(join(DIST, 'icons/icon-32.png')).toString('base64');
    const shownUrl = page.url().replace(/^http:\/\//, '');

    mkdirSync(OUT, { recursive: true });
    const written = [];
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.reload();
      await popup.getByText('GitLab').waitFor();
      // A fresh vault has never been backed up: the reminder is not what the listing shows.
      const later = popup.getByRole('button', { name: 'Later' });
      if (await later.count()) await later.click();
      await popup.mouse.move(0, 0);
      // Early in a 30-second step: the codes look as they do most of the time (no "Next" line).
      const left = 30 - ((Date.now() / 1000) % 30);
      if (left < 20) await popup.waitForTimeout((left + 1) * 1000);
      await popup.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      // As tall as its content, like the toolbar popup.
      const height = await popup.evaluate(() => Math.ceil(Math.max(...[...document.querySelectorAll('body *')]
        .map((e) => e.getBoundingClientRect())
        .filter((r) => r.width > 2 && r.height > 2 && r.height < innerHeight / 2)
        .map((r) => r.bottom))));
      await popup.setViewportSize({ width: POPUP_WIDTH, height: Math.min(600, height + 12) });
      await bar.setContent(toolbarHtml(shownUrl, scheme, icon));
      const shot = composite(
        PNG.sync.read(await bar.screenshot()),
        PNG.sync.read(await page.screenshot()),
        PNG.sync.read(await popup.screenshot()),
        WIDTH - POPUP_WIDTH - 8,
        TOOLBAR - 4,
      );
      const file = join(OUT, `screenshot-${scheme}.png`);
      writeFileSync(file, PNG.sync.write(shot));
      written.push(file);
    }
    return written;
  } finally {
    await context.close().catch(() => undefined);
    rmSync(profile, { recursive: true, force: true });
    await demo.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await makeStoreScreenshots()) console.log(`wrote ${file}`);
}
