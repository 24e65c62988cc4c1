/**
 * The one writer of the vault. Owns storage layout, the write queue, the unlocked
 * session and crash-safe saves.
 *
 * storage.local  `vault`       current SealedVault (ciphertext only)
 *                `vault.prev`  previous generation, kept until the new one is read back and opened
 *                `settings`    non-secret Settings
 * storage.session `dataKey`    unwrapped data key (base64), memory only, trusted contexts only
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import { OttoError } from '../core/errors';
import {
  changePassphrase as rewrap,
  openWithKey,
  sealVault,
  sealWithKey,
  unlockDataKey,
  type SealedVault,
  type VaultPayload,
} from '../core/vault';
import { DEFAULT_SETTINGS, type Settings, type VaultState } from '../shared/messages';
import { fromBase64, toBase64 } from '../core/bytes';
import { serialQueue } from './serial';

const K_VAULT = 'vault';
const K_PREV = 'vault.prev';
const K_SETTINGS = 'settings';
const K_KEY = 'dataKey';

interface Unlocked {
  key: Uint8Array;
  sealed: SealedVault;
  payload: VaultPayload;
}

/** Decrypted state of this worker's lifetime; rebuilt from storage.session after a restart. */
let unlocked: Unlocked | null = null;
/** Vault mutations run one after another so concurrent writers never lose each other's changes. */
const serialize = serialQueue();

async function readSealed(): Promise<{ current?: SealedVault; prev?: SealedVault }> {
  const got = await browser.storage.local.get([K_VAULT, K_PREV]);
  return { current: got[K_VAULT] as SealedVault | undefined, prev: got[K_PREV] as SealedVault | undefined };
}

export async function vaultState(): Promise<VaultState> {
  if (await session()) return 'unlocked';
  const { current, prev } = await readSealed();
  return current || prev ? 'locked' : 'new';
}

export async function getSettings(): Promise<Settings> {
  const got = await browser.storage.local.get(K_SETTINGS);
  return { ...DEFAULT_SETTINGS, ...(got[K_SETTINGS] as Partial<Settings> | undefined) };
}

export async function setSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await getSettings()), ...patch };
  await browser.storage.local.set({ [K_SETTINGS]: next });
  return next;
}

/** The unlocked vault, restoring it from the session key if the worker was restarted. */
async function session(): Promise<Unlocked | null> {
  if (unlocked) return unlocked;
  const got = await browser.storage.session.get(K_KEY);
  const b64 = got[K_KEY] as string | undefined;
  if (!b64) return null;
  const key = fromBase64(b64);
  if (!key) return null;
  const { current, prev } = await readSealed();
  for (const sealed of [current, prev]) {
    if (!sealed) continue;
    try {
      unlocked = { key, sealed, payload: await openWithKey(sealed, key) };
      return unlocked;
    } catch {
      // A generation the key cannot open (a save cut short): try the other one.
    }
  }
  return null;
}

export async function requireUnlocked(): Promise<Unlocked> {
  const s = await session();
  if (!s) throw new OttoError('locked');
  return s;
}

async function remember(state: Unlocked): Promise<void> {
  unlocked = state;
  await browser.storage.session.set({ [K_KEY]: toBase64(state.key) });
}

export function setup(passphrase: string): Promise<void> {
  return serialize(async () => {
    const { current, prev } = await readSealed();
    if (current || prev) throw new OttoError('vaultExists');
    const payload: VaultPayload = { version: 1, accounts: [] };
    const sealed = await sealVault(payload, passphrase);
    await browser.storage.local.set({ [K_VAULT]: sealed });
    await remember({ key: await unlockDataKey(sealed, passphrase), sealed, payload });
  });
}

/** Opens the newest generation the passphrase opens; a wrong passphrase changes nothing. */
export function unlock(passphrase: string): Promise<void> {
  return serialize(async () => {
    const { current, prev } = await readSealed();
    if (!current && !prev) throw new OttoError('vaultMissing');
    let lastError: unknown;
    for (const sealed of [current, prev]) {
      if (!sealed) continue;
      try {
        const key = await unlockDataKey(sealed, passphrase);
        await remember({ key, sealed, payload: await openWithKey(sealed, key) });
        return;
      } catch (e) {
        lastError ??= e;
      }
    }
    throw lastError;
  });
}

export async function lock(): Promise<void> {
  unlocked = null;
  await browser.storage.session.remove(K_KEY);
}

/**
 * Applies `mutate` to the current accounts and saves: the previous sealed vault is
 * first copied to `vault.prev`, the new one written, read back and opened, and only
 * then is `vault.prev` dropped. A crash at any point leaves one openable generation.
 */
export function mutate<T>(change: (accounts: Account[]) => T): Promise<T> {
  return serialize(async () => {
    const s = await requireUnlocked();
    const accounts = s.payload.accounts.map((a) => ({ ...a, sites: [...a.sites] }));
    const result = change(accounts);
    const payload: VaultPayload = { ...s.payload, accounts };
    const sealed = await sealWithKey(payload, s.key, s.sealed);
    await commit(s.sealed, sealed, s.key);
    unlocked = { key: s.key, sealed, payload };
    return result;
  });
}

async function commit(previous: SealedVault, next: SealedVault, key: Uint8Array): Promise<void> {
  await browser.storage.local.set({ [K_PREV]: previous });
  await browser.storage.local.set({ [K_VAULT]: next });
  const { current } = await readSealed();
  if (!current) throw new OttoError('vaultReadBack');
  await openWithKey(current, key);
  await browser.storage.local.remove(K_PREV);
}

export function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  return serialize(async () => {
    const s = await requireUnlocked();
    const sealed = await rewrap(s.sealed, oldPassphrase, newPassphrase);
    await commit(s.sealed, sealed, s.key);
    unlocked = { ...s, sealed };
  });
}

/**
 * A backup is the same sealed format. Without its own passphrase it reuses the vault's
 * key slot (so the vault passphrase opens it) under a fresh nonce; with one, it gets a
 * fresh data key wrapped by that passphrase.
 */
export async function exportBackup(passphrase?: string): Promise<string> {
  const s = await requireUnlocked();
  const sealed = passphrase ? await sealVault(s.payload, passphrase) : await sealWithKey(s.payload, s.key, s.sealed);
  return JSON.stringify(sealed);
}
