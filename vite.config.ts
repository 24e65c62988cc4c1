import { build, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };
import { strengthListsPlugin } from './scripts/strength-lists.mjs';

// Vitest loads this file too; the extension plugin is only for real builds.
const building = !process.env.VITEST;

/** Firefox's add-on id (required for MV3 storage and signing) and the oldest Firefox Otto supports. */
const GECKO_ID = 'otto@otto-authenticator.org';
const GECKO_MIN_VERSION = '140.0';
// Firefox for Android declares data collection from 142 on.
const GECKO_ANDROID_MIN_VERSION = '142.0';

/**
 * manifest.json is written for Chromium; `vite build --mode firefox` derives Firefox's from it:
 * an event page (`background.scripts`) instead of a service worker, the gecko id and minimum
 * version, and none of the keys Firefox does not know (see README, "Firefox").
 */
function firefoxManifest(chrome: typeof manifest): ManifestV3Export {
  const { minimum_chrome_version: _chromeOnly, background, permissions, host_permissions: _hosts, ...rest } = chrome;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    // offscreen: Chrome-only, and not needed where the background is a page with a DOM.
    // webNavigation: Firefox would show a new install warning for it; framing.ts does without.
    // host_permissions: Chrome's webRequest needs them; Firefox's works on the content scripts' hosts.
    permissions: permissions.filter((p) => p !== 'offscreen' && p !== 'webNavigation'),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // Otto sends nothing anywhere (Firefox's required data-collection declaration).
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
    },
  } as unknown as ManifestV3Export;
}

/**
 * The popup's workers are entries of the same build, not Vite's separate worker builds, so
 * they share chunks with the background and the popup (jsQR, tldts, hash-wasm once in the
 * package, not once per worker). Fixed names: the popup starts them by path (src/popup/workers.ts).
 */
const WORKERS: Record<string, string> = {
  'import-worker': 'src/popup/import-worker.ts',
  'image-qr-worker': 'src/popup/image-qr.worker.ts',
};

/**
 * The popup's first reads (issue 14 item 20) start in a classic script in the page's head,
 * src/popup/boot.ts bundled alone (no imports to fetch first), so they always begin before
 * the app's modules have loaded; the app takes them over (early-reads.ts).
 */
function popupBoot(): Plugin {
  return {
    name: 'otto-popup-boot',
    async generateBundle() {
      const [out] = (await build({
        configFile: false,
        logLevel: 'warn',
        build: { write: false, minify: true, target: 'es2022', lib: { entry: 'src/popup/boot.ts', formats: ['iife'], name: 'ottoBoot' } },
      })) as { output: { code: string }[] }[];
      this.emitFile({ type: 'asset', fileName: 'assets/popup-boot.js', source: out!.output[0]!.code });
    },
  };
}

/**
 * The popup's first paint waits for its whole module graph (issue 14 item 20). Vite's own
 * preloading is off (its helper reaches for `document`, which the service worker lacks), so
 * the popup's page lists its chunks itself: the browser fetches them all in parallel while
 * it parses the page, instead of one import level after another.
 */
function popupPreload(): Plugin {
  return {
    name: 'otto-popup-preload',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { chunk, bundle }) {
        if (!chunk || !bundle) return;
        const files = new Set<string>();
        const walk = (name: string) => {
          const c = bundle[name];
          for (const dep of c?.type === 'chunk' ? c.imports : []) if (!files.has(dep)) walk((files.add(dep), dep));
        };
        walk(chunk.fileName);
        return [...files].map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [
      strengthListsPlugin(),
      ...(building ? [popupBoot(), popupPreload()] : []),
      ...(building ? [firefox ? crx({ manifest: firefoxManifest(manifest), browser: 'firefox' }) : crx({ manifest: manifest as ManifestV3Export })] : []),
    ],
    build: {
      outDir: firefox ? 'dist-firefox' : 'dist',
      emptyOutDir: true,
      target: firefox ? 'firefox140' : 'chrome116',
      // Source maps would ship our source to every tester; the code is readable enough.
      sourcemap: false,
      modulePreload: false,
      // Pages the manifest does not name: the offscreen clipboard page is opened by the background.
      // Firefox has no offscreen API (its background is a page): the Firefox build leaves it out.
      rollupOptions: {
        input: { ...WORKERS, ...(firefox ? {} : { offscreen: 'src/offscreen/clipboard.html' }) },
        output: { entryFileNames: (chunk) => (chunk.name in WORKERS ? 'assets/[name].js' : 'assets/[name]-[hash].js') },
      },
    },
    test: {
      // The default summary, then one line on the real-export suite (../shared/interop).
      reporters: ['default', './test/reporters/interop.ts'],
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], environment: 'node' },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.ts'],
            // One browser at a time: this machine has two cores.
            fileParallelism: false,
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
      ],
    },
  };
});
