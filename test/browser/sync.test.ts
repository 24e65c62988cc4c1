/**
 * Sync between real browser profiles: three Chromium profiles (and one firefox-esr)
 * whose storage.sync the test carries between them the way the sync service does
 * (scripts/sync-carrier.mjs): a write on A appears on B, where storage.onChanged wakes
 * Otto's background. Nothing but the carrier moves data between the profiles.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_MAX, fromWire, makeDraft, newAccount, toWire, type AccountWire } from '../../src/core/account';
import { CHROME_LIMITS, bucketOf } from '../../src/core/sync/format';
import { sealVault } from '../../src/core/vault';
import type { SyncInfo } from '../../src/shared/messages';
import { SyncCarrier, chromiumEndpoint } from '../../scripts/sync-carrier.mjs';
import { call, currentWorker, inContentScript, launchOtto, openPopupWindow, send, stopServiceWorker, type Otto } from './harness';
import { MFA_PAGE, serve, type TestSite } from './serve';

const PASS = 'correct horse battery staple';
const PASS2 = 'a new passphrase for every browser';

function wire(i: number, over: Partial<AccountWire> = {}): AccountWire {
  const secret = Uint8Array.from({ length: 20 }, (_, j) => (i * 37 + j * 11 + 5) & 0xff);
  return { ...toWire(newAccount(makeDraft({ secret, issuer: `Issuer ${i}`, label: `user${i}@example.com`, sites: [`https://site${i}.example`] }))), ...over };
}

/** A profile's vault as comparable text: accounts by id, every field. */
async function vault(otto: Otto): Promise<string> {
  const list = await call<AccountWire[]>(otto.popup, { type: 'accounts' });
  return JSON.stringify([...list].sort((a, b) => (a.id < b.id ? -1 : 1)));
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const got = await probe();
      if (got) return got;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The TOTP codes of the previous, current and next step, from oathtool (an independent implementation). */
function recentCodes(secret: string): string[] {
  const start = `@${Math.floor(Date.now() / 1000) - 30}`;
  return execFileSync('/usr/bin/oathtool', ['--totp', '-b', '-w', '2', '-N', start, secret], { encoding: 'utf8' }).trim().split('\n');
}

const status = (otto: Otto) => call<SyncInfo>(otto.popup, { type: 'syncStatus' });
const ids = async (otto: Otto) => (await call<AccountWire[]>(otto.popup, { type: 'accounts' })).map((a) => a.id).sort();

/** An extension page per profile for the carrier, so the popup page stays free for the test. */
async function carrierPage(otto: Otto): Promise<Page> {
  const page = await otto.context.newPage();
  await page.goto(otto.popup.url());
  return page;
}

describe('sync between Chromium profiles', () => {
  let a: Otto;
  let b: Otto;
  let c: Otto;
  let carrier: SyncCarrier;
  let site: TestSite;

  beforeAll(async () => {
    a = await launchOtto();
    b = await launchOtto();
    c = await launchOtto();
    site = await serve({ '/mfa': MFA_PAGE });
    carrier = new SyncCarrier([
      chromiumEndpoint('A', await carrierPage(a)),
      chromiumEndpoint('B', await carrierPage(b)),
      chromiumEndpoint('C', await carrierPage(c)),
    ]);
    await carrier.start();
  }, 120_000);

  afterAll(async () => {
    await carrier?.stop();
    await Promise.all([a?.close(), b?.close(), c?.close()]);
    await site?.close();
  });

  it('turns on in one browser: only ciphertext reaches storage.sync', async () => {
    await call(a.popup, { type: 'setup', passphrase: PASS });
    await call(a.popup, { type: 'saveAccounts', accounts: [0, 1, 2, 3, 4].map((i) => wire(i)) });
    expect((await status(a)).enabled).toBe(false);
    expect(await a.popup.evaluate(() => chrome.storage.sync.get(null))).toEqual({});
    const info = await call<SyncInfo>(a.popup, { type: 'syncEnable', passphrase: PASS });
    expect(info).toMatchObject({ enabled: true, state: 'ok', warnings: [], unsynced: 0 });
    const items = await until('items in storage.sync', async () => {
      const got = await a.popup.evaluate(() => chrome.storage.sync.get(null));
      return Object.keys(got).length > 1 ? got : null;
    });
    const text = JSON.stringify(items);
    for (const word of ['Issuer', 'example', 'site0', 'totp', (await call<AccountWire[]>(a.popup, { type: 'accounts' }))[0]!.secret]) {
      expect(text).not.toContain(word);
    }
  });

  it('joins on a second browser: "Otto found accounts from your other browsers", then the passphrase', async () => {
    await carrier.settle();
    await b.popup.reload();
    await b.popup.getByRole('heading', { name: 'Otto found accounts from your other browsers' }).waitFor();
    const field = b.popup.getByLabel('Passphrase', { exact: true });
    await field.fill('not the passphrase');
    await b.popup.getByRole('button', { name: 'Use these accounts' }).click();
    await b.popup.getByRole('alert').waitFor();
    expect(await b.popup.getByRole('alert').textContent()).toMatch(/passphrase/i);
    await field.fill(PASS);
    await b.popup.getByRole('button', { name: 'Use these accounts' }).click();
    await b.popup.locator('li.row').first().waitFor();
    expect(await b.popup.locator('li.row').count()).toBe(5);
    expect(await vault(b)).toBe(await vault(a));
    expect((await status(b)).enabled).toBe(true);
  });

  it('a change on A reaches B through storage.onChanged alone', async () => {
    const added = wire(10);
    await call(a.popup, { type: 'saveAccounts', accounts: [added] });
    await until('the account on B', async () => (await ids(b)).includes(added.id));
    expect(await vault(b)).toBe(await vault(a));
  });

  it('a restored account whose id is too long for sync gets a fresh one: it and the accounts beside it reach B', async () => {
    await carrier.settle();
    const [near, far] = [wire(60), wire(61)];
    // A backup's id of 200 characters, in the same storage.sync item as `near`.
    let n = 0;
    let long: string;
    do long = `${'r'.repeat(196)}${String(n++).padStart(4, '0')}`;
    while (bucketOf(long) !== bucketOf(near.id));
    expect(long.length).toBeGreaterThan(ID_MAX);
    const restored = wire(62, { id: long });
    const nameless = wire(63, { id: '' });
    await call(a.popup, { type: 'saveAccounts', accounts: [near, restored, nameless, far] });
    const onA = await call<AccountWire[]>(a.popup, { type: 'accounts' });
    const kept = onA.find((q) => q.secret === restored.secret)!;
    const named = onA.find((q) => q.secret === nameless.secret)!;
    const listed = async (otto: Otto) => (await call<AccountWire[]>(otto.popup, { type: 'accounts' })).map((q) => `${q.issuer} (id ${q.id.length})`);
    const observed = async () => `A has ${await listed(a)}; B has ${await listed(b)}; A ${JSON.stringify(await status(a))}; B ${JSON.stringify(await status(b))}`;
    try {
      await until('A and B to agree', async () => {
        await carrier.cycle();
        return (await vault(a)) === (await vault(b));
      });
    } catch (e) {
      throw new Error(`${String(e)}\n${await observed()}`, { cause: e });
    }
    for (const [q, was] of [[kept, restored], [named, nameless]] as const) {
      expect(q.id).toMatch(/^[0-9a-f-]{36}$/);
      expect({ ...q, id: was.id }).toEqual(was);
    }
    for (const q of [near, far]) expect(onA).toContainEqual(q);
    for (const s of [await status(a), await status(b)]) expect(s).toMatchObject({ state: 'ok', warnings: [] });
    // Saved again (an edit of the restored account), it keeps its new id.
    await call(a.popup, { type: 'saveAccounts', accounts: [{ ...kept, label: 'edited after the restore' }] });
    await until('the edit on B', async () => (await call<AccountWire[]>(b.popup, { type: 'accounts' })).some((q) => q.id === kept.id && q.label === 'edited after the restore'));
  });

  it('a vault from before that holds a long id: the account keeps its id and can still be edited', async () => {
    const d = await launchOtto();
    try {
      await call(d.popup, { type: 'setup', passphrase: PASS });
      await call(d.popup, { type: 'lock' });
      const old = wire(70, { id: 'o'.repeat(200) });
      // As a save before this check would have sealed it.
      const sealed = await sealVault({ version: 1, accounts: [fromWire(old)] }, PASS);
      await d.popup.evaluate(async (vault) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('otto');
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        await new Promise((resolve, reject) => {
          const tx = db.transaction('kv', 'readwrite');
          tx.objectStore('kv').put(vault, 'vault');
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        db.close();
      }, sealed);
      await stopServiceWorker(d);
      await call(d.popup, { type: 'unlock', passphrase: PASS });
      expect(await call<AccountWire[]>(d.popup, { type: 'accounts' })).toEqual([old]);
      await call(d.popup, { type: 'saveAccounts', accounts: [{ ...old, label: 'edited' }], onlyExisting: true });
      expect((await call<AccountWire[]>(d.popup, { type: 'accounts' })).map((q) => [q.id, q.label])).toEqual([[old.id, 'edited']]);
    } finally {
      await d.close();
    }
  }, 120_000);

  it('an open popup on B lists what A added, changed and deleted without being reopened; focus stays on the row, or goes to its neighbour', async () => {
    await carrier.settle();
    const popup = await openPopupWindow(b);
    try {
      const [, gone, kept] = await call<AccountWire[]>(a.popup, { type: 'accounts' });
      const row = (id: string) => popup.locator(`li[data-id="${id}"]`);
      await row(kept!.id).waitFor();
      // The row after a deleted one: the list re-renders around it.
      await popup.locator(`#acct-${kept!.id}`).focus();
      const added = wire(50);
      await call(a.popup, { type: 'saveAccounts', accounts: [added] });
      await call(a.popup, { type: 'deleteAccount', id: gone!.id });
      await row(added.id).waitFor({ timeout: 30_000 });
      await row(gone!.id).waitFor({ state: 'detached', timeout: 30_000 });
      const shown = await popup.locator('li.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['id']));
      expect(shown.sort()).toEqual(await ids(b));
      const focusedId = () => popup.evaluate(() => document.activeElement?.id);
      expect(await focusedId()).toBe(`acct-${kept!.id}`);
      // Pinned on A: the row moves to the top of B's list, focus goes with it.
      await call(a.popup, { type: 'saveAccounts', accounts: [{ ...kept!, pinned: true }] });
      await popup.locator('li.row').first().locator('.pin').waitFor({ timeout: 30_000 });
      expect(await popup.locator('li.row').first().getAttribute('data-id')).toBe(kept!.id);
      expect(await focusedId()).toBe(`acct-${kept!.id}`);
      // Deleted on A: focus goes to the row that was next to it.
      const order = await popup.locator('li.row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset['id']));
      await call(a.popup, { type: 'deleteAccount', id: kept!.id });
      await row(kept!.id).waitFor({ state: 'detached', timeout: 30_000 });
      await expect.poll(focusedId).toBe(`acct-${order[1]}`);
    } finally {
      await popup.close();
    }
  });

  it('an Edit screen open on B: a change from A fills the untouched fields, a deletion from A closes it; a stale form never brings an account back', async () => {
    await carrier.settle();
    const popup = await openPopupWindow(b);
    const openEdit = async (x: AccountWire) => {
      await popup.getByRole('button', { name: `More for ${x.issuer}`, exact: true }).click();
      await popup.getByRole('button', { name: `Edit ${x.issuer}`, exact: true }).click();
      await popup.getByRole('heading', { name: 'Edit account' }).waitFor();
    };
    try {
      const [x, y, z] = await call<AccountWire[]>(a.popup, { type: 'accounts' });
      // Edited on both sides: the user's own field wins, A's change to another field is kept.
      await openEdit(x!);
      await popup.getByLabel('Account name').fill('typed on B');
      await call(a.popup, { type: 'saveAccounts', accounts: [{ ...x!, issuer: 'Renamed on A' }] });
      await expect.poll(() => popup.getByLabel('Issuer (service)').inputValue(), { timeout: 30_000 }).toBe('Renamed on A');
      await popup.getByText('Renamed on A was changed in another browser.').waitFor();
      expect(await popup.getByLabel('Account name').inputValue()).toBe('typed on B');
      await popup.getByRole('button', { name: 'Save', exact: true }).click();
      await popup.getByText('Saved Renamed on A.').waitFor();
      await until('the merged edit on A', async () => {
        const onA = (await call<AccountWire[]>(a.popup, { type: 'accounts' })).find((q) => q.id === x!.id);
        return onA?.issuer === 'Renamed on A' && onA.label === 'typed on B';
      });

      // Deleted on A while its form is open on B: back to the list, and B says why.
      await openEdit(y!);
      await popup.getByLabel('Account name').fill('never saved');
      await call(a.popup, { type: 'deleteAccount', id: y!.id });
      await popup.getByText(`${y!.issuer} was deleted in another browser.`).waitFor({ timeout: 30_000 });
      await popup.locator('#account-list').waitFor();
      expect(await popup.locator(`li[data-id="${y!.id}"]`).count()).toBe(0);

      // Deleted by another Otto page of this browser (no sync event reaches the form): Save is refused.
      await openEdit(z!);
      await popup.getByLabel('Account name').fill('a ghost');
      await call(b.popup, { type: 'deleteAccount', id: z!.id });
      await popup.getByRole('button', { name: 'Save', exact: true }).click();
      expect(await popup.getByRole('alert').textContent()).toBe('That account no longer exists.');
      // A saved ghost would outrank the deletion on both sides: they would never agree without it.
      await until('A and B to agree without either account', async () => {
        await carrier.cycle();
        const onA = await ids(a);
        return JSON.stringify(onA) === JSON.stringify(await ids(b)) && !onA.includes(y!.id) && !onA.includes(z!.id);
      });
    } finally {
      await popup.close();
    }
  });

  it('an account that arrives by sync fills a page that had stood down on B (its content scripts are re-armed)', async () => {
    await carrier.settle();
    // Counts the code-field reports B's background receives (a listener beside the router's).
    const worker = await currentWorker(b);
    await worker.evaluate(() => {
      const g = globalThis as unknown as { reports?: number };
      if (g.reports === undefined) {
        chrome.runtime.onMessage.addListener((m: { type?: string }) => {
          if (m?.type === 'fieldsFound') g.reports!++;
          return false;
        });
      }
      g.reports = 0;
    });
    const reports = () => worker.evaluate(() => (globalThis as unknown as { reports: number }).reports);
    const page = await b.context.newPage();
    await page.goto(site.url('/mfa', 'localhost'));
    await expect.poll(reports, { timeout: 15_000 }).toBe(1); // nothing is bound to this origin on B: the page stands down
    const bound = wire(30, { sites: [new URL(site.url('/', 'localhost')).origin] });
    await call(a.popup, { type: 'saveAccounts', accounts: [bound] });
    await until('the account on B', async () => (await ids(b)).includes(bound.id));
    // A code field that appears from now on is asked about again, and filled.
    await page.evaluate(() =>
      document.querySelector('form')!.insertAdjacentHTML('beforeend', '<label for="otp2">Authentication code</label><input id="otp2" autocomplete="one-time-code" inputmode="numeric" maxlength="6">'),
    );
    await page.waitForFunction(() => (document.querySelector('#otp2') as HTMLInputElement).value.length === 6, undefined, { timeout: 35_000 });
    expect(recentCodes(bound.secret)).toContain(await page.inputValue('#otp2'));
    await page.close();
  });

  it('creating a new vault on a third browser leaves the synced data alone', async () => {
    await carrier.settle();
    const before = JSON.stringify(carrier.serverItems());
    await call(c.popup, { type: 'setup', passphrase: PASS2 });
    const own = wire(20);
    await call(c.popup, { type: 'saveAccounts', accounts: [own] });
    // Turning sync on over another vault writes nothing: it asks to merge or replace.
    const info = await call<SyncInfo>(c.popup, { type: 'syncEnable', passphrase: PASS2 });
    expect(info).toMatchObject({ enabled: false, state: 'paused', paused: 'foreignKey' });
    await carrier.settle();
    expect(JSON.stringify(carrier.serverItems())).toBe(before);
    // Merging takes the synced vault's passphrase and an explicit yes.
    expect(await call(c.popup, { type: 'syncAdopt', passphrase: PASS })).toEqual({ differentVault: true });
    expect(await call(c.popup, { type: 'syncAdopt', passphrase: PASS, merge: true })).toMatchObject({ adopted: true });
    await until('C merged into the synced vault', async () => (await ids(a)).includes(own.id) && (await vault(c)) === (await vault(a)));
    // C now opens with the synced passphrase.
    await call(c.popup, { type: 'lock' });
    expect((await send(c.popup, { type: 'unlock', passphrase: PASS2 })).ok).toBe(false);
    await call(c.popup, { type: 'unlock', passphrase: PASS });
  });

  it('concurrent edits: different accounts both survive, the same account resolves identically everywhere', async () => {
    const [x, y, z] = (await call<AccountWire[]>(a.popup, { type: 'accounts' })).slice(0, 3);
    carrier.setOffline('A', true);
    carrier.setOffline('B', true);
    await call(a.popup, { type: 'saveAccounts', accounts: [{ ...x!, label: 'edited on A' }, { ...y!, issuer: 'Issuer from A' }] });
    await call(b.popup, { type: 'saveAccounts', accounts: [{ ...x!, label: 'edited on B' }, { ...z!, pinned: true }] });
    carrier.setOffline('A', false);
    carrier.setOffline('B', false);
    await until('A, B and C to agree', async () => {
      await carrier.cycle();
      const va = await vault(a);
      return va === (await vault(b)) && va === (await vault(c));
    });
    const list = await call<AccountWire[]>(a.popup, { type: 'accounts' });
    expect(['edited on A', 'edited on B']).toContain(list.find((q) => q.id === x!.id)!.label);
    expect(list.find((q) => q.id === y!.id)!.issuer).toBe('Issuer from A');
    expect(list.find((q) => q.id === z!.id)!.pinned).toBe(true);
  });

  it('delete on one browser vs a concurrent edit on another: the edit survives', async () => {
    const [, , , w] = await call<AccountWire[]>(a.popup, { type: 'accounts' });
    carrier.setOffline('A', true);
    carrier.setOffline('B', true);
    await call(a.popup, { type: 'deleteAccount', id: w!.id });
    await call(b.popup, { type: 'saveAccounts', accounts: [{ ...w!, label: 'still needed' }] });
    carrier.setOffline('A', false);
    carrier.setOffline('B', false);
    await until('A and B to agree', async () => {
      await carrier.cycle();
      return (await vault(a)) === (await vault(b));
    });
    expect((await call<AccountWire[]>(a.popup, { type: 'accounts' })).find((q) => q.id === w!.id)?.label).toBe('still needed');
    // A delete made after seeing the edit wins everywhere.
    await call(a.popup, { type: 'deleteAccount', id: w!.id });
    await until('the deletion on B and C', async () => !(await ids(b)).includes(w!.id) && !(await ids(c)).includes(w!.id));
  });

  it('a steady stream of other storage.sync writes on B (a Firefox content script could make one) does not hold back its rounds', async () => {
    await carrier.settle();
    // Not Otto's items, written every 100 ms: each one fires storage.onChanged in B's background.
    const noise = await b.context.newPage();
    await noise.goto(b.popup.url());
    await noise.evaluate(() => {
      let n = 0;
      (globalThis as unknown as { noise: ReturnType<typeof setInterval> }).noise = setInterval(() => void chrome.storage.sync.set({ noise: n++ }), 100);
    });
    try {
      const added = wire(40);
      await call(a.popup, { type: 'saveAccounts', accounts: [added] });
      await until('the account on B while the writes go on', async () => (await ids(b)).includes(added.id), 20_000);
    } finally {
      await noise.evaluate(() => clearInterval((globalThis as unknown as { noise: ReturnType<typeof setInterval> }).noise));
      await noise.evaluate(() => chrome.storage.sync.remove('noise'));
      await noise.close();
    }
  });

  it('an offline browser catches up after many changes', async () => {
    carrier.setOffline('C', true);
    const list = await call<AccountWire[]>(a.popup, { type: 'accounts' });
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 0) await call(a.popup, { type: 'saveAccounts', accounts: [wire(100 + i)] });
      else if (i % 3 === 1) await call(b.popup, { type: 'saveAccounts', accounts: [{ ...list[i % list.length]!, label: `change ${i}` }] });
      else await call(a.popup, { type: 'advanceHotp', id: list[0]!.id }).catch(() => undefined);
    }
    await call(a.popup, { type: 'deleteAccount', id: list[1]!.id });
    await until('A and B to agree', async () => (await vault(a)) === (await vault(b)));
    carrier.setOffline('C', false);
    await until('C to catch up', async () => {
      await carrier.cycle();
      return (await vault(c)) === (await vault(a));
    });
  });

  it('a content script can neither read nor write storage.sync in Chromium', async () => {
    await carrier.settle();
    const page = await b.context.newPage();
    await page.goto(site.url('/mfa'));
    // What a compromised content script would try: take the wrapped key for guessing, delete everything.
    const attempt = await inContentScript<{ read: string; write: string }>(
      page,
      b.extensionId,
      `(async () => {
        const out = {};
        try { out.read = JSON.stringify(await chrome.storage.sync.get('key')); } catch (e) { out.read = 'refused: ' + e.message; }
        try { await chrome.storage.sync.clear(); out.write = 'cleared'; } catch (e) { out.write = 'refused: ' + e.message; }
        return out;
      })()`,
    );
    expect(attempt.read).toMatch(/^refused/);
    expect(attempt.write).toMatch(/^refused/);
    expect('key' in carrier.serverItems()).toBe(true);
    await page.close();
  });

  it('altered, moved or deleted items (Firefox content scripts can write them; so can the sync provider) change no account, with a visible warning', async () => {
    await carrier.settle();
    const before = await vault(b);
    // Delivered into B as the sync service would deliver whatever was written elsewhere.
    const tampered = await b.popup.evaluate(async () => {
      const items = await chrome.storage.sync.get(null);
      const buckets = Object.keys(items).filter((k) => k !== 'key').sort();
      const [first, second, third] = buckets as [string, string, string];
      const flip = (s: string) => (s[5] === 'A' ? `${s.slice(0, 5)}B${s.slice(6)}` : `${s.slice(0, 5)}A${s.slice(6)}`);
      const one = items[first] as { data: string };
      await chrome.storage.sync.set({ [first]: { ...one, data: flip(one.data) }, [third]: items[second] });
      await chrome.storage.sync.remove(second);
      return [first, second, third];
    });
    const warned = await until('a warning on B', async () => {
      const s = await status(b);
      return s.recent.length > 0 ? s.recent : null;
    });
    expect(warned.map((w) => w.code)).toContain('syncItemAuth');
    for (const w of warned) expect(tampered).toContain(w.item);
    expect(await vault(b)).toBe(before);
    // Repaired from the browsers' own records: all agree again, nothing lost; the warning stays listed.
    await until('repair', async () => {
      await carrier.cycle();
      return (await vault(a)) === before && (await vault(b)) === before && (await vault(c)) === before && (await status(b)).warnings.length === 0;
    });
    expect((await status(b)).recent.length).toBeGreaterThan(0);
    await b.popup.reload();
    await b.popup.getByRole('button', { name: 'Settings', exact: true }).click();
    await b.popup.getByText('failed its integrity check').first().waitFor();
    // Everything removed at once: nothing local is deleted, and the synced data comes back.
    await b.popup.evaluate(() => chrome.storage.sync.clear());
    await until('the key item back in storage.sync', async () => {
      await carrier.cycle();
      return 'key' in carrier.serverItems() && Object.keys(carrier.serverItems()).length > 1;
    });
    expect(await vault(a)).toBe(before);
    expect(await vault(b)).toBe(before);
  });

  it('an item from a newer Otto pauses writing and changes nothing', async () => {
    await carrier.settle();
    const before = await vault(a);
    const items = carrier.serverItems();
    const bucket = Object.keys(items).find((k) => k !== 'key')!;
    await a.popup.evaluate(([k, v]) => chrome.storage.sync.set({ [k as string]: { ...(v as object), v: 2 } }), [bucket, items[bucket]]);
    await until('A paused', async () => (await status(a)).paused === 'newerVersion');
    expect((await status(a)).warnings).toEqual([{ code: 'syncItemVersion', item: bucket }]);
    expect(await vault(a)).toBe(before);
    // Put the item back as it was: syncing resumes.
    await a.popup.evaluate(([k, v]) => chrome.storage.sync.set({ [k as string]: v }), [bucket, items[bucket]]);
    await until('A syncing again', async () => (await status(a)).state === 'ok');
  });

  it('a passphrase change in one browser: the others keep their accounts and ask for the new passphrase once', async () => {
    await carrier.settle();
    await call(a.popup, { type: 'changePassphrase', oldPassphrase: PASS, newPassphrase: PASS2 });
    await until('B paused for the new passphrase', async () => (await status(b)).paused === 'newPassphrase');
    const onB = await vault(b);
    expect(onB).toBe(await vault(a));
    // B keeps working on its own meanwhile; its edit waits for the new passphrase.
    const mine = wire(300);
    await call(b.popup, { type: 'saveAccounts', accounts: [mine] });
    // The popup says so in Settings, and takes the new passphrase there.
    await b.popup.reload();
    await b.popup.getByRole('button', { name: 'Settings', exact: true }).click();
    await b.popup.getByText('your passphrase was changed in another browser').waitFor();
    await b.popup.getByLabel('New passphrase (set in another browser)').fill(PASS2);
    await b.popup.getByRole('button', { name: 'Continue syncing' }).click();
    await until('B syncing again', async () => (await status(b)).state === 'ok');
    await until('B’s account on A', async () => (await ids(a)).includes(mine.id));
    // C was locked meanwhile: the new passphrase opens it directly (its vault is re-sealed under the new key).
    await call(c.popup, { type: 'lock' });
    await until('C paused or locked', async () => ['locked', 'paused'].includes((await status(c)).state));
    await call(c.popup, { type: 'unlock', passphrase: PASS2 });
    await until('C in sync', async () => {
      await carrier.cycle();
      return (await status(c)).state === 'ok' && (await vault(c)) === (await vault(a));
    });
    await call(c.popup, { type: 'lock' });
    expect((await send(c.popup, { type: 'unlock', passphrase: PASS })).ok).toBe(false);
    await call(c.popup, { type: 'unlock', passphrase: PASS2 });
  });

  it('when the vault does not fit: says so, syncs what fits, loses nothing', async () => {
    await carrier.settle();
    // Items that are not Otto's (synced from elsewhere) fill most of the quota.
    await a.popup.evaluate(async () => {
      const junk: Record<string, string> = {};
      for (let i = 0; i < 11; i++) junk[`junk${i}`] = 'x'.repeat(8000);
      await chrome.storage.sync.set(junk);
    });
    const many = Array.from({ length: 120 }, (_, i) => wire(1000 + i, { label: `a long label for account number ${i} at example.com` }));
    await call(a.popup, { type: 'saveAccounts', accounts: many });
    const full = await until('A to report the full storage', async () => {
      const s = await status(a);
      return s.unsynced > 0 ? s : null;
    });
    expect(full.full).toBe(true);
    expect(await a.popup.evaluate(() => chrome.storage.sync.getBytesInUse(null))).toBeLessThanOrEqual(CHROME_LIMITS.quotaBytes);
    const onA = await ids(a);
    for (const m of many) expect(onA).toContain(m.id);
    // The others get what fits, and keep everything they had.
    await until('B to get the synced part', async () => {
      await carrier.cycle();
      return (await ids(b)).length === onA.length - full.unsynced;
    });
    // Space again: the rest follows.
    await a.popup.evaluate(() => chrome.storage.sync.remove(Array.from({ length: 11 }, (_, i) => `junk${i}`)));
    await until('everything synced', async () => {
      await carrier.cycle();
      return (await status(a)).unsynced === 0 && (await vault(b)) === (await vault(a));
    }, 60_000);
  });
});
