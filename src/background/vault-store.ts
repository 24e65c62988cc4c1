/**
 * The one writer of the vault. Owns the unlocked session, the order of vault work, and
 * lock. Storage is src/shared/vault-db.ts (the extension origin's IndexedDB); the
 * unwrapped data key lives in storage.session (memory only, trusted contexts only) so a
 * restarted worker stays unlocked.
 *
 * Ordering: every operation that reads or writes the vault or the session runs in one
 * serial queue. Lock bumps `generation` at once and then also runs through the queue; an
 * operation that began under an earlier generation may finish its write (a save the user
 * asked for is kept) but never installs the unlocked state again.
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import { OttoError, isOttoError } from '../core/errors';
import { allowedSites } from '../core/site-policy';
import { fromBase64, toBase64 } from '../core/bytes';
import {
  createDataKey,
  needsUpgrade,
  openWithKey,
  sealNew,
  sealVault,
  sealWithKey,
  unlockDataKey,
  type SealedVault,
  type VaultPayload,
} from '../core/vault';
import type { Settings, VaultState } from '../shared/messages';
import { readSettings, readVault, SESSION_KEY, validSettings, writeRecords } from '../shared/vault-db';
import { migrateLegacyStorage } from './migrate';
import { serialQueue } from './serial';

interface Unlocked {
  key: Uint8Array;
  sealed: SealedVault;
  payload: VaultPayload;
}

/** Decrypted state of this worker's lifetime; rebuilt from storage.session after a restart. */
let unlocked: Unlocked | null = null;

type SessionListener = (accounts: readonly Account[] | null) => void;
const listeners = new Set<SessionListener>();
/**
 * Called with the accounts whenever an unlocked vault is installed (setup, unlock, a
 * restarted worker's restore, every save) and with null on every lock.
 */
export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function announce(accounts: readonly Account[] | null): void {
  for (const l of listeners) {
    try {
      l(accounts);
    } catch {
      // A listener's failure must not undo a save or a lock.
    }
  }
}
/** A data key that another browser rotated to (sync), with the older keys that may open this vault. */
export interface AdoptableKey {
  key: Uint8Array;
  older: Uint8Array[];
  /** The payload to seal under `key`: sync records that it now holds that key. */
  adopt(payload: VaultPayload): VaultPayload;
}

/**
 * What sync (src/background/sync.ts) adds to the vault's own operations, registered at
 * start; this module does not import sync. Every hook runs inside the serial queue.
 */
export interface SyncHooks {
  /** Every save: the sync metadata is stamped in the same write. */
  beforeSave(payload: VaultPayload): VaultPayload;
  /** The data key rotates (passphrase change, stronger KDF at unlock): the payload to seal under `newKey`. */
  beforeRekey(payload: VaultPayload, oldKey: Uint8Array, newKey: Uint8Array, passphrase: string): Promise<VaultPayload>;
  /** The passphrase does not open this vault: it may be one set in another browser. */
  keysFromSync(passphrase: string): Promise<AdoptableKey | null>;
}
let hooks: SyncHooks | null = null;
export function useSyncHooks(h: SyncHooks): void {
  hooks = h;
}

/** A fresh data key, and the payload to seal under it: what sync adds to a rotation. */
async function rekeyed(payload: VaultPayload, oldKey: Uint8Array, passphrase: string): Promise<{ payload: VaultPayload; key: Uint8Array }> {
  const key = createDataKey();
  return { payload: hooks ? await hooks.beforeRekey(payload, oldKey, key, passphrase) : payload, key };
}

/** Bumped by every lock: work that started before it must not unlock again. */
let generation = 0;
const serialize = serialQueue();

let migrated: Promise<void> | null = null;
/** The first release kept everything in storage.local; move it once, before anything is read. */
function ready(): Promise<void> {
  migrated ??= migrateLegacyStorage().catch((e: unknown) => {
    migrated = null;
    throw e;
  });
  return migrated;
}

async function storedVault(): Promise<SealedVault | undefined> {
  await ready();
  return readVault();
}

export async function vaultState(): Promise<VaultState> {
  if (await session()) return 'unlocked';
  return (await storedVault()) ? 'locked' : 'new';
}

export async function getSettings(): Promise<Settings> {
  await ready();
  return readSettings();
}

export function setSettings(patch: Partial<Settings>): Promise<Settings> {
  return serialize(async () => {
    const next = validSettings({ ...(await getSettings()), ...patch });
    await writeRecords({ settings: next });
    return next;
  });
}

/** The unlocked vault, restoring it from the session key if the worker was restarted. */
function session(): Promise<Unlocked | null> {
  if (unlocked) return Promise.resolve(unlocked);
  return serialize(restore);
}

async function restore(): Promise<Unlocked | null> {
  if (unlocked) return unlocked;
  const gen = generation;
  const b64 = (await browser.storage.session.get(SESSION_KEY))[SESSION_KEY] as string | undefined;
  const key = b64 ? fromBase64(b64) : null;
  const sealed = key && (await storedVault());
  if (!key || !sealed) return null;
  let payload: VaultPayload;
  try {
    payload = await openWithKey(sealed, key);
  } catch {
    return null; // A key of another vault (a passphrase change elsewhere): ask for the passphrase.
  }
  return install({ key, sealed, payload }, gen, false);
}

/** Makes `state` the unlocked vault unless a lock came in since `gen` was read. */
async function install(state: Unlocked, gen: number, persist = true): Promise<Unlocked | null> {
  if (gen !== generation) return null;
  // Bindings the public-suffix list refuses never fill, whatever an older vault holds (bind).
  const accounts = state.payload.accounts.map((a) => ({ ...a, sites: allowedSites(a.sites) }));
  const clean: Unlocked = { ...state, payload: { ...state.payload, accounts } };
  unlocked = clean;
  announce(accounts);
  if (persist) await browser.storage.session.set({ [SESSION_KEY]: toBase64(state.key) });
  // A lock during the write above has already removed the key, or will: it runs after us.
  return gen === generation ? clean : null;
}

export async function requireUnlocked(): Promise<Unlocked> {
  const s = await session();
  if (!s) throw new OttoError('locked');
  return s;
}

async function installOrThrow(state: Unlocked, gen: number): Promise<void> {
  if (!(await install(state, gen))) throw new OttoError('locked');
}

export function setup(passphrase: string): Promise<void> {
  return serialize(async () => {
    const gen = generation;
    if (await storedVault()) throw new OttoError('vaultExists');
    const payload: VaultPayload = { version: 1, accounts: [] };
    const { sealed, key } = await sealNew(payload, passphrase);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload }, gen);
  });
}

/**
 * Opens the vault; a wrong passphrase (OttoError 'wrongPassphrase') changes nothing. A vault of an older format or
 * cheaper KDF is sealed again (fresh data key, current parameters) before it is used.
 */
export function unlock(passphrase: string): Promise<void> {
  return serialize(async () => {
    const gen = generation;
    const stored = await storedVault();
    if (!stored) throw new OttoError('vaultMissing');
    let oldKey: Uint8Array;
    try {
      oldKey = await unlockDataKey(stored, passphrase);
    } catch (e) {
      if (isOttoError(e, 'wrongPassphrase') && (await unlockWithSyncedKey(stored, passphrase, gen))) return;
      throw e;
    }
    const payload = await openWithKey(stored, oldKey);
    if (!needsUpgrade(stored)) return installOrThrow({ key: oldKey, sealed: stored, payload }, gen);
    const next = await rekeyed(payload, oldKey, passphrase);
    oldKey.fill(0);
    const { sealed, key } = await sealNew(next.payload, passphrase, undefined, next.key);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload: next.payload }, gen);
  });
}

/**
 * The passphrase was changed in another browser while this one was locked: it opens the
 * synced key, whose chain holds the older key that opens this vault. The vault is then
 * sealed under the synced key with that passphrase, so the old passphrase stops opening it.
 */
async function unlockWithSyncedKey(stored: SealedVault, passphrase: string, gen: number): Promise<boolean> {
  const found = hooks && (await hooks.keysFromSync(passphrase));
  if (!found) return false;
  for (const candidate of [found.key, ...found.older]) {
    let payload: VaultPayload;
    try {
      payload = await openWithKey(stored, candidate);
    } catch {
      continue;
    }
    const adopted = found.adopt(payload);
    const { sealed, key } = await sealNew(adopted, passphrase, undefined, found.key);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload: adopted }, gen);
    return true;
  }
  return false;
}

/** Checks the passphrase against the stored vault (re-authentication); OttoError 'wrongPassphrase' if it does not open it. */
export function verifyPassphrase(passphrase: string): Promise<void> {
  return serialize(async () => {
    const s = await restore();
    if (!s) throw new OttoError('locked');
    (await unlockDataKey(s.sealed, passphrase)).fill(0);
  });
}

/**
 * Locks now: nothing is served from this moment (the generation moves on and the session
 * key is gone before this returns). The lock also takes its place in the queue, behind
 * the work that came before it, and clears again there; the caller does not wait for
 * that work (a burst of saves must not delay Lock), since none of it can unlock again.
 */
export async function lock(): Promise<void> {
  generation++;
  unlocked = null;
  announce(null);
  await browser.storage.session.remove(SESSION_KEY);
  void serialize(async () => {
    unlocked = null;
    await browser.storage.session.remove(SESSION_KEY);
  }).catch(() => undefined);
}

/** Applies `change` to the current accounts and saves them in one transaction. */
export function mutate<T>(change: (accounts: Account[]) => T): Promise<T> {
  return serialize(async () => {
    const gen = generation;
    const s = await restore();
    if (!s) throw new OttoError('locked');
    const accounts = s.payload.accounts.map((a) => ({ ...a, sites: [...a.sites] }));
    const result = change(accounts);
    const changed: VaultPayload = { ...s.payload, accounts };
    const payload = hooks ? hooks.beforeSave(changed) : changed;
    const sealed = await sealWithKey(payload, s.key, s.sealed);
    await writeRecords({ vault: sealed });
    // Saved either way; the new state is installed only if no lock came in meanwhile.
    await install({ key: s.key, sealed, payload }, gen, false);
    return result;
  });
}

/**
 * Seals the same accounts under a fresh data key and the new passphrase, in one
 * transaction: no copy under the old passphrase or the old key is left behind.
 */
export function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  return serialize(async () => {
    const gen = generation;
    const s = await restore();
    if (!s) throw new OttoError('locked');
    (await unlockDataKey(s.sealed, oldPassphrase)).fill(0);
    const next = await rekeyed(s.payload, s.key, newPassphrase);
    const { sealed, key } = await sealNew(next.payload, newPassphrase, undefined, next.key);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload: next.payload }, gen);
  });
}

/**
 * Vault work for sync, in the serial queue: `work` sees the unlocked key and payload and
 * may hand back a new payload to save (as a save the user asked for: kept even if a lock
 * comes in meanwhile, but the unlocked state is then not installed again).
 */
export function withVault<T>(work: (v: { key: Uint8Array; payload: VaultPayload }) => Promise<{ payload?: VaultPayload; result: T }>): Promise<T> {
  return serialize(async () => {
    const gen = generation;
    const s = await restore();
    if (!s) throw new OttoError('locked');
    const { payload, result } = await work({ key: s.key, payload: s.payload });
    if (payload) {
      const sealed = await sealWithKey(payload, s.key, s.sealed);
      await writeRecords({ vault: sealed });
      await install({ key: s.key, sealed, payload }, gen, false);
    }
    return result;
  });
}

/**
 * Seals the unlocked vault under `dataKey` (a key adopted from sync) with `passphrase`,
 * which from then on is this vault's passphrase.
 */
export function rekey(dataKey: Uint8Array, passphrase: string, transform: (payload: VaultPayload) => VaultPayload): Promise<void> {
  return serialize(async () => {
    const gen = generation;
    const s = await restore();
    if (!s) throw new OttoError('locked');
    const payload = transform(s.payload);
    const { sealed, key } = await sealNew(payload, passphrase, undefined, dataKey);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload }, gen);
  });
}

/** Joining: a new vault under the synced data key and its passphrase (never over an existing vault). */
export function setupWithKey(dataKey: Uint8Array, passphrase: string, payload: VaultPayload): Promise<void> {
  return serialize(async () => {
    const gen = generation;
    if (await storedVault()) throw new OttoError('vaultExists');
    const { sealed, key } = await sealNew(payload, passphrase, undefined, dataKey);
    await writeRecords({ vault: sealed });
    await installOrThrow({ key, sealed, payload }, gen);
  });
}

/** A backup is the same sealed format under its own fresh data key, wrapped by `passphrase`; accounts and settings only (no sync state). */
export async function exportBackup(passphrase: string): Promise<string> {
  const { payload } = await requireUnlocked();
  const { sync: _local, ...backup } = payload;
  return JSON.stringify(await sealVault(backup, passphrase));
}
