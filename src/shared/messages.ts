/**
 * The one message protocol between Otto's contexts. Data flows one way:
 * content script → background → vault, and extension pages → background → vault.
 * The background checks every sender (see src/background/router.ts):
 * - `PageRequest`s are accepted only from this extension's own pages;
 * - `ContentRequest`s are accepted only from content scripts in a tab, and only
 *   ever answer with codes for accounts bound to the sending frame's origin (scheme, host, port).
 * Secrets cross only page ⇄ background, as base32 inside `AccountWire`.
 */
import type { AccountWire } from '../core/account';
import type { ErrorInfo } from '../core/errors';
import type { QrContent } from '../core/qr-payload';
import type { SyncWarning } from '../core/sync/area';

export interface Settings {
  /** Lock after this many idle minutes; 0 = only on browser restart or on demand. */
  autoLockMinutes: number;
  /**
   * Clear the clipboard this many seconds after a copy if it still holds the code; 0 = never,
   * else at least CLIPBOARD_CLEAR_MIN_SECONDS.
   */
  clipboardClearSeconds: number;
  /** 'auto': fill on bound sites as soon as a field appears; 'request': only from popup, shortcut or menu. */
  autofill: 'auto' | 'request';
  /** Added to the computer's clock for every code (fixes a wrong system clock). */
  timeOffsetMs: number;
  /** Sync accounts through storage.sync (issue 17); off until turned on with the passphrase (`syncEnable`), never by setSettings. */
  sync: boolean;
}

/**
 * Chrome fires an alarm of a packed (store) extension no sooner than 30 s after it is set,
 * and clearing after the popup has closed runs on an alarm: a shorter delay would be a
 * promise Otto cannot keep.
 */
export const CLIPBOARD_CLEAR_MIN_SECONDS = 30;

export const DEFAULT_SETTINGS: Settings = {
  autoLockMinutes: 15,
  clipboardClearSeconds: 30,
  autofill: 'auto',
  timeOffsetMs: 0,
  sync: false,
};

export type VaultState = 'new' | 'locked' | 'unlocked';

/** Why the popup must ask before filling, with what it needs to say so. */
export interface FillAsk {
  /** Origin of the frame that would be filled (from the browser's sender record). */
  pageOrigin: string;
  /** Origin of the tab's top-level page when the frame is inside one; null for a top-level page. */
  topOrigin: string | null;
  /** The account is not bound to this origin: `site` is its binding on the same host, if any, or its first. */
  unbound: { site: string | null } | null;
  /** The host is bound for https but this page is plain http. */
  insecure: boolean;
  /** The page sits in a frame of another site (Otto's Bitwarden-style rule: never automatic there). */
  framed: boolean;
  /** When framed: the nearest surrounding site the account is not bound to; '' where the browser did not tell Otto. */
  framedBy?: string;
}

/** The user saw a FillAsk and agreed: valid only while the page and its top-level site are these. */
export interface FillConsent {
  pageOrigin: string;
  topOrigin: string | null;
}

/** A server's clock as seen on the `Date` of a page Otto filled. */
export interface ServerClock {
  /** Server time minus this computer's time. */
  skewMs: number;
  /** The bound origin whose server sent it (the page Otto filled). */
  origin: string;
}

export interface TabInfo {
  /** The tab's top-level origin and host, from the browser's tab record ('' for pages Otto cannot fill). */
  origin: string;
  host: string;
  codeFields: number;
  clock: ServerClock | null;
}

/** The last sealed backup (issue 14 item 6): when, the newest `Account.created` it held, how many accounts. */
export interface BackupInfo {
  at: number;
  newest: number;
  count: number;
}

export interface ScanHit {
  /** What the QR code held (never a secret); the popup words it. */
  content: QrContent;
  /** Accounts read from it (bound to the tab's origin and the issuer's known sites); empty when not an OTP code. */
  accounts: AccountWire[];
  /** Why nothing could be read from this code, when `accounts` is empty. */
  error?: ErrorInfo;
}

/** Where sync stands on this browser (docs/sync-format.md). No secrets, no account names. */
export interface SyncInfo {
  enabled: boolean;
  state: 'off' | 'locked' | 'ok' | 'paused' | 'error';
  /** Why writing stopped: the passphrase changed elsewhere, another vault's key, a newer Otto's items. */
  paused?: 'newPassphrase' | 'foreignKey' | 'newerVersion';
  error?: ErrorInfo;
  /** Items ignored in storage.sync as it is now (`error_<code>` words each, with its key). */
  warnings: SyncWarning[];
  /** Items ignored recently (kept after they were repaired), newest first, with the time. */
  recent: Array<SyncWarning & { at: number }>;
  /** Accounts that stay on this browser for lack of space. */
  unsynced: number;
  /** Some changes wait for space. */
  full: boolean;
  /** storage.sync bytes in use, and Chrome's quota. */
  bytes: number;
  quota: number;
  /** End of the last round (epoch ms) and its duration. */
  lastSync?: number;
  lastRoundMs?: number;
}

/** Requests from extension pages (popup, capture overlay page) to the background. */
export type PageRequest =
  | { type: 'status' }
  | { type: 'setup'; passphrase: string }
  | { type: 'unlock'; passphrase: string }
  | { type: 'lock' }
  | { type: 'changePassphrase'; oldPassphrase: string; newPassphrase: string }
  | { type: 'accounts' }
  /**
   * Insert or update by id, in one vault save (add, edit, import, undo of a delete).
   * Changing an existing account's sites or turning its auto-submit on needs `passphrase` (code 'reauth').
   * `onlyExisting` (edits): an id the vault no longer holds is refused (accountGone), so a form
   * opened before another browser deleted the account cannot bring it back.
   */
  | { type: 'saveAccounts'; accounts: AccountWire[]; passphrase?: string; onlyExisting?: boolean }
  | { type: 'deleteAccount'; id: string }
  | { type: 'reorder'; ids: string[] }
  /** HOTP: use the current counter's code and advance it; returns the code. */
  | { type: 'advanceHotp'; id: string }
  | { type: 'setSettings'; settings: Partial<Settings> }
  /**
   * Sealed backup JSON text under its own data key: `passphrase` is the vault's (asked again),
   * and seals the backup unless `backupPassphrase` is given.
   */
  | { type: 'exportBackup'; passphrase: string; backupPassphrase?: string }
  /** Every account as an otpauth:// line, in plain text: needs the vault passphrase again. */
  | { type: 'exportPlain'; passphrase: string }
  /** Re-authentication before the popup reveals a secret or its QR code. */
  | { type: 'verifyPassphrase'; passphrase: string }
  /**
   * Fill a code (or two consecutive codes) into the tab's code field. Where the page is not
   * plainly bound (another site, plain http, framed by another site) the answer is `ask`;
   * the same request with `consent` naming that page and its top-level site fills.
   */
  | { type: 'fillTab'; tabId: number; accountId: string; both?: boolean; consent?: FillConsent }
  | { type: 'scanTab'; tabId: number }
  /** Nothing found: let the user drag a rectangle over the tab; the popup reopens with the result. */
  | { type: 'selectRegion'; tabId: number }
  | { type: 'tabInfo'; tabId: number }
  /** After a copy: clear the clipboard in `seconds` if it still holds the code with this SHA-256. */
  | { type: 'clearClipboardLater'; sha256: string; seconds: number }
  // Sync (src/background/sync.ts).
  | { type: 'syncStatus' }
  /** Is there a synced vault to join (first run)? */
  | { type: 'syncProbe' }
  /** Turn sync on: the vault passphrase wraps the key for other browsers. Writes nothing over another vault. */
  | { type: 'syncEnable'; passphrase: string }
  | { type: 'syncDisable' }
  /** The passphrase of the synced data (changed elsewhere, or another vault's, then only with `merge`). */
  | { type: 'syncAdopt'; passphrase: string; merge?: boolean }
  /** Put this browser's accounts and key over what storage.sync holds (the user confirmed, with the vault passphrase). */
  | { type: 'syncReplace'; passphrase: string }
  /** First run: create this browser's vault from the synced one. */
  | { type: 'syncJoin'; passphrase: string };

export interface PageResponses {
  status: { state: VaultState; settings: Settings; backup: BackupInfo | null };
  setup: null;
  unlock: null;
  lock: null;
  changePassphrase: null;
  accounts: AccountWire[];
  saveAccounts: null;
  deleteAccount: null;
  reorder: null;
  advanceHotp: { code: string; counter: number };
  setSettings: Settings;
  exportBackup: { fileName: string; text: string };
  exportPlain: { fileName: string; text: string };
  verifyPassphrase: null;
  fillTab: { filled: number } | { waitMs: number } | { ask: FillAsk };
  scanTab: { origin: string; hits: ScanHit[] };
  selectRegion: null;
  clearClipboardLater: null;
  tabInfo: TabInfo;
  syncStatus: SyncInfo;
  syncProbe: { found: boolean };
  syncEnable: SyncInfo;
  syncDisable: SyncInfo;
  syncAdopt: { differentVault: true } | { adopted: true; status: SyncInfo };
  syncReplace: SyncInfo;
  syncJoin: null;
}

/**
 * Requests from content scripts. A content script is the least trusted party (any page
 * can compromise its renderer): the background checks the shape of every request
 * (src/background/content-requests.ts) and takes the frame's origin, document and tab
 * from the browser's sender record, never from a message.
 */
export type ContentRequest =
  /** Detection found `count` code fields in this frame; may the background fill them? */
  | { type: 'fieldsFound'; count: number }
  /**
   * The user asked to fill (shortcut or context menu) and this frame has focus:
   * `count` detected fields, or 0 to fill the focused field detection missed.
   */
  | { type: 'userFill'; count: number }
  /** This frame was invited (see the `invite` command): the codes, if it is still the document they were meant for. */
  | { type: 'claim'; token: string }
  /** The region overlay Otto injected finished: CSS-pixel rectangle and devicePixelRatio, or null if cancelled. */
  | { type: 'regionSelected'; region: { x: number; y: number; width: number; height: number; scale: number } | null };

export type FillDecision =
  | { action: 'none' }
  | { action: 'locked' }
  | { action: 'fill'; codes: string[]; autoSubmit: boolean }
  /** The code for this step was already used: ask again after `ms`. */
  | { action: 'wait'; ms: number }
  /** Several accounts fit: the user picks one in Otto's toolbar popup. The page learns nothing more. */
  | { action: 'choose' };

/** The answer to a claim: codes for the fields Otto found (`detected`) or for the focused field. */
export type ClaimAnswer =
  | { action: 'fill'; codes: string[]; autoSubmit: boolean; target: FillTarget }
  | { action: 'wait'; ms: number }
  | { action: 'none' };

export type FillTarget = 'detected' | 'focused';

export interface ContentResponses {
  fieldsFound: FillDecision;
  userFill: FillDecision;
  claim: ClaimAnswer;
  regionSelected: null;
}

/**
 * Commands the background sends to a tab's content script (checked there too: anything
 * else is ignored). The background never sends codes: it invites a document to claim them.
 */
export type ContentCommand =
  /** Count detected code fields in the frame. */
  | { type: 'detect' }
  /** Shortcut or menu: the frame holding focus answers with a `userFill` request. */
  | { type: 'requestFill' }
  /** Vault just unlocked: detect again and ask for a fill as on page load. */
  | { type: 'rescan' }
  /** The popup's Fill: claim the codes with this one-time token, fill them, say how many fields took one. */
  | { type: 'invite'; token: string }
  /**
   * Something may now be fillable (an account bound, autofill switched on): a frame that
   * stopped watching (see src/content/watch.ts) watches again. Fields it already reported
   * are not asked about again; new ones are.
   */
  | { type: 'rearm' };

export interface ContentCommandResponses {
  detect: { count: number };
  requestFill: null;
  rescan: null;
  invite: { filled: number } | { waitMs: number };
  rearm: null;
}

/**
 * What the background tells every open extension page (never content scripts).
 * `accountsChanged`: a sync round changed the vault's accounts; pages ask for them again
 * (the event itself carries no account data).
 */
export type PageEvent = { type: 'locked' } | { type: 'unlocked' } | { type: 'accountsChanged' };

/** Failures cross as ErrorInfo (a code and params), worded only in the popup. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
