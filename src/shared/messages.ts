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
};

export type VaultState = 'new' | 'locked' | 'unlocked';

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
   */
  | { type: 'saveAccounts'; accounts: AccountWire[]; passphrase?: string }
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
  /** Fill a code (or two consecutive codes) into a tab; refused for an unbound host unless `allowUnbound`. */
  | { type: 'fillTab'; tabId: number; accountId: string; both?: boolean; allowUnbound?: boolean }
  | { type: 'scanTab'; tabId: number }
  /** Nothing found: let the user drag a rectangle over the tab; the popup reopens with the result. */
  | { type: 'selectRegion'; tabId: number }
  | { type: 'tabInfo'; tabId: number }
  /** After a copy: clear the clipboard in `seconds` if it still holds the code with this SHA-256. */
  | { type: 'clearClipboardLater'; sha256: string; seconds: number };

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
  fillTab: { filled: number } | { unbound: { accountHost: string; tabHost: string } } | { waitMs: number };
  scanTab: { origin: string; hits: ScanHit[] };
  selectRegion: null;
  clearClipboardLater: null;
  /** `origin` from the browser's tab record; `host` as the top frame's script reports it (display only). */
  tabInfo: { host: string; origin: string; codeFields: number; clockSkewMs: number | null };
}

/** Requests from content scripts. */
export type ContentRequest =
  /** Detection found `count` code fields in this frame; may the background fill them? */
  | { type: 'fieldsFound'; count: number }
  /** The user picked an account in the injected chooser. */
  | { type: 'pick'; accountId: string; count: number }
  /**
   * The user asked to fill (shortcut or context menu) and this frame has focus:
   * `count` detected fields, or 0 to fill the focused field detection missed.
   */
  | { type: 'userFill'; count: number }
  /** The server's `Date` header, seen on this frame's document (clock-skew check). */
  | { type: 'serverDate'; dateMs: number; localMs: number }
  /** The region overlay Otto injected finished: CSS-pixel rectangle and devicePixelRatio, or null if cancelled. */
  | { type: 'regionSelected'; region: { x: number; y: number; width: number; height: number; scale: number } | null };

export type FillDecision =
  | { action: 'none' }
  | { action: 'locked' }
  | { action: 'fill'; codes: string[]; autoSubmit: boolean }
  /** The code for this step was already used: ask again after `ms`. */
  | { action: 'wait'; ms: number }
  | { action: 'choose'; options: Array<{ id: string; name: string }> };

export interface ContentResponses {
  fieldsFound: FillDecision;
  pick: FillDecision;
  userFill: FillDecision;
  serverDate: null;
  regionSelected: null;
}

/** Commands the background sends to a tab's content script. */
export type ContentCommand =
  /** `target: 'focused'` fills the focused editable field even where detection found nothing. */
  | { type: 'fill'; codes: string[]; target: 'detected' | 'focused'; autoSubmit: boolean }
  /** Count detected code fields in the frame. */
  | { type: 'detect' }
  /** Shortcut or menu: the frame holding focus answers with a `userFill` request. */
  | { type: 'requestFill' }
  /** Vault just unlocked: detect again and ask for a fill as on page load. */
  | { type: 'rescan' }
  /**
   * Something may now be fillable (an account bound, autofill switched on): a frame that
   * stopped watching (see src/content/watch.ts) watches again. Fields it already reported
   * are not asked about again; new ones are.
   */
  | { type: 'rearm' };

export interface ContentCommandResponses {
  fill: { filled: number };
  detect: { count: number; host: string };
  requestFill: null;
  rescan: null;
  rearm: null;
}

/** What the background tells every open extension page (never content scripts). */
export type PageEvent = { type: 'locked' } | { type: 'unlocked' };

/** Failures cross as ErrorInfo (a code and params), worded only in the popup. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
