/**
 * The background as vault keeper, in real Chromium: set up, add accounts, survive a
 * worker restart, lock, refuse wrong passphrases, never store plaintext, and scope
 * content scripts to their own host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccount, makeDraft, toWire, type AccountWire } from '../../src/core/account';
import { encodeBase32 } from '../../src/core/base32';
import { totp } from '../../src/core/otp';
import { call, currentWorker, inContentScript, launchOtto, send, stopServiceWorker, storageDump, type Otto } from './harness';
import { MFA_PAGE, serve, type TestSite } from './serve';
import { storedVault } from './stored';

const PASS = 'correct horse battery staple';
const secrets = [0, 1, 2].map((i) => crypto.getRandomValues(new Uint8Array(20 + i)));
const labels = ['label-alpha-7f3c@example.test', 'label-beta-91aa@example.test', 'label-gamma-0d2e@example.test'];
const accounts: AccountWire[] = secrets.map((secret, i) =>
  toWire(newAccount(makeDraft({ secret, issuer: `Issuer-${i}-zq`, label: labels[i]!, sites: [] }))),
);

function leaks(text: string): string[] {
  const found: string[] = [];
  for (const s of secrets) {
    const hex = Buffer.from(s).toString('hex');
    const b32 = encodeBase32(s);
    const raw = Buffer.from(s).toString('latin1');
    const b64 = Buffer.from(s).toString('base64');
    for (const needle of [hex, b32, b32.toLowerCase(), raw, b64]) if (text.includes(needle)) found.push('secret');
  }
  for (const a of accounts) for (const t of [a.label, a.issuer]) if (text.includes(t)) found.push(t);
  return found;
}

describe('vault in the background', () => {
  let otto: Otto;
  let site: TestSite;
  beforeAll(async () => {
    otto = await launchOtto();
    site = await serve({ '/mfa': MFA_PAGE });
    // Account 0 is bound to the test page's origin under the name "localhost" (http, its port).
    accounts[0]!.sites = [new URL(site.url('/', 'localhost')).origin];
  });
  afterAll(async () => {
    await otto?.close();
    await site?.close();
  });

  it('starts with no vault and refuses a short passphrase', async () => {
    expect((await call<{ state: string }>(otto.popup, { type: 'status' })).state).toBe('new');
    expect((await send(otto.popup, { type: 'setup', passphrase: 'short' })).error).toEqual({ code: 'passphraseTooShort', params: { min: 8 } });
  });

  it('creates a vault, stores accounts, and keeps only ciphertext in storage', async () => {
    await call(otto.popup, { type: 'setup', passphrase: PASS });
    await call(otto.popup, { type: 'saveAccounts', accounts });
    const back = await call<AccountWire[]>(otto.popup, { type: 'accounts' });
    expect(back.map((a) => [a.id, a.secret, a.label])).toEqual(accounts.map((a) => [a.id, a.secret, a.label]));
    // The sealed vault lives in the extension's IndexedDB (test/browser/lock.test.ts keeps content scripts out).
    const stored = JSON.stringify(await storedVault(otto));
    expect(stored).toContain('"otto-vault"');
    expect(leaks(stored)).toEqual([]);
    expect(leaks(JSON.stringify(await storageDump(otto, 'local')))).toEqual([]);
  });

  it('stays unlocked across a service-worker restart', async () => {
    const before = await currentWorker(otto);
    await before.evaluate(() => ((globalThis as { ottoTestMark?: number }).ottoTestMark = 1));
    await stopServiceWorker(otto);
    // The next message wakes a fresh worker, which must restore the unlocked vault from storage.session.
    expect((await call<AccountWire[]>(otto.popup, { type: 'accounts' })).length).toBe(3);
    const after = await currentWorker(otto);
    expect(await after.evaluate(() => (globalThis as { ottoTestMark?: number }).ottoTestMark)).toBeUndefined();
  });

  it('serializes concurrent writers without losing changes', async () => {
    const extra = [0, 1, 2, 3, 4].map((i) =>
      toWire(newAccount(makeDraft({ secret: crypto.getRandomValues(new Uint8Array(20)), issuer: `Concurrent ${i}` }))),
    );
    const second = await otto.context.newPage();
    await second.goto(otto.popup.url());
    await Promise.all(extra.map((a, i) => call(i % 2 ? second : otto.popup, { type: 'saveAccounts', accounts: [a] })));
    const all = await call<AccountWire[]>(otto.popup, { type: 'accounts' });
    expect(all.map((a) => a.id)).toEqual(expect.arrayContaining(extra.map((a) => a.id)));
    await Promise.all(extra.map((a) => call(otto.popup, { type: 'deleteAccount', id: a.id })));
    await second.close();
    expect((await call<AccountWire[]>(otto.popup, { type: 'accounts' })).length).toBe(3);
    for (const key of ['vault', 'vault.prev', 'settings']) expect(Object.keys(await storageDump(otto, 'local'))).not.toContain(key);
  });

  it('scopes content scripts to accounts bound to their own host', async () => {
    const page = await otto.context.newPage();
    // Account 0 is bound to "localhost" only: 127.0.0.1 is another site.
    await page.goto(site.url('/mfa', '127.0.0.1'));
    await page.waitForTimeout(1500);
    expect(await page.inputValue('#mfaCode')).toBe('');
    const asked = await inContentScript<{ ok: boolean; value?: { action: string } }>(
      page,
      otto.extensionId,
      `chrome.runtime.sendMessage({ type: 'userFill', count: 1 })`,
    );
    expect(asked).toEqual({ ok: true, value: { action: 'none' } });
    const stolen = await inContentScript<{ ok: boolean; error?: { code: string }; value?: unknown }>(page, otto.extensionId, `chrome.runtime.sendMessage({ type: 'accounts' })`);
    expect(stolen.ok).toBe(false);
    expect(stolen.error?.code).toBe('forbidden');
    expect(JSON.stringify(stolen)).not.toContain(accounts[0]!.secret);

    await page.goto(site.url('/mfa', 'localhost'));
    await expect.poll(() => page.inputValue('#mfaCode'), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const filled = await page.inputValue('#mfaCode');
    const now = Date.now();
    expect([totp(secrets[0]!, now), totp(secrets[0]!, now - 30_000), totp(secrets[0]!, now + 30_000)]).toContain(filled);
    await page.close();
  });

  it('locks: the key leaves session storage, codes and accounts are refused', async () => {
    await call(otto.popup, { type: 'lock' });
    const session = await storageDump(otto, 'session');
    expect(Object.keys(session)).not.toContain('dataKey');
    expect(leaks(JSON.stringify(session))).toEqual([]);
    expect((await send(otto.popup, { type: 'accounts' })).error?.code).toBe('locked');
    const badge = await (await currentWorker(otto)).evaluate(() => chrome.action.getBadgeText({}));
    expect(badge).not.toBe('');
  });

  it('a wrong passphrase changes nothing; the right one unlocks', async () => {
    const before = JSON.stringify(await storedVault(otto));
    const wrong = await send(otto.popup, { type: 'unlock', passphrase: 'not the passphrase' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrongPassphrase' } });
    expect(JSON.stringify(await storedVault(otto))).toBe(before);
    await call(otto.popup, { type: 'unlock', passphrase: PASS });
    expect((await call<AccountWire[]>(otto.popup, { type: 'accounts' })).length).toBe(3);
    expect(leaks(JSON.stringify(await storageDump(otto, 'local')))).toEqual([]);
  });

  it('changes the passphrase', async () => {
    await call(otto.popup, { type: 'changePassphrase', oldPassphrase: PASS, newPassphrase: 'a brand new passphrase' });
    await call(otto.popup, { type: 'lock' });
    expect((await send(otto.popup, { type: 'unlock', passphrase: PASS })).error?.code).toBe('wrongPassphrase');
    await call(otto.popup, { type: 'unlock', passphrase: 'a brand new passphrase' });
    expect((await call<AccountWire[]>(otto.popup, { type: 'accounts' })).length).toBe(3);
  });
});
