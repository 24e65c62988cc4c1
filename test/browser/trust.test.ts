/**
 * Issue 13, items 2–7 and the content protocol: each attack performed in real Chromium
 * against the built extension, from pages served on origins of their own (see origins.ts),
 * and asserted to be held. Codes are checked against an independent HOTP/TOTP.
 * The Firefox half of item 2 is in firefox-frames.test.ts.
 */
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, currentWorker, inContentScript, launchOtto, openPopupWindow, send, stopServiceWorker, tabIdOf, type Otto } from './harness';
import { framing, hotpAt, MFA_FORM, recentCodes, serveOrigin, sleep, testAccount, type Origin, type Route } from './origins';

const PASS = 'trust test passphrase';

/** A binding for exactly a served origin (scheme, host and port). */
const bindingOf = (o: Origin) => o.origin;

/** The attacker's page: a plain text input it focuses itself, nothing detection would report. */
const STEAL_PAGE = `<!doctype html><meta charset="utf-8"><title>Notes</title><p>Scratch pad</p>
<input id="steal"><script>document.getElementById('steal').focus()</script>`;

/** A page with one plain input and no words that make it a code field (filled only on request). */
const PLAIN_PAGE = `<!doctype html><meta charset="utf-8"><title>Settings</title><p>Nothing here says what this is for.</p><input id="x">`;

const dateIn = (ms: number) => new Date(Date.now() + ms).toUTCString();

/**
 * Holds for `ms` that `probe` stays falsy: a negative can only be watched for a while.
 * The default outlasts a fill that first waits for the next code (up to 3 s before a step ends).
 */
async function staysFalse(what: string, probe: () => Promise<unknown>, ms = 4000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await probe(), what).toBeFalsy();
    await sleep(100);
  }
}
const HOURS_5 = 5 * 3600_000;

describe('where a code may go', () => {
  let otto: Otto;
  let popup: Page;
  const servers: Origin[] = [];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: PASS });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    for (const s of servers) await s.close();
  });

  async function origin(ip: string, routes: Record<string, Route>): Promise<Origin> {
    const o = await serveOrigin(ip, routes);
    servers.push(o);
    return o;
  }

  /** Opens `url` in a new tab; the tab id is the one that appears. */
  async function openTab(url: string): Promise<{ page: Page; tabId: number }> {
    const worker = await currentWorker(otto);
    const ids = () => worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id!));
    const before = new Set(await ids());
    const page = await otto.context.newPage();
    const added = (await ids()).filter((id) => !before.has(id));
    expect(added).toHaveLength(1);
    await page.goto(url);
    await page.waitForLoadState('load');
    return { page, tabId: added[0]! };
  }

  const frameAt = (page: Page, prefix: string): Frame | undefined => page.frames().find((f) => f.url().startsWith(prefix));
  async function frameOf(page: Page, prefix: string): Promise<Frame> {
    await expect.poll(() => !!frameAt(page, prefix), { timeout: 10_000 }).toBe(true);
    const frame = frameAt(page, prefix)!;
    await frame.waitForLoadState('load');
    return frame;
  }

  type TabInfo = { codeFields: number; clock?: { skewMs: number; origin: string } | null; clockSkewMs?: number | null };
  const tabInfo = (tabId: number) => call<TabInfo>(popup, { type: 'tabInfo', tabId });
  /** Waits until some frame of the tab has reported a code field to the background. */
  const reported = (tabId: number) => expect.poll(async () => (await tabInfo(tabId)).codeFields, { timeout: 10_000 }).toBeGreaterThan(0);
  const setAutofill = (autofill: 'auto' | 'request') => call(popup, { type: 'setSettings', settings: { autofill } });

  it('item 2: a frame that navigated to another origin after reporting its field never receives the bound code', async () => {
    const bank = await origin('127.0.0.21', { '/': MFA_FORM });
    const evil = await origin('127.0.0.20', { '/': framing(bank.url('/')), '/notes': STEAL_PAGE });
    const a = testAccount('Frame bank', [bindingOf(bank)]);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    await setAutofill('request');
    try {
      const { page, tabId } = await openTab(evil.url('/'));
      await frameOf(page, bank.origin);
      await reported(tabId);
      // The attacker moves the bank's frame (same frame id) to its own page.
      await page.evaluate((src) => ((document.getElementById('f') as HTMLIFrameElement).src = src), evil.url('/notes'));
      const notes = await frameOf(page, evil.url('/notes'));
      const reply = await send(popup, { type: 'fillTab', tabId, accountId: a.wire.id });
      const stolen = await notes.inputValue('#steal');
      expect(stolen, `the attacker's page received ${stolen} (fillTab said ${JSON.stringify(reply)})`).toBe('');
      await page.close();
    } finally {
      await setAutofill('auto');
    }
  });

  it('item 2: Fill with no field reported goes to the top frame; a top frame that moved to another site before the claim gets no code', async () => {
    // A bound page whose input nothing reports (no code-field words): Fill goes to the top frame's focused field.
    const FOCUSED_PLAIN = PLAIN_PAGE + `<script>document.getElementById('x').focus()</script>`;
    const bank = await origin('127.0.0.35', { '/': FOCUSED_PLAIN });
    const evil = await origin('127.0.0.36', { '/': STEAL_PAGE });
    // HOTP: each fill gets a code of its own at once (a TOTP fill would wait for the next step).
    const a = testAccount('Top bank', [bindingOf(bank)], { type: 'hotp', counter: 0 });
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    const fill = () => send<{ filled: number }>(popup, { type: 'fillTab', tabId, accountId: a.wire.id });
    const { page, tabId } = await openTab(bank.url('/'));
    expect((await tabInfo(tabId)).codeFields, 'no frame reported a field').toBe(0);
    // The path works: on the bound page itself, the focused input gets the code.
    await expect.poll(() => inContentScript(page, otto.extensionId, '1').catch(() => 0), { timeout: 10_000 }).toBe(1);
    expect(await fill()).toEqual({ ok: true, value: { filled: 1 } });
    expect(await page.inputValue('#x')).toBe(hotpAt(a.key, 0));

    // A worker slow between choosing the top frame and inviting it (held here): meanwhile the
    // tab moves to the attacker's page, which focuses its own input.
    const worker = await currentWorker(otto);
    await worker.evaluate(() => {
      const g = globalThis as unknown as { held: Array<() => void>; realSend: unknown };
      const real = chrome.tabs.sendMessage;
      g.held = [];
      g.realSend = real;
      (chrome.tabs as unknown as { sendMessage: unknown }).sendMessage = (...args: unknown[]) => {
        const call = () => (real as unknown as (...a: unknown[]) => unknown).apply(chrome.tabs, args);
        if ((args[1] as { type?: string } | undefined)?.type !== 'invite') return call();
        return new Promise((resolve) => g.held.push(() => resolve(call())));
      };
    });
    try {
      await page.locator('#x').fill('');
      const pending = fill();
      await expect.poll(() => worker.evaluate(() => (globalThis as unknown as { held: unknown[] }).held.length), { timeout: 10_000 }).toBe(1);
      await page.goto(evil.url('/'));
      await expect.poll(() => inContentScript(page, otto.extensionId, '1').catch(() => 0), { timeout: 10_000 }).toBe(1);
      await worker.evaluate(() => (globalThis as unknown as { held: Array<() => void> }).held.shift()!());
      const reply = await pending;
      const stolen = await page.inputValue('#steal');
      expect(stolen, `the attacker's page received ${stolen} (fillTab said ${JSON.stringify(reply)})`).toBe('');
      expect(reply.ok, 'fillTab reported a fill').toBe(false);
      expect([1, 2, 3].map((c) => hotpAt(a.key, c))).not.toContain(stolen);
    } finally {
      await worker.evaluate(() => {
        const g = globalThis as unknown as { realSend: unknown };
        (chrome.tabs as unknown as { sendMessage: unknown }).sendMessage = g.realSend;
      });
    }
    await page.close();
  });

  it('item 3: a bound sign-in page framed by another site is neither filled nor submitted on its own; the popup names the framing site and fills only after consent', async () => {
    const posts: string[] = [];
    const bank = await origin('127.0.0.23', {
      '/': MFA_FORM,
      '/done': (req) => {
        posts.push(req.method ?? '');
        return { body: 'signed in' };
      },
    });
    const portal = await origin('127.0.0.22', { '/': framing(bank.url('/')) });
    const a = testAccount('Framed bank', [bindingOf(bank)], { autoSubmit: true });
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    const { page, tabId } = await openTab(portal.url('/'));
    const frame = await frameOf(page, bank.origin);
    const framedValue = () => frame.evaluate(() => (document.getElementById('mfaCode') as HTMLInputElement | null)?.value ?? 'submitted').catch(() => 'gone');
    await staysFalse('a code was filled into the framed page on its own', async () => posts.length || (await framedValue()));
    expect(posts, 'the framed form was submitted').toEqual([]);
    await reported(tabId);

    const asked = await call<{ ask?: { pageOrigin: string; topOrigin: string | null; framed: boolean } }>(popup, { type: 'fillTab', tabId, accountId: a.wire.id });
    expect(asked.ask).toMatchObject({ pageOrigin: bank.origin, topOrigin: portal.origin, framed: true });
    expect(await frame.inputValue('#mfaCode')).toBe('');

    // Consent to another framing site does not count.
    const wrong = await call(popup, { type: 'fillTab', tabId, accountId: a.wire.id, consent: { pageOrigin: bank.origin, topOrigin: 'http://127.0.0.99:1' } });
    expect(wrong).toHaveProperty('ask');
    expect(await frame.inputValue('#mfaCode')).toBe('');

    const consented = { type: 'fillTab', tabId, accountId: a.wire.id, consent: { pageOrigin: bank.origin, topOrigin: portal.origin } };
    let filled = await call<{ filled: number } | { waitMs: number }>(popup, consented);
    // Less than 3 s left in this step: the popup waits for the next code, as here.
    if ('waitMs' in filled) {
      await sleep(filled.waitMs + 100);
      filled = await call(popup, consented);
    }
    expect(filled).toEqual({ filled: 1 });
    expect(recentCodes(a.key)).toContain(await frame.inputValue('#mfaCode'));
    await sleep(1000);
    expect(posts, 'a user-started fill into a framed page must not auto-submit').toEqual([]);

    // The shortcut in the framed page fills nothing there either (the choice moves to the popup).
    await frame.fill('#mfaCode', '');
    await frame.focus('#mfaCode');
    const worker = await currentWorker(otto);
    await worker.evaluate((id) => chrome.tabs.sendMessage(id, { type: 'requestFill' }), tabId);
    await staysFalse('the shortcut filled the framed page', () => frame.inputValue('#mfaCode'), 2000);
    await page.close();
  });

  it('item 4: five simultaneous requests from one frame get one TOTP code; five HOTP requests get five consecutive codes', async () => {
    const site = await origin('127.0.0.26', { '/': PLAIN_PAGE });
    const t = testAccount('Once', [bindingOf(site)]);
    const h = testAccount('Counter', [bindingOf(site)], { type: 'hotp', counter: 0 });
    await call(popup, { type: 'saveAccounts', accounts: [t.wire] });
    const { page } = await openTab(site.url('/'));
    const burst = () =>
      inContentScript<Array<{ ok: boolean; value?: { action: string; codes?: string[]; ms?: number } }>>(
        page,
        otto.extensionId,
        `Promise.all(Array.from({ length: 5 }, () => chrome.runtime.sendMessage({ type: 'userFill', count: 1 })))`,
      );
    let replies = await burst();
    // All five asked to wait: the step was about to end; ask again in the next one.
    if (replies.every((r) => r.value?.action === 'wait')) {
      await sleep(replies[0]!.value!.ms! + 100);
      replies = await burst();
    }
    const codes = replies.filter((r) => r.value?.action === 'fill').map((r) => r.value!.codes![0]!);
    expect(codes, `codes handed out: ${codes.join(', ')}`).toHaveLength(1);
    expect(recentCodes(t.key)).toContain(codes[0]);
    expect(replies.filter((r) => r.value?.action === 'wait')).toHaveLength(4);

    await call(popup, { type: 'deleteAccount', id: t.wire.id });
    await call(popup, { type: 'saveAccounts', accounts: [h.wire] });
    replies = await burst();
    const hotpCodes = replies.map((r) => r.value?.codes?.[0]);
    expect(new Set(hotpCodes)).toEqual(new Set([0, 1, 2, 3, 4].map((c) => hotpAt(h.key, c))));
    const stored = (await call<Array<{ id: string; counter: number }>>(popup, { type: 'accounts' })).find((x) => x.id === h.wire.id);
    expect(stored?.counter).toBe(5);
    await call(popup, { type: 'deleteAccount', id: h.wire.id });
    await page.close();
  });

  it("item 5: an ad frame's server clock is never reported for the tab; the filled bound frame's is, with its origin", async () => {
    // The ad's code field appears late, so an ad that reports its clock reports it last.
    const ad = await origin('127.0.0.25', {
      '/': () => ({
        headers: { date: dateIn(HOURS_5) },
        body: `<!doctype html><p>Ad</p><script>setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<label for=c>Verification code</label><input id=c autocomplete=one-time-code maxlength=6>'), 800)</script>`,
      }),
    });
    const bank = await origin('127.0.0.24', { '/': () => ({ headers: { date: dateIn(0) }, body: MFA_FORM + `<iframe src="${ad.url('/')}"></iframe>` }) });
    const a = testAccount('Clock bank', [bindingOf(bank)]);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    const { page, tabId } = await openTab(bank.url('/'));
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    const adFrame = await frameOf(page, ad.origin);
    await adFrame.waitForSelector('#c');
    const skewOf = (info: TabInfo) => info.clock?.skewMs ?? info.clockSkewMs ?? null;
    await staysFalse('the tab reports the ad server’s clock (5 h ahead)', async () => Math.abs(skewOf(await tabInfo(tabId)) ?? 0) > 600_000);
    const info = await tabInfo(tabId);
    expect(info.clock).toMatchObject({ origin: bank.origin });
    expect(Math.abs(info.clock!.skewMs)).toBeLessThan(5000);
    await page.close();
  });

  it('item 6: the content script sends no request of its own, locked or unlocked, bound or not', async () => {
    const site = await origin('127.0.0.27', { '/login': MFA_FORM });
    // What the site saw besides the browser's own favicon fetch.
    const seen = () => site.requests.filter((r) => r.url !== '/favicon.ico');
    const load = { method: 'GET', url: '/login?token=one-time-secret' };
    await call(popup, { type: 'lock' });
    const { page } = await openTab(site.url(load.url));
    await staysFalse('the content script requested the page again', async () => seen().length > 1 && JSON.stringify(seen()), 2500);
    expect(seen()).toEqual([load]);

    await call(popup, { type: 'unlock', passphrase: PASS });
    const a = testAccount('No requests', [bindingOf(site)]);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    await page.reload();
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    await sleep(1000);
    expect(seen()).toEqual([load, load]);
    await page.close();
  });

  it('item 6: the server-clock listener exists only while unlocked; a restarted worker registers it again', async () => {
    const bank = await origin('127.0.0.30', { '/': () => ({ headers: { date: dateIn(120_000) }, body: MFA_FORM }) });
    const a = testAccount('Restart', [bindingOf(bank)]);
    await call(popup, { type: 'saveAccounts', accounts: [a.wire] });
    const listening = async () => (await currentWorker(otto)).evaluate(() => chrome.webRequest.onHeadersReceived.hasListeners());
    expect(await listening()).toBe(true);
    await call(popup, { type: 'lock' });
    expect(await listening()).toBe(false);
    await call(popup, { type: 'unlock', passphrase: PASS });
    expect(await listening()).toBe(true);

    await stopServiceWorker(otto);
    // The next page load wakes the worker; it restores the session and listens again.
    const page = await otto.context.newPage();
    await page.goto(bank.url('/'));
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    await expect.poll(listening).toBe(true);
    const tabId = await tabIdOf(otto, page);
    await page.reload();
    await page.waitForFunction(() => (document.getElementById('mfaCode') as HTMLInputElement).value.length === 6, null, { timeout: 35_000 });
    const { clock } = await tabInfo(tabId);
    expect(clock?.origin).toBe(bank.origin);
    expect(Math.abs(clock!.skewMs - 120_000)).toBeLessThan(5000);
    await page.close();
  });

  it('content protocol: the background refuses malformed content requests with a typed error', async () => {
    const site = await origin('127.0.0.28', { '/': PLAIN_PAGE });
    const { page } = await openTab(site.url('/'));
    const malformed = [
      { type: 'fieldsFound' },
      { type: 'fieldsFound', count: '1' },
      { type: 'fieldsFound', count: -1 },
      { type: 'fieldsFound', count: 1e9 },
      { type: 'fieldsFound', count: 1, host: 'bank.example' },
      { type: 'userFill', count: 1.5 },
      { type: 'claim', token: 7 },
      { type: 'claim', token: 'x'.repeat(10_000) },
      { type: 'regionSelected', region: { x: '0', y: 0, width: 10, height: 10, scale: 1 } },
      { type: 'regionSelected', region: { x: 0, y: 0, width: Infinity, height: 10, scale: 1 } },
    ];
    const replies = await inContentScript<Array<{ ok: boolean; error?: { code: string } }>>(
      page,
      otto.extensionId,
      `Promise.all(${JSON.stringify(malformed)}.map((m) => chrome.runtime.sendMessage(m)))`,
    );
    replies.forEach((r, i) => expect(r, JSON.stringify(malformed[i])).toMatchObject({ ok: false, error: { code: 'malformedRequest' } }));
    // Page requests stay out of reach of content scripts.
    expect(await inContentScript(page, otto.extensionId, `chrome.runtime.sendMessage({ type: 'accounts' })`)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await page.close();
  });

  it('content protocol: the content script ignores commands it does not know or that are malformed', async () => {
    const site = await origin('127.0.0.29', { '/': PLAIN_PAGE });
    const { page, tabId } = await openTab(site.url('/'));
    await page.focus('#x');
    const worker = await currentWorker(otto);
    const answers = await worker.evaluate(async (id) => {
      const commands = [
        { type: 'fill', codes: ['123456'], target: 'focused', autoSubmit: false },
        { type: 'invite' },
        { type: 'invite', token: 5 },
        { type: 'detect', extra: true },
        { type: 'nonsense' },
      ];
      const out: string[] = [];
      for (const c of commands) out.push(await chrome.tabs.sendMessage(id, c, { frameId: 0 }).then((r) => JSON.stringify(r ?? null), (e: Error) => `error: ${e.message}`));
      return out;
    }, tabId);
    await sleep(500);
    expect(await page.inputValue('#x')).toBe('');
    for (const answer of answers) expect(answer).toMatch(/^error: |^null$/);
    await page.close();
  });
});

// ---------------------------------------------------------------- item 7: the chooser

/** One of Otto's injected elements, read through DevTools' DOM with pierce (its shadow root is closed). */
interface OttoElement {
  name: string;
  /** Its border box in the page's (or the frame's own) coordinates. */
  box: { x: number; y: number; width: number; height: number };
  /** Computed pointer-events of the host and of every element in its shadow tree. */
  pointerEvents: string[];
  /** Controls inside it (buttons, links, inputs), which a page could steer a click onto. */
  controls: string[];
}

async function ottoElements(page: Page, frame?: Frame): Promise<OttoElement[]> {
  const cdp = await page.context().newCDPSession(frame && frame !== page.mainFrame() ? frame : page);
  try {
    type Node = { nodeId: number; nodeType: number; nodeName: string; children?: Node[]; shadowRoots?: Node[] };
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const hosts: Node[] = [];
    const walk = (n: Node) => {
      if (n.nodeName.startsWith('OTTO-')) hosts.push(n);
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
    };
    walk(root);
    const out: OttoElement[] = [];
    for (const host of hosts) {
      const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: host.nodeId })) as { model: { border: number[]; width: number; height: number } };
      const element: OttoElement = { name: host.nodeName, box: { x: model.border[0]!, y: model.border[1]!, width: model.width, height: model.height }, pointerEvents: [], controls: [] };
      const visit = async (n: Node) => {
        if (n.nodeType === 1 && n.nodeName !== 'STYLE') {
          const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: n.nodeId })) as { computedStyle: Array<{ name: string; value: string }> };
          element.pointerEvents.push(computedStyle.find((p) => p.name === 'pointer-events')?.value ?? '?');
          if (/^(BUTTON|A|INPUT|SELECT|TEXTAREA)$/.test(n.nodeName)) element.controls.push(n.nodeName);
        }
        for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) await visit(c);
      };
      await visit(host);
      out.push(element);
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Records in the page every click it receives and what it landed on, as the page sees it. */
const recordClicks = (target: Page | Frame) =>
  target.evaluate(() => {
    const w = window as unknown as { clicks: string[] };
    w.clicks = [];
    document.addEventListener('click', (e) => w.clicks.push((e.target as Element).localName), true);
  });
const clicksSeen = (target: Page | Frame) => target.evaluate(() => (window as unknown as { clicks: string[] }).clicks);

describe('item 7: the page cannot read account names nor steer the choice of account', () => {
  let otto: Otto;
  let popup: Page;
  const servers: Origin[] = [];

  beforeAll(async () => {
    otto = await launchOtto();
    await call(otto.popup, { type: 'setup', passphrase: PASS });
    popup = await openPopupWindow(otto);
  });
  afterAll(async () => {
    await otto?.close();
    for (const s of servers) await s.close();
  });

  /** A sign-in page with two bound accounts (the case that used to show a chooser). */
  async function twoAccountBank(ip: string, extra: Record<string, Route> = {}) {
    const bank = await serveOrigin(ip, { '/': MFA_FORM, ...extra });
    servers.push(bank);
    const bravo = testAccount('Bravo', [bindingOf(bank)]);
    const charlie = testAccount('Charlie', [bindingOf(bank)]);
    await call(popup, { type: 'saveAccounts', accounts: [bravo.wire, charlie.wire] });
    return { bank, names: [bravo.name, charlie.name, 'Bravo', 'Charlie'] };
  }

  /** Waits for Otto's in-page element (the old chooser or the new notice). */
  const ottoShown = (target: Page | Frame) =>
    target.waitForFunction(() => [...document.documentElement.children].some((e) => e.localName.startsWith('otto-')), null, { timeout: 10_000 });

  it('7a: Otto’s note has nothing to click: no controls, pointer-events none, and a real click on it (under an overlay) reaches the page and fills nothing', async () => {
    const { bank } = await twoAccountBank('127.0.0.31');
    const page = await otto.context.newPage();
    await page.goto(bank.url('/'));
    await ottoShown(page);
    await page.addStyleTag({
      content: `html::after{content:'Click anywhere to continue';position:fixed;inset:0;z-index:2147483647;background:#fff;pointer-events:none}`,
    });
    await recordClicks(page);
    const [note, ...more] = await ottoElements(page);
    expect(more, 'one Otto element on the page').toEqual([]);
    expect(note).toMatchObject({ name: 'OTTO-NOTICE', controls: [] });
    expect(note!.pointerEvents.length, 'the host and its text').toBeGreaterThan(1);
    expect(new Set(note!.pointerEvents), 'pointer-events of the note and everything in it').toEqual(new Set(['none']));
    // The attacker's overlay asks for a click right where Otto's note is.
    const { x, y, width, height } = note!.box;
    expect(width * height, 'the note has a box to click').toBeGreaterThan(0);
    await page.mouse.click(x + width / 2, y + height / 2);
    expect(await page.locator('otto-notice').count(), 'the note was still there when clicked').toBe(1);
    const clicks = await clicksSeen(page);
    expect(clicks, 'the click went through the note to the page').toHaveLength(1);
    expect(clicks[0], 'the click landed on Otto’s note').not.toMatch(/^otto-/);
    await staysFalse('a click on Otto’s note filled a code', () => page.inputValue('#mfaCode'));
    await page.close();
  });

  it('7b: a bound page faded to near-transparent by a cross-origin parent gets no Otto element and no fill, even from a click on it', async () => {
    const { bank } = await twoAccountBank('127.0.0.32');
    const portal = await serveOrigin('127.0.0.33', { '/': framing(bank.url('/'), 'width:600px;height:400px;border:0;opacity:0.02') });
    servers.push(portal);
    const page = await otto.context.newPage();
    await page.goto(portal.url('/'));
    await expect.poll(() => !!page.frames().find((f) => f.url().startsWith(bank.origin)), { timeout: 10_000 }).toBe(true);
    const frame = page.frames().find((f) => f.url().startsWith(bank.origin))!;
    await frame.waitForLoadState('load');
    // The frame's content script has found the field and had the background's answer.
    const tabId = await tabIdOf(otto, page);
    await expect.poll(async () => (await call<{ codeFields: number }>(popup, { type: 'tabInfo', tabId })).codeFields, { timeout: 10_000 }).toBeGreaterThan(0);
    await staysFalse('Otto showed an element in the faded frame', async () => (await ottoElements(page, frame)).map((e) => e.name).join(' '), 3000);
    await recordClicks(frame);
    // Where a note would sit (top right) and on the field: the user believes they click the portal.
    const box = (await (await page.$('#f'))!.boundingBox())!;
    await page.mouse.click(box.x + box.width - 40, box.y + 20);
    const field = (await (await frame.$('#mfaCode'))!.boundingBox())!;
    await page.mouse.click(field.x + field.width / 2, field.y + field.height / 2);
    await expect.poll(() => clicksSeen(frame), { timeout: 5000 }).toHaveLength(2);
    await staysFalse('a click on the invisible frame filled a code or showed Otto', async () => (await frame.inputValue('#mfaCode')) || (await ottoElements(page, frame)).length);
    await page.close();
  });

  it('7c: account names cannot be read by the page with window.find() or a selection', async () => {
    const { bank, names } = await twoAccountBank('127.0.0.34');
    const page = await otto.context.newPage();
    await page.goto(bank.url('/'));
    await ottoShown(page);
    const found = await page.evaluate((list) => {
      const hits = list.filter((n) => {
        getSelection()!.removeAllRanges();
        return (window as unknown as { find(s: string, caseSensitive: boolean, backwards: boolean, wrap: boolean): boolean }).find(n, false, false, true);
      });
      getSelection()!.removeAllRanges();
      document.execCommand('selectAll');
      const selected = getSelection()!.toString();
      return [...hits, ...list.filter((n) => selected.includes(n)).map((n) => `selection: ${n}`)];
    }, names);
    expect(found, 'names the page could read').toEqual([]);
    await page.close();
  });
});
