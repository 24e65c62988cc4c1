/**
 * Issue 14, "what done looks like": axe-core in real Chromium on every screen of the
 * popup, in light and dark, with zero violations; the contrast numbers of item 11;
 * reflow at 320 CSS px and at 200 % zoom (item 10).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickToolbarButton, launchOtto, type Otto } from './harness';
import { activate, axeViolations, confirmPassphrase, contrast, expectAccessible, list, PASS, row, sampleAccounts, seed, setZoom } from './popup-kit';
import { serve, type TestSite } from './serve';
import qrcode from 'qrcode-generator';

/** An enrollment page whose QR code is an <img>, as many sites show it. */
function qrPage(payload: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(payload);
  qr.make();
  return `<!doctype html><title>Enroll</title><h1>Set up your authenticator</h1><img alt="QR code" src="${qr.createDataURL(6, 4)}">`;
}

describe('popup accessibility: axe-core on every screen, light and dark', () => {
  let otto: Otto;
  let page: Page;
  let site: TestSite;

  beforeAll(async () => {
    site = await serve({ '/enroll': qrPage('otpauth://totp/Example:carol?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Example') });
    otto = await launchOtto();
    page = otto.popup;
    await page.setViewportSize({ width: 380, height: 600 });
    await otto.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  afterAll(async () => {
    await otto?.close();
    await site?.close();
  });

  it('axe runs and sees violations where there are some (the check itself can fail)', async () => {
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.id = 'axe-probe';
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('main')!.append(img);
    });
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    await page.evaluate(() => document.getElementById('axe-probe')!.remove());
  });

  it('setup, empty list', async () => {
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await expectAccessible(page, 'setup');
    await page.getByLabel('Passphrase', { exact: true }).fill(PASS);
    await page.getByLabel('Repeat passphrase').fill(PASS);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByRole('heading', { name: 'No accounts yet' }).waitFor();
    await expectAccessible(page, 'empty');
  });

  it('list (with the backup reminder), an expanded row, the Undo offer', async () => {
    await seed(page, sampleAccounts());
    await page.locator('.reminder').waitFor();
    await expectAccessible(page, 'list');
    await row(page, 'GitHub').getByRole('button', { name: 'More for GitHub' }).click();
    await row(page, 'GitHub').getByRole('button', { name: 'Show two consecutive codes' }).click();
    await expectAccessible(page, 'list, row expanded');
    await row(page, 'GitHub').getByRole('button', { name: 'More for GitHub' }).click();
  });

  it('add, with a key and its live preview', async () => {
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('Issuer (service)').fill('Example');
    await page.getByLabel('Secret key').fill('JBSWY3DP'); // 40 bits: warned about, still savable
    await page.locator('.preview .code-slot').waitFor();
    await page.locator('#add-secret-short').waitFor();
    await expectAccessible(page, 'add');
    await page.keyboard.press('Escape');
    await list(page).waitFor();
  });

  it('edit, the delete dialog, the Undo offer', async () => {
    await row(page, 'Okta').getByRole('button', { name: 'More for Okta' }).click();
    await row(page, 'Okta').getByRole('button', { name: 'Edit Okta' }).click();
    await page.getByRole('heading', { name: 'Edit account' }).waitFor();
    await expectAccessible(page, 'edit');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Okta?' }).waitFor();
    await expectAccessible(page, 'delete dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await expectAccessible(page, 'list with Undo');
    await page.getByRole('button', { name: 'Undo' }).click();
    await row(page, 'Okta').waitFor();
  });

  it('settings, export (QR revealed), import and its preview', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    await expectAccessible(page, 'settings');
    await page.getByRole('button', { name: 'Other export options' }).click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    await page.getByLabel('Use a separate password for this backup').check();
    await page.getByRole('button', { name: 'Reveal QR code' }).click();
    await page.getByRole('dialog', { name: 'Confirm it’s you' }).waitFor();
    await expectAccessible(page, 'passphrase dialog');
    await confirmPassphrase(page);
    await page.getByRole('img', { name: /QR code for/ }).waitFor();
    await expectAccessible(page, 'export');
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Import' }).waitFor();
    await expectAccessible(page, 'import');
    await page.getByLabel('Or paste the backup or otpauth:// links').fill('otpauth://totp/Pasted:zoe?secret=KRSXG5CTMVRXEZLU&issuer=Pasted\nnot a link');
    await page.getByRole('button', { name: 'Read backup' }).click();
    await page.locator('.pick').first().waitFor();
    await expectAccessible(page, 'import preview');
    await page.keyboard.press('Escape');
    await list(page).waitFor();
  });

  it('scan: a page Otto cannot read, and the results on a page with a QR code', async () => {
    // The popup page is the active tab of its window: an extension page, closed to scanning.
    await page.getByRole('button', { name: 'Scan QR code on this tab' }).click();
    await page.getByText('Otto cannot read this page.').waitFor();
    expect(await page.getByRole('button', { name: 'Scan again' }).count()).toBe(0);
    await expectAccessible(page, 'scan, closed page');

    const enroll = await otto.context.newPage();
    await enroll.goto(site.url('/enroll'));
    await clickToolbarButton(otto, enroll); // grants activeTab, as the user's click does
    await activate(otto, enroll);
    await page.goto(`${page.url().split('#')[0]}#scan`);
    await page.reload(); // a new hash alone does not load the page again
    await page.getByText('Example', { exact: true }).waitFor();
    await expectAccessible(page, 'scan results');
    await page.bringToFront();
    await enroll.close();
    await page.keyboard.press('Escape');
    await list(page).waitFor();
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
  });

  it('unlock', async () => {
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Unlock Otto' }).waitFor();
    await page.getByLabel('Passphrase').fill('wrong passphrase');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Wrong passphrase. Try again.').waitFor();
    await expectAccessible(page, 'unlock');
    await page.getByLabel('Passphrase').fill(PASS);
    await page.keyboard.press('Enter');
    await list(page).waitFor();
  });

  it('item 11: field borders ≥ 3:1, placeholders ≥ 4.5:1 (dark too), check and radio targets ≥ 24 × 24 px', async () => {
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('Issuer (service)').waitFor();
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const fields = await page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea, select')].map((el) => {
          const s = getComputedStyle(el);
          return { name: (el as HTMLInputElement).labels?.[0]?.textContent ?? el.id, border: s.borderTopColor, bg: s.backgroundColor, placeholder: getComputedStyle(el, '::placeholder').color, hasPlaceholder: Boolean((el as HTMLInputElement).placeholder) };
        }),
      );
      expect(fields.length).toBeGreaterThanOrEqual(4);
      for (const f of fields) {
        expect(contrast(f.border, f.bg), `${colorScheme} border of ${f.name}`).toBeGreaterThanOrEqual(3);
        if (f.hasPlaceholder) expect(contrast(f.placeholder, f.bg), `${colorScheme} placeholder of ${f.name}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Other export options' }).click();
    await page.getByRole('heading', { name: 'Export' }).waitFor();
    const targets = async () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLInputElement>('input[type=checkbox], input[type=radio]')].map((el) => {
          const r = el.getBoundingClientRect();
          const s = getComputedStyle(el);
          const label = el.closest('label')!.getBoundingClientRect();
          // The target is the box plus its own margin (nothing else clickable within 24 px), and the whole label clicks it too.
          return { w: r.width + parseFloat(s.marginLeft) + parseFloat(s.marginRight), h: r.height + parseFloat(s.marginTop) + parseFloat(s.marginBottom), lw: label.width, lh: label.height };
        }),
      );
    for (const t of await targets()) expect(Math.min(t.w, t.h, t.lw, t.lh)).toBeGreaterThanOrEqual(24);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    // The autofill radios, and the sync switch once its status has arrived.
    await page.locator('input[type=checkbox]').first().waitFor();
    const radios = await targets();
    expect(radios).toHaveLength(3);
    for (const t of radios) expect(Math.min(t.w, t.h, t.lw, t.lh)).toBeGreaterThanOrEqual(24);
    await page.keyboard.press('Escape');
  });

  /**
   * Nothing sticks out sideways, and every control can be scrolled to and is then the
   * element under its own centre: not cut off, not under the sticky header or a toast.
   */
  async function expectReflow(label: string): Promise<void> {
    const r = await page.evaluate(async () => {
      const doc = document.documentElement;
      const out: string[] = [];
      if (doc.scrollWidth > doc.clientWidth + 1) out.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
      for (const main of document.querySelectorAll('main')) if (main.scrollWidth > main.clientWidth + 1) out.push(`main scrolls sideways: ${main.scrollWidth} > ${main.clientWidth}`);
      const controls = [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, a[href]')].filter((el) => el.getClientRects().length && !el.closest('.sr-only'));
      for (const el of controls) {
        el.scrollIntoView({ block: 'center', inline: 'nearest' });
        await new Promise((res) => requestAnimationFrame(res));
        const b = el.getBoundingClientRect();
        const name = el.getAttribute('aria-label') || el.textContent?.trim() || el.id || el.tagName;
        if (b.left < -0.5 || b.right > innerWidth + 0.5) out.push(`${name} is cut off: ${b.left}–${b.right} of ${innerWidth}`);
        const hit = document.elementFromPoint(Math.min(innerWidth - 1, Math.max(0, b.left + b.width / 2)), b.top + b.height / 2);
        if (!hit || !(el === hit || el.contains(hit) || (el as HTMLInputElement).labels?.[0]?.contains(hit))) out.push(`${name} is covered by ${hit?.outerHTML.slice(0, 80)}`);
      }
      return { out, controls: controls.length, width: innerWidth };
    });
    expect(r.controls, label).toBeGreaterThan(2);
    expect(r.out, `${label} at ${r.width} px`).toEqual([]);
  }

  async function everyScreen(label: string): Promise<void> {
    await expectReflow(`${label}: list`);
    await row(page, 'GitHub').getByRole('button', { name: 'More for GitHub' }).click();
    await expectReflow(`${label}: list, row expanded`);
    await row(page, 'GitHub').getByRole('button', { name: 'Edit GitHub' }).click();
    await page.getByRole('heading', { name: 'Edit account' }).waitFor();
    await expectReflow(`${label}: edit`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Add an account' }).click();
    await page.getByLabel('Secret key').fill('JBSWY3DPEHPK3PXP');
    await page.getByText('Advanced').click();
    await expectReflow(`${label}: add`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await expectReflow(`${label}: settings`);
    await page.getByRole('button', { name: 'Other export options' }).click();
    await page.getByRole('button', { name: 'Reveal QR code' }).click();
    await confirmPassphrase(page);
    await expectReflow(`${label}: export`);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expectReflow(`${label}: import`);
    await page.keyboard.press('Escape');
    await list(page).waitFor();
  }

  it('item 10: reflows at 320 CSS px wide', async () => {
    await page.setViewportSize({ width: 320, height: 600 });
    await page.reload();
    await list(page).waitFor();
    await everyScreen('320 px');
  });

  it('item 10: at 200 % zoom (the popup then shows 380 × 300 CSS px; and 320 px wide too) nothing is cut off or out of reach', async () => {
    await page.setViewportSize({ width: 760, height: 600 });
    await setZoom(otto, page, 2);
    expect(await page.evaluate(() => [innerWidth, innerHeight])).toEqual([380, 300]);
    await page.reload();
    await list(page).waitFor();
    await everyScreen('200 %, 380 px');
    await page.setViewportSize({ width: 640, height: 600 });
    await everyScreen('200 %, 320 px');
    await setZoom(otto, page, 1);
    await page.setViewportSize({ width: 380, height: 600 });
  });
});
