/**
 * Real-browser harness: Debian Chromium (never a downloaded browser) with the built
 * extension from dist/ loaded, through playwright-core's launchPersistentContext.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from 'playwright-core';
import { CHROMIUM, chromiumArgs } from '../../scripts/chromium.mjs';

export const DIST = path.resolve(__dirname, '../../dist');
export { CHROMIUM };

export interface Otto {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** An extension page (the popup, opened in a tab) used to talk to the background. */
  popup: Page;
  close(): Promise<void>;
}

/** `args`: more Chromium flags (host mapping, certificates); `dist`: another build of Otto (an older one, to show an attack). */
export async function launchOtto(options: { args?: string[]; dist?: string } = {}): Promise<Otto> {
  const dist = options.dist ?? DIST;
  if (!existsSync(path.join(dist, 'manifest.json'))) throw new Error(`${dist} is missing: run \`npm run build\` first (npm test does).`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROME_PATH).`);
  const profile = mkdtempSync(path.join(tmpdir(), 'otto-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: false, // chromiumArgs() passes --headless=new: the old headless mode cannot load extensions.
    args: [...chromiumArgs(dist), ...(options.args ?? [])],
    viewport: { width: 1280, height: 800 },
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
  return {
    context,
    worker,
    extensionId,
    popup,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Sends a protocol request from an extension page, returning the raw Reply. */
export interface SentReply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; params?: Record<string, string | number> };
}

export function send<T = unknown>(page: Page, message: unknown): Promise<SentReply<T>> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m), message as object) as Promise<SentReply<T>>;
}

/** Like `send`, but throws on an error reply. */
export async function call<T = unknown>(page: Page, message: unknown): Promise<T> {
  const reply = await send<T>(page, message);
  if (!reply.ok) throw new Error(`${(message as { type: string }).type} failed: ${JSON.stringify(reply.error)}`);
  return reply.value as T;
}

/** The current service worker (a new one after a restart). */
export async function currentWorker(otto: Otto): Promise<Worker> {
  for (let i = 0; i < 100; i++) {
    const live = otto.context.serviceWorkers().filter((w) => w.url().startsWith(`chrome-extension://${otto.extensionId}/`));
    if (live.length) return live[live.length - 1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Otto service worker did not start again.');
}

/** Stops the extension's service worker through the DevTools protocol, as Chrome does to idle workers. */
export async function stopServiceWorker(otto: Otto): Promise<void> {
  const cdp: CDPSession = await otto.context.newCDPSession(otto.popup);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: Array<{ type: string; url: string; targetId: string }> };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${otto.extensionId}/`));
  if (!worker) throw new Error('Otto service worker target not found.');
  await cdp.send('Target.closeTarget', { targetId: worker.targetId });
  await cdp.detach();
}

/** Everything in chrome.storage.local / session, read from the worker. */
export async function storageDump(otto: Otto, area: 'local' | 'session'): Promise<Record<string, unknown>> {
  const worker = await currentWorker(otto);
  return worker.evaluate((a) => chrome.storage[a as 'local' | 'session'].get(null), area) as Promise<Record<string, unknown>>;
}

/**
 * Runs `expression` inside Otto's content-script world of `page` (the isolated world),
 * to act as a content script would, e.g. a compromised one asking for codes.
 */
export async function inContentScript<T>(page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; origin: string; auxData?: { frameId?: string; type?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.includes(extensionId)) ??
    contexts.find((c) => c.auxData?.type === 'isolated');
  if (!world) throw new Error('Otto content script world not found in this page.');
  const res = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, awaitPromise: true, returnByValue: true })) as {
    result: { value: T };
    exceptionDetails?: unknown;
  };
  await cdp.detach();
  if (res.exceptionDetails) throw new Error(`content-script evaluation failed: ${JSON.stringify(res.exceptionDetails)}`);
  return res.result.value;
}

/**
 * Presses Otto's toolbar button for `page`'s tab, as a user would: this grants the
 * activeTab permission for that tab (needed to scan it) and opens the popup.
 */
export async function clickToolbarButton(otto: Otto, page: Page): Promise<void> {
  const browser = otto.context.browser();
  if (!browser) throw new Error('No browser-level DevTools session available.');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] })) as {
    targetInfos: Array<{ type: string; url: string; targetId: string }>;
  };
  const tab = targetInfos.find((t) => t.url === page.url());
  if (!tab) throw new Error(`No tab target for ${page.url()}`);
  await cdp.send('Extensions.triggerAction', { id: otto.extensionId, targetId: tab.targetId });
  await cdp.detach();
}

/** The Chrome tab id of a page, as the extension sees it. */
export async function tabIdOf(otto: Otto, page: Page): Promise<number> {
  const worker = await currentWorker(otto);
  const id = await worker.evaluate(async (url) => (await chrome.tabs.query({})).find((t) => t.url === url)?.id, page.url());
  if (id === undefined) throw new Error(`No tab for ${page.url()}`);
  return id;
}

/**
 * Opens Otto's popup page in its own window, so that the page under test stays the
 * visible, active tab of its window (tab capture and focus behave as with a real popup).
 */
export async function openPopupWindow(otto: Otto): Promise<Page> {
  const worker = await currentWorker(otto);
  const opened = otto.context.waitForEvent('page');
  await worker.evaluate((url) => chrome.windows.create({ url, type: 'popup', width: 400, height: 600 }), otto.popup.url());
  const page = await opened;
  await page.waitForLoadState();
  return page;
}
