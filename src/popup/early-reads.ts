/**
 * The popup's first reads (issue 14 item 20): the session key, the sealed vault, the settings
 * and the active tab. boot.ts starts them at document start, while the app's code is still
 * loading; the app takes the same promises (one module instance per page), so nothing is read
 * twice and nothing waits for the other. The browser's own API object, not the polyfill:
 * boot must not wait for the polyfill's chunk.
 */
import type { SealedVault } from '../core/vault-read';
import type { Settings } from '../shared/messages';
import { readSettings, readVault, SESSION_KEY } from '../shared/vault-db';

export interface EarlyReads {
  /** The stored data key (base64 if all is well), the sealed vault, the settings. */
  session: Promise<[key: unknown, sealed: SealedVault | undefined, settings: Settings]>;
  /** The tab the popup was opened over (undefined: none, or not readable). */
  tab: Promise<chrome.tabs.Tab | undefined>;
}

let started: EarlyReads | undefined;

export function earlyReads(): EarlyReads {
  if (started) return started;
  // Firefox's `browser`, or Chromium's `chrome` (both promise-based in MV3).
  const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
  return (started = {
    session: Promise.all([api.storage.session.get(SESSION_KEY).then((s) => s[SESSION_KEY]), readVault(), readSettings()]),
    tab: api.tabs.query({ active: true, currentWindow: true }).then(
      ([tab]) => tab,
      () => undefined,
    ),
  });
}
