import { defineConfig } from 'vitest/config';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import manifest from './manifest.json' with { type: 'json' };

// Vitest loads this file too; the extension plugin is only for real builds.
const building = !process.env.VITEST;

export default defineConfig({
  plugins: building ? [crx({ manifest: manifest as ManifestV3Export })] : [],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome116',
    // Source maps would ship our source to every tester; the code is readable enough.
    sourcemap: false,
    modulePreload: false,
  },
  test: {
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
          // One Chromium at a time: this machine has two cores.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
