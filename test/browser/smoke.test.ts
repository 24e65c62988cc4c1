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

  it('asks for no host permissions up front', () => {
    expect(manifest.host_permissions ?? []).toEqual([]);
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
