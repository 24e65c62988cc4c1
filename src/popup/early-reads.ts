/**
 * The popup's first reads (issue 14 item 20): the session key, the sealed vault, the settings
 * and the active tab. boot.ts starts them from the page's head, before the app's code has
 * loaded; the app takes the same promises, so nothing is read twice. The browser's own API
 * object, not the polyfill: boot is bundled alone and stays small.
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

/** Where boot.ts leaves its reads for the app (its own copy of this module, in another bundle). */
const HANDOFF = '__ottoEarlyReads';
type Handoff = { [HANDOFF]?: EarlyReads };

/** The reads of this page: started here the first time (by boot.ts, in the head), taken over after. */
export function earlyReads(): EarlyReads {
  const page = globalThis as Handoff;
  if (page[HANDOFF]) return page[HANDOFF];
  // Firefox's `browser`, or Chromium's `chrome` (both promise-based in MV3).
  const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
  const session: EarlyReads['session'] = Promise.all([api.storage.session.get(SESSION_KEY).then((s) => s[SESSION_KEY]), readVault(), readSettings()]);
  // Nobody may be waiting yet: a failure is the app's to handle when it takes the promise.
  session.catch(() => undefined);
  return (page[HANDOFF] = {
    session,
    tab: api.tabs.query({ active: true, currentWindow: true }).then(
      ([tab]) => tab,
      () => undefined,
    ),
  });
}
