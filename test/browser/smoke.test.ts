import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST, launchOtto, type Otto } from './harness';

describe('the built extension', () => {
  const manifest = JSON.parse(readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));

  it('is a complete Manifest V3 package with icons and locales', () => {
    expect(manifest.manifest_version).toBe(3);
    for (const size of ['16', '32', '48', '128']) expect(readdirSync(path.join(DIST, 'icons'))).toContain(`icon-${size}.png`);
    expect(readdirSync(path.join(DIST, '_locales'))).toEqual(expect.arrayContaining(['en', 'de']));
  });

  it('ships the content script as one self-contained file that pages cannot fingerprint', () => {
    expect(manifest.web_accessible_resources ?? []).toEqual([]);
    const scripts: string[] = manifest.content_scripts.flatMap((c: { js: string[] }) => c.js);
    expect(scripts).toHaveLength(1);
    const code = readFileSync(path.join(DIST, scripts[0]!), 'utf8');
    expect(code).not.toMatch(/\bimport\s*[("'{*]|\bexport\s/);
  });

  it('asks for host access only where its content script runs anyway (http and https pages)', () => {
    // Chrome's webRequest (the server clock of bound pages) needs them spelled out; they add no site.
    const scripted: string[] = manifest.content_scripts.flatMap((c: { matches: string[] }) => c.matches);
    expect([...(manifest.host_permissions ?? [])].sort()).toEqual([...new Set(scripted)].sort());
  });

  describe('in Chromium', () => {
    let otto: Otto;
    beforeAll(async () => {
      otto = await launchOtto();
    });
    afterAll(async () => otto?.close());

    it('starts the service worker', () => {
      expect(otto.worker.url()).toMatch(new RegExp(`^chrome-extension://${otto.extensionId}/`));
    });

    it('renders the popup page', async () => {
      await otto.popup.waitForSelector('#app *', { timeout: 10_000 });
      expect((await otto.popup.textContent('body'))?.trim().length).toBeGreaterThan(0);
    });
  });
});
