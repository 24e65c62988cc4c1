/**
 * Issue 13 item 2 in Firefox, where a frame keeps its id when it navigates to another
 * origin and no tab event says so: the popup's Fill must reach the document that reported
 * the field, on a bound origin, never whatever the frame holds by then.
 */
import type { Frame, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callFrom, launchFirefoxOtto, sendFrom, waitFor, type FirefoxOtto } from './firefox-harness';
import { framing, MFA_FORM, recentCodes, serveOrigin, sleep, testAccount, type Origin } from './origins';

/** A binding for exactly a served origin (scheme, host and port). */
const bindingOf = (o: Origin) => o.origin;

const STEAL_PAGE = `<!doctype html><meta charset="utf-8"><title>Notes</title><p>Scratch pad</p>
<input id="steal"><script>document.getElementById('steal').focus()</script>`;

describe('Firefox: Fill reaches a document, not a frame id', () => {
  let ff: FirefoxOtto;
  const servers: Origin[] = [];

  beforeAll(async () => {
    ff = await launchFirefoxOtto();
    await callFrom(ff.popup, { type: 'setup', passphrase: 'firefox frames passphrase' });
  });
  afterAll(async () => {
    await ff?.close();
    for (const s of servers) await s.close();
  });

  async function tabIdOf(url: string): Promise<number> {
    return waitFor(`a tab at ${url}`, () =>
      ff.popup.evaluate(async (u) => (await (globalThis as unknown as { browser: typeof chrome }).browser.tabs.query({})).find((t) => t.url === u)?.id, url),
    );
  }

  const frameAt = (page: Page, prefix: string): Frame | undefined => page.frames().find((f) => f.url().startsWith(prefix));

  it('a frame that navigated to the attacker’s page after reporting the bank’s field does not receive the code', async () => {
    const bank = await serveOrigin('127.0.0.41', { '/': MFA_FORM });
    const evil = await serveOrigin('127.0.0.40', { '/': framing(bank.url('/')), '/notes': STEAL_PAGE });
    servers.push(bank, evil);
    const a = testAccount('Firefox bank', [bindingOf(bank)]);
    await callFrom(ff.popup, { type: 'saveAccounts', accounts: [a.wire] });
    // Nothing automatic: the attacker waits for the user to press Fill in the popup.
    await callFrom(ff.popup, { type: 'setSettings', settings: { autofill: 'request' } });

    const page = await ff.browser.newPage();
    await page.goto(evil.url('/'));
    const tabId = await tabIdOf(evil.url('/'));
    await waitFor('the bank frame to report its field', async () => (await callFrom<{ codeFields: number }>(ff.popup, { type: 'tabInfo', tabId })).codeFields > 0);

    await page.evaluate((src) => ((document.getElementById('f') as HTMLIFrameElement).src = src), evil.url('/notes'));
    const notes = await waitFor('the attacker page in the frame', async () => {
      const f = frameAt(page, evil.url('/notes'));
      return f && (await f.evaluate(() => document.readyState === 'complete' && !!document.getElementById('steal'))) ? f : null;
    });
    await sleep(500); // the content script starts at document_idle
    const reply = await sendFrom(ff.popup, { type: 'fillTab', tabId, accountId: a.wire.id });
    const stolen = await notes.evaluate(() => (document.getElementById('steal') as HTMLInputElement).value);
    expect(stolen, `the attacker's page received ${stolen} (fillTab said ${JSON.stringify(reply)})`).toBe('');
    expect(recentCodes(a.key)).not.toContain(stolen);

    // Back on the bank's page in that frame, Fill works again.
    await page.evaluate((src) => ((document.getElementById('f') as HTMLIFrameElement).src = src), bank.url('/'));
    const back = await waitFor('the bank page in the frame', async () => {
      const f = frameAt(page, bank.origin);
      return f && (await f.evaluate(() => document.readyState === 'complete' && !!document.getElementById('mfaCode'))) ? f : null;
    });
    await waitFor('the bank frame to report again', async () => (await callFrom<{ codeFields: number }>(ff.popup, { type: 'tabInfo', tabId })).codeFields > 0);
    const again = await callFrom<{ ask?: { topOrigin: string } }>(ff.popup, { type: 'fillTab', tabId, accountId: a.wire.id });
    // Framed by another site: the popup asks first, naming the framing site; with consent it fills.
    expect(again.ask).toMatchObject({ topOrigin: evil.origin });
    const consented = { type: 'fillTab', tabId, accountId: a.wire.id, consent: { pageOrigin: bank.origin, topOrigin: evil.origin } };
    let filled = await callFrom<{ filled: number } | { waitMs: number }>(ff.popup, consented);
    // Less than 3 s left in this step: the popup waits for the next code, as here.
    if ('waitMs' in filled) {
      await sleep(filled.waitMs + 100);
      filled = await callFrom(ff.popup, consented);
    }
    expect(filled).toEqual({ filled: 1 });
    expect(recentCodes(a.key)).toContain(await back.evaluate(() => (document.getElementById('mfaCode') as HTMLInputElement).value));
    await page.close();
  });
});
