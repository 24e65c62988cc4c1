/**
 * Sync across the user's browsers through the browser's own storage.sync
 * (docs/sync-format.md). The background runs a round (src/core/sync/engine.ts) on every
 * change, local or delivered: read every item, merge into the vault, write what the
 * others lack, spaced within the write limits. Lock state is this device's only: a
 * locked device reads nothing and writes nothing, and catches up at its next unlock.
 */
import browser from 'webextension-polyfill';
import { type ErrorInfo, OttoError, WrongPassphraseError } from '../core/errors';
import { syncKeyFor, type SyncKey } from '../core/sync/crypto';
import { syncRound, type SyncStatus } from '../core/sync/engine';
import { CHROME_LIMITS, KEY_ITEM } from '../core/sync/format';
import { type KeyItem, KeyItemError, openKeyItem, readKeyItem, standing } from '../core/sync/key-item';
import { firstKeyItem, replaceKeyItem, rotateKeyItem } from '../core/sync/lifecycle';
import { stamp } from '../core/sync/merge';
import { emptyMeta, readSyncMeta, type SyncMeta } from '../core/sync/meta';
import { WriteRate } from '../core/sync/rate';
import { DEFAULT_KDF, deriveKek, type VaultPayload } from '../core/vault';
import type { PageRequest, PageResponses, SyncInfo } from '../shared/messages';
import * as store from './vault-store';

/** Local changes are gathered this long before a round. */
const DEBOUNCE_MS = 250;
/** After a write the browser refused (quota, rate), wait this long before trying again. */
const RETRY_MS = 60_000;

const rate = new WriteRate(CHROME_LIMITS);
let info: SyncInfo = { enabled: false, state: 'off', warnings: [], unsynced: 0, full: false, bytes: 0, quota: CHROME_LIMITS.quotaBytes };
let timer: ReturnType<typeof setTimeout> | null = null;
let running: Promise<void> | null = null;
let rerun = false;

type Items = Record<string, unknown>;

const readItems = () => browser.storage.sync.get(null) as Promise<Items>;

/** Registers the listeners at worker start (synchronously, as MV3 requires) and the vault hooks. */
export function listenForSync(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && Object.keys(changes).length > 0) schedule();
  });
  store.useSyncHooks({ beforeSave, beforeRekey, keysFromSync, onChange: () => schedule() });
  schedule();
}

/** A round soon; rounds never overlap, and changes during one lead to another. */
export function schedule(delay = DEBOUNCE_MS): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void run();
  }, delay);
}

function run(): Promise<void> {
  if (running) {
    rerun = true;
    return running;
  }
  running = (async () => {
    do {
      rerun = false;
      await round().catch((e: unknown) => {
        info = { ...info, state: 'error', error: errorInfo(e) };
      });
    } while (rerun);
  })().finally(() => {
    running = null;
  });
  return running;
}

function errorInfo(e: unknown): ErrorInfo {
  return e instanceof OttoError ? e.toInfo() : { code: 'generic' };
}

/** The device's sync metadata, or null when sync was never set up (or its record is damaged). */
function metaOf(payload: VaultPayload): SyncMeta | null {
  if (!payload.sync) return null;
  try {
    return readSyncMeta(payload.sync);
  } catch {
    return null;
  }
}

async function round(): Promise<void> {
  const enabled = (await store.getSettings()).sync;
  if (!enabled) {
    info = { ...info, enabled, state: 'off', paused: undefined, error: undefined, warnings: [] };
    return;
  }
  if (!store.isUnlocked()) {
    info = { ...info, enabled, state: 'locked' };
    return;
  }
  const items = await readItems();
  const started = performance.now();
  const outcome = await store.withVault(async ({ key, payload }) => {
    const meta = metaOf(payload);
    const syncKey = syncKeyFor(key);
    if (!meta?.key || meta.key.kid !== syncKey.kid) return { result: null };
    const r = await syncRound({ accounts: payload.accounts, meta, key: syncKey }, items, Date.now(), CHROME_LIMITS);
    const next = r.changed ? { ...payload, accounts: r.device.accounts, sync: r.device.meta as unknown as Record<string, unknown> } : undefined;
    return { payload: next, result: r };
  });
  if (!outcome) {
    // Sync is on but this vault has no key item for its key (damaged metadata): turning sync on again asks for the passphrase.
    info = { ...info, enabled, state: 'error', error: { code: 'syncMetaInvalid' } };
    return;
  }
  const ms = performance.now() - started;
  info = statusInfo(outcome.status, ms);
  if (outcome.writes) await write(outcome.writes);
}

function statusInfo(s: SyncStatus, ms: number): SyncInfo {
  return {
    enabled: true,
    state: s.paused ? 'paused' : 'ok',
    paused: s.paused,
    warnings: s.warnings,
    unsynced: s.unsynced.length,
    full: s.blocked || s.unsynced.length > 0,
    bytes: s.bytes,
    quota: CHROME_LIMITS.quotaBytes,
    lastSync: Date.now(),
    lastRoundMs: Math.round(ms),
  };
}

async function write(w: { set: Items; remove: string[] }): Promise<void> {
  const ops = (Object.keys(w.set).length ? 1 : 0) + (w.remove.length ? 1 : 0);
  const wait = rate.delay(Date.now(), ops);
  // A later round plans again from what is stored then: never write a stale plan.
  if (wait > 0) return schedule(wait);
  try {
    rate.record(Date.now(), ops);
    if (Object.keys(w.set).length) await browser.storage.sync.set(w.set);
    if (w.remove.length) await browser.storage.sync.remove(w.remove);
  } catch (e) {
    // QUOTA_BYTES (another browser wrote meanwhile) or a write-rate limit: local data is untouched; try later.
    const text = e instanceof Error ? e.message : '';
    info = { ...info, full: info.full || /QUOTA_BYTES|quota/i.test(text), error: { code: /WRITE_OPERATIONS/.test(text) ? 'syncRate' : 'syncQuota' } };
    schedule(RETRY_MS);
  }
}

// --- vault hooks ------------------------------------------------------------------

/** Every save stamps the sync metadata in the same write (docs/sync-format.md, "Logical clocks"). */
function beforeSave(payload: VaultPayload): VaultPayload {
  const meta = metaOf(payload);
  return meta ? { ...payload, sync: stamp(payload.accounts, meta, Date.now()).meta as unknown as Record<string, unknown> } : payload;
}

/** The data key rotates (passphrase change, stronger KDF at unlock): the key item rotates in the same save. */
async function beforeRekey(payload: VaultPayload, oldKey: Uint8Array, newKey: Uint8Array, passphrase: string): Promise<VaultPayload> {
  const meta = metaOf(payload);
  if (!meta?.key) return payload;
  const old = syncKeyFor(oldKey);
  // Metadata of another key (damaged): drop the key item; turning sync on again makes a new one.
  if (meta.key.kid !== old.kid) return { ...payload, sync: { ...meta, key: undefined } as unknown as Record<string, unknown> };
  const rotated = await rotateKeyItem(meta, old, syncKeyFor(newKey), passphrase, DEFAULT_KDF, deriveKek);
  return { ...payload, sync: rotated as unknown as Record<string, unknown> };
}

/**
 * The passphrase did not open this browser's vault: it may be the one set in another
 * browser. If it opens the synced key item, hand the vault store that key and the older
 * keys its chain carries (one of them opens the local vault), and how to adopt it.
 */
async function keysFromSync(passphrase: string): Promise<store.AdoptableKey | null> {
  if (!(await store.getSettings()).sync) return null;
  const remote = await remoteKeyItem();
  if (!remote) return null;
  let opened: { key: SyncKey; chain: Array<{ key: Uint8Array }> };
  try {
    opened = await openKeyItem(remote, passphrase, deriveKek);
  } catch {
    return null;
  }
  return {
    key: opened.key.dataKey,
    older: opened.chain.map((c) => c.key),
    adopt: (payload) => ({ ...payload, sync: { ...(metaOf(payload) ?? emptyMeta()), key: remote } as unknown as Record<string, unknown> }),
  };
}

async function remoteKeyItem(): Promise<KeyItem | null> {
  const got = await browser.storage.sync.get(KEY_ITEM);
  if (!(KEY_ITEM in got)) return null;
  try {
    return readKeyItem(got[KEY_ITEM]);
  } catch (e) {
    if (e instanceof KeyItemError) return null;
    throw e;
  }
}

// --- requests from the popup ---------------------------------------------------------

type SyncHandlers = {
  [K in Extract<PageRequest['type'], `sync${string}`>]: (req: Extract<PageRequest, { type: K }>) => Promise<PageResponses[K]>;
};

/** After a change of state: one round now, and its outcome. */
async function fresh(): Promise<SyncInfo> {
  if (timer) clearTimeout(timer);
  timer = null;
  await run();
  return info;
}

async function setMeta(change: (meta: SyncMeta, key: SyncKey, payload: VaultPayload) => Promise<SyncMeta> | SyncMeta): Promise<void> {
  await store.withVault(async ({ key, payload }) => {
    const syncKey = syncKeyFor(key);
    const meta = await change(metaOf(payload) ?? stamp(payload.accounts, emptyMeta(), Date.now()).meta, syncKey, payload);
    return { payload: { ...payload, sync: meta as unknown as Record<string, unknown> }, result: null };
  });
}

export const syncHandlers: SyncHandlers = {
  async syncStatus() {
    const enabled = (await store.getSettings()).sync;
    if (enabled && info.state !== 'paused' && !info.lastSync) return fresh();
    return { ...info, enabled };
  },

  /** "Otto found accounts from your other browsers": is there a synced vault to join? */
  async syncProbe() {
    return { found: (await remoteKeyItem()) !== null };
  },

  /**
   * Turns sync on (the passphrase wraps the key for the key item). Over the key item of
   * another vault nothing is written and sync stays off: the answer is paused
   * (`foreignKey`), and the popup offers to merge (syncAdopt) or to replace (syncReplace).
   */
  async syncEnable(req) {
    await store.verifyPassphrase(req.passphrase);
    const found = await browser.storage.sync.get(KEY_ITEM);
    let remote: KeyItem | null = null;
    try {
      remote = KEY_ITEM in found ? readKeyItem(found[KEY_ITEM]) : null;
    } catch (e) {
      // A newer Otto's key item is never written over; a damaged one is.
      if (e instanceof KeyItemError && e.reason === 'version') throw new OttoError('syncItemVersion', { item: KEY_ITEM });
    }
    const foreign = await store.withVault(async ({ key, payload }) => {
      const mine = metaOf(payload)?.key;
      const own = syncKeyFor(key);
      if (!remote || remote.kid === own.kid) return { result: false };
      // Our own lineage: a rotation we must catch up with, or an older state we put back.
      const known = mine?.kid === own.kid ? standing(remote, mine, own) : 'unverified';
      return { result: known !== 'rotated' && known !== 'stale' };
    });
    if (foreign) return { ...info, enabled: false, state: 'paused', paused: 'foreignKey', warnings: [] };
    await setMeta(async (meta, key) => {
      if (meta.key?.kid === key.kid) return meta;
      if (remote?.kid === key.kid) return { ...meta, key: remote };
      return { ...meta, key: await firstKeyItem(key, req.passphrase, DEFAULT_KDF, deriveKek) };
    });
    await store.setSettings({ sync: true });
    return fresh();
  },

  async syncDisable() {
    await store.setSettings({ sync: false });
    return fresh();
  },

  /**
   * The passphrase of the synced data (changed in another browser, or another vault's):
   * adopt its key, so this vault is sealed under it with that passphrase from now on.
   * Another vault is merged only once the user confirmed it (`merge`).
   */
  async syncAdopt(req) {
    const remote = await remoteKeyItem();
    if (!remote) throw new OttoError('syncNothingToJoin');
    const { key, chain } = await openKeyItem(remote, req.passphrase, deriveKek);
    const current = await store.withVault(async ({ key: mine }) => ({ result: syncKeyFor(mine).kid }));
    const sameVault = key.kid === current || chain.some((c) => c.kid === current);
    if (!sameVault && !req.merge) return { differentVault: true };
    await store.rekey(key.dataKey, req.passphrase, (payload) => ({
      ...payload,
      sync: { ...(metaOf(payload) ?? stamp(payload.accounts, emptyMeta(), Date.now()).meta), key: remote } as unknown as Record<string, unknown>,
    }));
    await store.setSettings({ sync: true });
    return { adopted: true, status: await fresh() };
  },

  /** Writes this browser's key over what storage.sync holds (after the user confirmed). */
  async syncReplace() {
    const remote = await remoteKeyItem();
    await setMeta((meta, key) => replaceKeyItem(meta, key, remote));
    await store.setSettings({ sync: true });
    return fresh();
  },

  /** A new browser joins the synced vault: its passphrase opens the key; the accounts follow by merge. */
  async syncJoin(req) {
    const remote = await remoteKeyItem();
    if (!remote) throw new OttoError('syncNothingToJoin');
    const { key } = await openKeyItem(remote, req.passphrase, deriveKek).catch((e: unknown) => {
      throw e instanceof WrongPassphraseError ? new OttoError('wrongPassphrase') : e;
    });
    const payload: VaultPayload = { version: 1, accounts: [], sync: { ...emptyMeta(), key: remote } as unknown as Record<string, unknown> };
    await store.setupWithKey(key.dataKey, req.passphrase, payload);
    await store.setSettings({ sync: true });
    await fresh();
    return null;
  },
};
