/**
 * Otto's stored data, in the extension origin's IndexedDB: only Otto's own pages and its
 * background can open it, never a content script (which runs with the page's origin) or
 * a compromised web renderer (another process). storage.local, by contrast, is open to
 * every content script on Firefox (Chromium can restrict it; Firefox cannot).
 *
 * Database `otto`, object store `kv`, one record per key:
 *   `vault`     the SealedVault (docs/vault-format.md), ciphertext only
 *   `settings`  Settings, validated again whenever read
 *   `migrated`  the first release's storage.local layout has been moved here (a number: the layout version)
 *   `backup`    when the last sealed backup was made and what it held (BackupInfo; times and a count)
 *
 * Every write is one transaction with strict durability: a crash leaves the old record or
 * the new one, never half of a change. The background is the only writer; the popup may
 * read `vault` to open it itself for a fast first paint.
 */
import type { SealedVault } from '../core/vault';
import { type BackupInfo, CLIPBOARD_CLEAR_MIN_SECONDS, DEFAULT_SETTINGS, type Settings } from './messages';

/** storage.session key of the data key: written by the background (vault-store), read by the popup's first paint (popup/session-open.ts). */
export const SESSION_KEY = 'dataKey';

const DB_NAME = 'otto';
const DB_VERSION = 1;
const STORE = 'kv';

export interface Records {
  vault: SealedVault;
  settings: Settings;
  migrated: number;
  backup: BackupInfo;
}

let opening: Promise<IDBDatabase> | null = null;

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed.'));
  });
}

function db(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => {
      const conn = req.result;
      // Another context deleting or upgrading the database: let it, and reopen next time.
      conn.onversionchange = () => {
        conn.close();
        opening = null;
      };
      resolve(conn);
    };
    req.onerror = () => reject(req.error ?? new Error('Otto could not open its storage.'));
    req.onblocked = () => reject(new Error('Otto’s storage is busy in another window; close it and try again.'));
  }).catch((e: unknown) => {
    opening = null;
    throw e;
  });
  return opening;
}

export async function readRecord<K extends keyof Records>(key: K): Promise<Records[K] | undefined> {
  const tx = (await db()).transaction(STORE, 'readonly');
  return (await done(tx.objectStore(STORE).get(key))) as Records[K] | undefined;
}

/** Writes (or, for `undefined`, deletes) several records in one transaction. */
export async function writeRecords(records: { [K in keyof Records]?: Records[K] | undefined }): Promise<void> {
  const tx = (await db()).transaction(STORE, 'readwrite', { durability: 'strict' });
  const store = tx.objectStore(STORE);
  for (const [key, value] of Object.entries(records)) {
    if (value === undefined) store.delete(key);
    else store.put(value, key);
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('Otto could not save.'));
  });
}

export function readVault(): Promise<SealedVault | undefined> {
  return readRecord('vault');
}

/** The stored settings, each field checked again: a value out of range falls back to its default. */
export async function readSettings(): Promise<Settings> {
  return validSettings(await readRecord('settings'));
}

const whole = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

/** Keeps each known field that is valid; anything else is the default. */
export function validSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: Settings = { ...DEFAULT_SETTINGS };
  if (whole(r.autoLockMinutes, 24 * 60)) out.autoLockMinutes = r.autoLockMinutes;
  // 1-29 s (allowed before Chrome's alarm floor was known) read as the shortest real delay.
  if (whole(r.clipboardClearSeconds, 3600)) out.clipboardClearSeconds = r.clipboardClearSeconds === 0 ? 0 : Math.max(CLIPBOARD_CLEAR_MIN_SECONDS, r.clipboardClearSeconds);
  if (r.autofill === 'auto' || r.autofill === 'request') out.autofill = r.autofill;
  const offset = r.timeOffsetMs;
  if (typeof offset === 'number' && Number.isInteger(offset) && Math.abs(offset) <= 86_400_000) out.timeOffsetMs = offset;
  if (r.sync === true) out.sync = true;
  return out;
}
