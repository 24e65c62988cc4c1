/**
 * When the content script looks for code fields, through the real extension: fields that
 * appear late (in light DOM, in shadow roots rendered after insertion, revealed and
 * focused), the observer standing down where nothing can be filled and being re-armed
 * when that changes, and the "next code in N s" hint while Otto holds a fill back.
 * Each test has a loopback address of its own (127.0.0.x) for site binding; codes are
 * checked against Debian's oathtool.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountWire } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { call, currentWorker, launchOtto, type Otto } from './harness';

/** Codes of the previous and the current 30 s step, by oathtool (an independent implementation). */
function recentCodes(secret: string): string[] {
  const start = `@${Math.floor(Date.now() / 1000) - 30}`;
  return execFileSync('/usr/bin/oathtool', ['--totp', '-b', '-w', '1', '-N', start, secret], { encoding: 'utf8' }).trim().split('\n');
}

function account(issuer: string, site: string): AccountWire {
  const now = Date.now();
  return {
    id: crypto.randomUUID(),
    type: 'totp',
    issuer,
    label: `${issuer.toLowerCase()}@example.test`,
    secret: encodeBase32(randomBytes(20)),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    sites: [site],
    created: now,
    updated: now,
    pinned: false,
    autoSubmit: false,
  };
}

const FIELD = `<label for="otp">Authentication code</label>
  <input id="otp" name="otp" autocomplete="one-time-code" inputmode="numeric" maxlength="6">`;
const MFA = `<!doctype html><meta charset="utf-8"><title>Sign in</title>
<h1>Two-factor authentication</h1><form action="/done" method="post">${FIELD}<button>Verify</button></form>`;

const filled = (page: Page, selector = '#otp') =>
  page.waitForFunction((s) => (document.querySelector(s) as HTMLInputElement | null)?.value.length === 6, selector, { timeout: 35_000 });

describe('watching for code fields', () => {
  let otto: Otto;
  const servers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: 'watch test passphrase' });
  });
  afterAll(async () => {
    await otto?.close();
    for (const close of servers) await close();
  });

  /** Serves `html` at `/` of 127.0.0.x; `origin` is what an account binds to, `open()` loads it in a new tab. */
  async function site(ip: string, html: string): Promise<{ origin: string; open(): Promise<Page> }> {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
    await new Promise<void>((resolve) => server.listen(0, ip, resolve));
    servers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const origin = `http://${ip}:${(server.address() as AddressInfo).port}`;
    return {
      origin,
      async open() {
        const page = await otto.context.newPage();
        await page.goto(`${origin}/`);
        return page;
      },
    };
  }

  /** Counts the `fieldsFound` requests the background receives from now on (a second listener beside the router). */
  async function countFieldsFound(): Promise<() => Promise<number>> {
    const worker = await currentWorker(otto);
    await worker.evaluate(() => {
      const g = globalThis as unknown as { seen?: number };
      if (g.seen === undefined) {
        chrome.runtime.onMessage.addListener((m: { type?: string }) => {
          if (m?.type === 'fieldsFound') g.seen!++;
          return false;
        });
      }
      g.seen = 0;
    });
    return () => worker.evaluate(() => (globalThis as unknown as { seen: number }).seen);
  }

  it('fills fields that appear late: inserted, rendered into a shadow root after insertion, revealed and focused', async () => {
    const late = await site(
      '127.0.0.21',
      `<!doctype html><meta charset="utf-8"><title>Sign in</title><div id="app"><p>Loading…</p></div>
<div id="later" hidden><h2>Two-step verification</h2><p>Enter the code from your authenticator app.</p>
  <form><label for="again">Verification code</label><input id="again" inputmode="numeric" maxlength="6"><button>Verify</button></form></div>
<script>
customElements.define('mfa-step', class extends HTMLElement {
  connectedCallback() {
    const root = this.attachShadow({ mode: 'open' });
    // Rendered a moment after insertion, as component libraries do.
    setTimeout(() => { root.innerHTML = '<h1>Two-factor authentication</h1>${FIELD.replace(/\n/g, '')}<button>Verify</button>'; }, 50);
  }
});
setTimeout(() => { document.getElementById('app').innerHTML = '<mfa-step></mfa-step>'; }, 300);
</script>`,
    );
    const a = account('Late', late.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [a] });
    const page = await late.open();
    await page.waitForFunction(() => (document.querySelector('mfa-step')?.shadowRoot?.querySelector('input') as HTMLInputElement | null)?.value.length === 6, null, {
      timeout: 35_000,
    });
    const code = await page.evaluate(() => (document.querySelector('mfa-step')!.shadowRoot!.querySelector('input') as HTMLInputElement).value);
    expect(recentCodes(a.secret)).toContain(code);

    // Already in the page, only shown: detection runs when it takes focus.
    await page.evaluate(() => {
      document.querySelector('mfa-step')!.remove();
      document.getElementById('later')!.hidden = false;
      document.getElementById('again')!.focus();
    });
    await filled(page, '#again');
    expect(recentCodes(a.secret)).toContain(await page.inputValue('#again'));
    await page.close();
  });

  it('fills a field inserted into a page that mutates all the time, and one in a dialog that fades in', async () => {
    const busy = await site(
      '127.0.0.25',
      `<!doctype html><meta charset="utf-8"><title>Sign in</title><div id="feed"></div><div id="app"></div>
<script>
const feed = document.getElementById('feed');
let n = 0;
setInterval(() => {
  for (let i = 0; i < 20; i++) feed.insertAdjacentHTML('beforeend', '<p>news ' + n++ + ' <input name="q' + n + '" aria-label="Reply"></p>');
  while (feed.childElementCount > 60) feed.firstElementChild.remove();
}, 20);
setTimeout(() => { document.getElementById('app').innerHTML = '<h1>Two-factor authentication</h1><form>${FIELD.replace(/\n/g, '')}<button>Verify</button></form>'; }, 1500);
</script>`,
    );
    const a = account('Busy', busy.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [a] });
    const page = await busy.open();
    await filled(page);
    expect(recentCodes(a.secret)).toContain(await page.inputValue('#otp'));
    await page.close();

    const fading = await site(
      '127.0.0.26',
      `<!doctype html><meta charset="utf-8"><title>Sign in</title>
<style>.dialog{opacity:0;transition:opacity .8s}.dialog.in{opacity:1}</style><div id="app"></div>
<script>
setTimeout(() => {
  document.getElementById('app').innerHTML = '<div class="dialog" role="dialog"><h1>Two-factor authentication</h1><form>${FIELD.replace(/\n/g, '')}<button>Verify</button></form></div>';
  requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector('.dialog').classList.add('in')));
}, 300);
</script>`,
    );
    const b = account('Fading', fading.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [b] });
    const faded = await fading.open();
    await filled(faded);
    expect(recentCodes(b.secret)).toContain(await faded.inputValue('#otp'));
    await faded.close();
  });

  it('stops watching a page where nothing is bound, and watches again once an account is bound to it', async () => {
    const seen = await countFieldsFound();
    const later = await site('127.0.0.22', MFA);
    const page = await later.open();
    await expect.poll(seen, { timeout: 10_000 }).toBe(1); // answered 'none': nothing bound to 127.0.0.22

    // A second code field: an armed script would report two fields now.
    const addField = () =>
      page.evaluate(() =>
        document.querySelector('form')!.insertAdjacentHTML('beforeend', '<label for="otp2">Authentication code</label><input id="otp2" autocomplete="one-time-code" inputmode="numeric" maxlength="6">'),
      );
    await addField();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await seen()).toBe(1);

    const a = account('Later', later.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [a] });
    await filled(page);
    expect(recentCodes(a.secret)).toContain(await page.inputValue('#otp'));
    expect(await seen()).toBe(2);
    await page.close();
  });

  it("stands down while autofill is 'request' and fills the next field once it is switched back to 'auto'", async () => {
    const request = await site('127.0.0.23', MFA);
    const a = account('Request', request.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [a] });
    await call(otto.popup, { type: 'setSettings', settings: { autofill: 'request' } });
    const seen = await countFieldsFound();
    const page = await request.open();
    await expect.poll(seen, { timeout: 10_000 }).toBe(1);
    expect(await page.inputValue('#otp')).toBe('');

    // Switched on: the page's next code field is filled (the one already reported is left to the popup).
    await call(otto.popup, { type: 'setSettings', settings: { autofill: 'auto' } });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.inputValue('#otp')).toBe('');
    await page.evaluate(() => {
      const form = document.querySelector('form')!;
      form.replaceWith(form.cloneNode(true)); // a re-render: new elements
    });
    await filled(page);
    expect(recentCodes(a.secret)).toContain(await page.inputValue('#otp'));
    await page.close();
  });

  /** Text of Otto's hint (closed shadow root, reached through the DevTools DOM with pierce), or null when there is none. */
  async function hintText(page: Page): Promise<string | null> {
    const cdp = await page.context().newCDPSession(page);
    try {
      type Node = { nodeName: string; nodeValue?: string; children?: Node[]; shadowRoots?: Node[]; shadowRootType?: string };
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
      const find = (n: Node): Node | undefined =>
        n.nodeName === 'OTTO-HINT' ? n : [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(find).find(Boolean);
      const host = find(root);
      if (!host) return null;
      expect(host.shadowRoots?.[0]?.shadowRootType).toBe('closed');
      const text = (n: Node): string =>
        n.nodeName === 'STYLE' ? '' : (n.nodeValue ?? '') + [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(text).join('');
      return text(host);
    } finally {
      await cdp.detach();
    }
  }

  it('shows "next code in N s" under the field while the fill waits, out of the page\'s reach, and drops it when the code arrives', { timeout: 60_000 }, async () => {
    const hinted = await site('127.0.0.24', MFA);
    const a = account('Hinted', hinted.origin);
    await call(otto.popup, { type: 'saveAccounts', accounts: [a] });
    const first = await hinted.open();
    await filled(first);
    const used = await first.inputValue('#otp');
    await first.close();

    // Same step: the code was used, so Otto waits for the next one.
    const page = await hinted.open();
    await page.waitForSelector('otto-hint', { state: 'attached', timeout: 10_000 });
    // The page tries to hide and move it.
    await page.addStyleTag({ content: 'otto-hint{display:none!important;top:0!important;left:0!important;opacity:0!important}' });
    const text = await hintText(page);
    expect(text).toMatch(/^Otto: next code in (\d+) s(Otto: next code in \d+ s)?$/);
    const seconds = Number(/(\d+)/.exec(text!)![1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(31);
    expect(text).not.toMatch(/hinted/i);

    const seenByPage = await page.evaluate(() => {
      const host = document.querySelector('otto-hint') as HTMLElement;
      const r = host.getBoundingClientRect();
      const field = document.getElementById('otp')!.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        shadowRoot: host.shadowRoot,
        below: r.top >= field.bottom && Math.abs(r.left - field.left) < 2,
        visible: r.width > 20 && r.height > 10 && getComputedStyle(host).display !== 'none',
        // pointer-events:none: a click there reaches the page, never Otto's hint.
        hitIsHint: hit === host,
      };
    });
    expect(seenByPage).toEqual({ shadowRoot: null, below: true, visible: true, hitIsHint: false });
    expect(await page.inputValue('#otp')).toBe('');

    await filled(page);
    const next = await page.inputValue('#otp');
    expect(next).not.toBe(used);
    expect(recentCodes(a.secret)).toContain(next);
    expect(await hintText(page)).toBeNull();
    await page.close();
  });
});
