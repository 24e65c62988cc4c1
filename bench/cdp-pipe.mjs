// Chromium driven over its own DevTools pipe (--remote-debugging-pipe), with no automation
// library in between. Playwright and Puppeteer attach to every new page and pause it until
// their Node process has set it up (waitForDebuggerOnStart), which on this loaded machine
// adds tens to hundreds of milliseconds before the page's first line runs: fine for tests,
// wrong for timing a page from navigation start. Here nothing waits on this process.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, chromiumArgs } from '../scripts/chromium.mjs';

export async function launchPipe({ dist, width = 400, height = 600 }) {
  const profile = mkdtempSync(join(os.tmpdir(), 'otto-bench-pipe-'));
  const proc = spawn(CHROMIUM, [...chromiumArgs(dist), '--remote-debugging-pipe', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
  });
  const toChrome = proc.stdio[3];
  const fromChrome = proc.stdio[4];
  let nextId = 1;
  const pending = new Map();
  const listeners = new Set();
  let buffered = '';
  fromChrome.on('data', (chunk) => {
    buffered += chunk.toString('utf8');
    let end;
    while ((end = buffered.indexOf('\0')) >= 0) {
      const msg = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (msg.id && pending.has(msg.id)) {
        const { resolve, reject } = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.error) reject(new Error(`${msg.error.message} (${msg.error.code})`));
        else resolve(msg.result);
      } else for (const l of listeners) l(msg);
    }
  });
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toChrome.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });

  /** The extension's id, once its service worker is up. */
  async function extensionId() {
    for (let i = 0; i < 200; i++) {
      const { targetInfos } = await send('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://'));
      if (sw) return new URL(sw.url).host;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the extension did not start');
  }

  /** A new tab with a flat session attached (no pause: nothing waits for this process). */
  async function newPage() {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    const s = (method, params) => send(method, params, sessionId);
    await s('Page.enable');
    return {
      send: s,
      /** Evaluates `expression` (awaiting a promise) and returns its value. */
      async eval(expression) {
        const r = await s('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
        if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
        return r.result.value;
      },
      /** Polls `expression` until it is truthy. */
      async waitFor(expression, ms = 30_000) {
        const end = Date.now() + ms;
        for (;;) {
          const v = await this.eval(expression).catch(() => null);
          if (v) return v;
          if (Date.now() > end) throw new Error(`timed out waiting for ${expression.slice(0, 80)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      close: () => send('Target.closeTarget', { targetId }),
    };
  }

  return {
    send,
    extensionId,
    newPage,
    async close() {
      await send('Browser.close').catch(() => undefined);
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.once('exit', r)));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
