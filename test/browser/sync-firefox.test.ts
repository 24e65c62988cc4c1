/**
 * Sync between Chromium and firefox-esr: the same items, carried between the two
 * browsers' storage.sync by the test (scripts/sync-carrier.mjs). Chrome Sync and Firefox
 * Sync do not talk to each other; this proves the format is the same on both engines
 * (WebCrypto, CompressionStream, Argon2id in each background), and that Firefox's
 * background reacts to delivered items the same way.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDraft, newAccount, toWire, type AccountWire } from '../../src/core/account';
import type { SyncInfo } from '../../src/shared/messages';
import { SyncCarrier, chromiumEndpoint, firefoxEndpoint } from '../../scripts/sync-carrier.mjs';
import { callFrom as ffCall, launchFirefoxOtto, waitFor, type FirefoxOtto } from './firefox-harness';
import { call, launchOtto, type Otto } from './harness';

const PASS = 'correct horse battery staple';

function wire(i: number): AccountWire {
  const secret = Uint8Array.from({ length: 20 }, (_, j) => (i * 29 + j * 13 + 3) & 0xff);
  return toWire(newAccount(makeDraft({ secret, issuer: `Issuer ${i}`, label: `user${i}@example.com`, sites: [`https://site${i}.example`] })));
}

/** Sync rounds wait on the carrier and on Argon2id in two browsers: more room than a page load. */
const until = <T>(what: string, probe: () => Promise<T | null | undefined | false>) => waitFor(what, probe, 30_000);

const canon = (list: AccountWire[]) => JSON.stringify([...list].sort((a, b) => (a.id < b.id ? -1 : 1)));

describe('sync between Chromium and firefox-esr', () => {
  let chromium: Otto;
  let firefox: FirefoxOtto;
  let ff: Page;
  let carrier: SyncCarrier;

  beforeAll(async () => {
    chromium = await launchOtto();
    firefox = await launchFirefoxOtto();
    ff = firefox.popup;
    const carrierPage = await chromium.context.newPage();
    await carrierPage.goto(chromium.popup.url());
    carrier = new SyncCarrier([chromiumEndpoint('chromium', carrierPage), firefoxEndpoint('firefox', await firefox.openPopup())]);
    await carrier.start();
  }, 120_000);

  afterAll(async () => {
    await carrier?.stop();
    await chromium?.close();
    await firefox?.close();
  });

  it('Firefox joins the vault Chromium synced, and changes flow both ways', async () => {
    await call(chromium.popup, { type: 'setup', passphrase: PASS });
    await call(chromium.popup, { type: 'saveAccounts', accounts: [1, 2, 3].map(wire) });
    await call(chromium.popup, { type: 'syncEnable', passphrase: PASS });
    await until('Firefox to see the synced vault', async () => (await ffCall<{ found: boolean }>(ff, { type: 'syncProbe' })).found);
    await ffCall(ff, { type: 'syncJoin', passphrase: PASS });
    const onChromium = () => call<AccountWire[]>(chromium.popup, { type: 'accounts' });
    const onFirefox = () => ffCall<AccountWire[]>(ff, { type: 'accounts' });
    expect(canon(await onFirefox())).toBe(canon(await onChromium()));

    // Firefox → Chromium: Firefox's background writes, the carrier delivers, Chromium's onChanged merges.
    const fromFirefox = wire(4);
    await ffCall(ff, { type: 'saveAccounts', accounts: [fromFirefox] });
    await until('the Firefox account on Chromium', async () => (await onChromium()).some((a) => a.id === fromFirefox.id));
    // Chromium → Firefox: an edit and a deletion, shown by a Firefox popup that stays open.
    const [first, second] = await onChromium();
    const view = await firefox.openPopup();
    await view.waitForSelector(`li[data-id="${second!.id}"]`);
    await call(chromium.popup, { type: 'saveAccounts', accounts: [{ ...first!, label: 'renamed in Chromium' }] });
    await call(chromium.popup, { type: 'deleteAccount', id: second!.id });
    await until('both browsers to agree', async () => canon(await onFirefox()) === canon(await onChromium()));
    await view.waitForSelector(`li[data-id="${second!.id}"]`, { hidden: true, timeout: 30_000 });
    await view.waitForFunction((id: string) => document.querySelector(`li[data-id="${id}"] .label`)?.textContent === 'renamed in Chromium', { timeout: 30_000 }, first!.id);
    await view.close();
    expect((await onFirefox()).find((a) => a.id === first!.id)?.label).toBe('renamed in Chromium');
    expect((await ffCall<SyncInfo>(ff, { type: 'syncStatus' })).state).toBe('ok');
  });

  it('a damaged item written into Firefox (where content scripts can write storage.sync) changes no account', async () => {
    await carrier.settle();
    const before = canon(await ffCall<AccountWire[]>(ff, { type: 'accounts' }));
    const items = carrier.serverItems();
    const bucket = Object.keys(items).find((k) => k !== 'key')!;
    const damaged = { ...(items[bucket] as Record<string, string>), data: 'AAAA' + (items[bucket] as Record<string, string>).data!.slice(4) };
    // Written from an Otto page: the harness cannot run code in Firefox's content-script sandbox. The background
    // cannot tell writers apart either (storage.onChanged names no sender), so this is what a content script's write does.
    await ff.evaluate(
      (k, v) => (globalThis as unknown as { browser: typeof chrome }).browser.storage.sync.set({ [k]: v }),
      bucket,
      damaged,
    );
    const warned = await until('a warning in Firefox', async () => {
      const s = await ffCall<SyncInfo>(ff, { type: 'syncStatus' });
      return s.recent.length ? s.recent : null;
    });
    expect(warned[0]).toMatchObject({ code: 'syncItemAuth', item: bucket });
    expect(canon(await ffCall<AccountWire[]>(ff, { type: 'accounts' }))).toBe(before);
    await until('Chromium and Firefox to agree again', async () =>
      canon(await call<AccountWire[]>(chromium.popup, { type: 'accounts' })) === canon(await ffCall<AccountWire[]>(ff, { type: 'accounts' })),
    );
  });
});
