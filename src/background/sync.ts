/**
 * Sync across the user's browsers through the browser's own storage.sync
 * (docs/sync-format.md). The background runs a round (src/core/sync/engine.ts) after
 * every change, local or delivered: read every item, merge into the vault, write what
 * the others lack, spaced within Chrome's write limits. Lock state is this browser's
 * own: a locked Otto reads and writes nothing, and catches up at its next unlock.
 */
import browser from 'webextension-polyfill';
import { type ErrorInfo, OttoError } from '../core/errors';
import type { SyncWarning } from '../core/sync/area';
import { syncKeyFor, type SyncKey } from '../core/sync/crypto';
import { syncRound, type SyncStatus } from '../core/sync/engine';
import { CHROME_LIMITS, KEY_ITEM } from '../core/sync/format';
import { type KeyItem, KeyItemError, openKeyItem, readKeyItem, standing } from '../core/sync/key-item';
import { firstKeyItem, replaceKeyItem, rotateKeyItem } from '../core/sync/lifecycle';
import { stamp } from '../core/sync/merge';
import { emptyMeta, readSyncMeta, type SyncMeta } from '../core/sync/meta';
import { WriteRate } from '../core/sync/rate';
import { DEFAULT_KDF, type VaultPayload } from '../core/vault';
import type { PageRequest, PageResponses, SyncInfo } from '../shared/messages';
import { tellPages } from './lock';
import { rearmContentScripts } from './rearm';
import * as store from './vault-store';

/** Changes are gathered this long before a round. */
const DEBOUNCE_MS = 250;
/** After a write the browser refused (quota, rate), wait this long before trying again. */
const RETRY_MS = 60_000;
/** Ignored items remembered for the user after they were repaired. */
const RECENT_MAX = 10;

type Items = Record<string, unknown>;

const rate = new WriteRate(CHROME_LIMITS);
let info: SyncInfo = {
  enabled: false,
  state: 'off',
  warnings: [],
  recent: [],
  unsynced: 0,
  full: false,
  bytes: 0,
  quota: CHROME_LIMITS.quotaBytes,
};
let timer: ReturnType<typeof setTimeout> | null = null;
let running: Promise<void> | null = null;
let rerun = false;

/** Registers the listener at worker start (synchronously, as MV3 requires) and the vault hooks. */
export function listenForSync(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'sync' && Object.keys(changes).length > 0) schedule();
  });
  store.useSyncHooks({ beforeSave, beforeRekey, keysFromSync });
  // Every unlock, restore and save (and lock: the status says so).
  store.onSessionChange(() => schedule());
}

/** When the pending round runs (epoch ms). */
let due = 0;

/**
 * A round soon; rounds never overlap, and a change during one leads to another. A pending
 * round is never pushed back: writes arriving faster than the debounce (a busy user, or a
 * content script writing storage.sync on Firefox) would otherwise hold every round back.
 */
export function schedule(delay = DEBOUNCE_MS): void {
  const at = Date.now() + delay;
  if (timer && due <= at) return;
  if (timer) clearTimeout(timer);
  due = at;
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

/** The device's sync metadata, or null when sync was never set up here (or its record is damaged). */
function metaOf(payload: VaultPayload): SyncMeta | null {
  if (!payload.sync) return null;
  try {
    return readSyncMeta(payload.sync);
  } catch {
    return null;
  }
}

const asPayloadField = (meta: SyncMeta) => meta as unknown as Record<string, unknown>;

async function round(): Promise<void> {
  const enabled = (await store.getSettings()).sync;
  if (!enabled) {
    info = { ...info, enabled, state: 'off', paused: undefined, error: undefined, warnings: [] };
    return;
  }
  if ((await store.vaultState()) !== 'unlocked') {
    info = { ...info, enabled, state: 'locked' };
    return;
  }
  const items = (await browser.storage.sync.get(null)) as Items;
  const started = performance.now();
  const outcome = await store.withVault(async ({ key, payload }) => {
    const meta = metaOf(payload);
    const syncKey = syncKeyFor(key);
    if (!meta?.key || meta.key.kid !== syncKey.kid) return { result: null };
    const r = await syncRound({ accounts: payload.accounts, meta, key: syncKey }, items, Date.now(), CHROME_LIMITS);
    return { payload: r.changed ? { ...payload, accounts: r.device.accounts, sync: asPayloadField(r.device.meta) } : undefined, result: r };
  });
  if (!outcome) {
    // On, but this vault holds no key item for its key (damaged metadata): turning sync on again makes one.
    info = { ...info, enabled, state: 'error', error: { code: 'syncMetaInvalid' } };
    return;
  }
  info = statusInfo(outcome.status, performance.now() - started);
  // New accounts or changed sites from another browser: frames that stood down must watch again (detect's rearm).
  if (outcome.added + outcome.updated > 0) void rearmContentScripts();
  // An open popup shows what changed without being reopened (it asks for the accounts again).
  if (outcome.added + outcome.updated + outcome.removed > 0) void tellPages({ type: 'accountsChanged' });
  if (outcome.writes) await write(outcome.writes);
}

function statusInfo(s: SyncStatus, ms: number): SyncInfo {
  return {
    enabled: true,
    state: s.paused ? 'paused' : 'ok',
    paused: s.paused,
    warnings: s.warnings,
    recent: remember(s.warnings),
    unsynced: s.unsynced.length,
    full: s.blocked || s.unsynced.length > 0,
    bytes: s.bytes,
    quota: CHROME_LIMITS.quotaBytes,
    lastSync: Date.now(),
    lastRoundMs: Math.round(ms),
  };
}

/** Ignored items stay listed after a repair: the user should learn that sync data was tampered with. */
function remember(warnings: SyncWarning[]): SyncInfo['recent'] {
  const at = Date.now();
  const fresh = warnings.filter((w) => !info.recent.some((r) => r.code === w.code && r.item === w.item && at - r.at < RETRY_MS));
  return [...fresh.map((w) => ({ ...w, at })), ...info.recent].slice(0, RECENT_MAX);
}

async function write(w: { set: Items; remove: string[] }): Promise<void> {
  const ops = (Object.keys(w.set).length ? 1 : 0) + (w.remove.length ? 1 : 0);
  const wait = rate.delay(Date.now(), ops);
  // A later round plans again from what is stored then: a stale plan is never written.
  if (wait > 0) return schedule(wait);
  try {
    rate.record(Date.now(), ops);
    if (Object.keys(w.set).length) await browser.storage.sync.set(w.set);
    if (w.remove.length) await browser.storage.sync.remove(w.remove);
  } catch (e) {
    // Over the quota (another browser wrote meanwhile) or the write rate: nothing local changes; try again later.
    const rateLimited = /WRITE_OPERATIONS/.test(e instanceof Error ? e.message : '');
    info = { ...info, full: info.full || !rateLimited, error: { code: rateLimited ? 'syncRate' : 'syncQuota' } };
    schedule(RETRY_MS);
  }
}

// --- vault hooks (run in the vault's serial queue) --------------------------------

/** Every save stamps the sync metadata in the same write (docs/sync-format.md, "Logical clocks"). */
function beforeSave(payload: VaultPayload): VaultPayload {
  const meta = metaOf(payload);
  return meta ? { ...payload, sync: asPayloadField(stamp(payload.accounts, meta, Date.now()).meta) } : payload;
}

/** The data key rotates (passphrase change, stronger KDF at unlock): the key item rotates in the same save. */
async function beforeRekey(payload: VaultPayload, oldKey: Uint8Array, newKey: Uint8Array, passphrase: string): Promise<VaultPayload> {
  const meta = metaOf(payload);
  if (!meta?.key) return payload;
  const old = syncKeyFor(oldKey);
  // A key item of another key (damaged metadata): dropped; turning sync on again makes a new one.
  if (meta.key.kid !== old.kid) return { ...payload, sync: asPayloadField({ ...meta, key: undefined }) };
  return { ...payload, sync: asPayloadField(await rotateKeyItem(meta, old, syncKeyFor(newKey), passphrase, DEFAULT_KDF)) };
}

/**
 * The passphrase did not open this browser's vault: it may be the one set in another
 * browser. If it opens the synced key item, the vault store gets that key and the older
 * keys of its chain (one of them opens the local vault), and how to record the adoption.
 */
async function keysFromSync(passphrase: string): Promise<store.AdoptableKey | null> {
  if (!(await store.getSettings()).sync) return null;
  const remote = await remoteKeyItem();
  if (!remote) return null;
  let opened: Awaited<ReturnType<typeof openKeyItem>>;
  try {
    opened = await openKeyItem(remote, passphrase);
  } catch {
    return null;
  }
  return {
    key: opened.key.dataKey,
    older: opened.chain.map((c) => c.key),
    adopt: (payload) => ({ ...payload, sync: asPayloadField({ ...(metaOf(payload) ?? emptyMeta()), key: remote }) }),
  };
}

/** The key item in storage.sync; null when there is none or it is damaged. */
async function remoteKeyItem(): Promise<KeyItem | null> {
  const got = (await browser.storage.sync.get(KEY_ITEM)) as Items;
  if (!(KEY_ITEM in got)) return null;
  try {
    return readKeyItem(got[KEY_ITEM]);
  } catch (e) {
    if (e instanceof KeyItemError && e.reason === 'version') throw new OttoError('syncItemVersion', { item: KEY_ITEM });
    return null;
  }
}

// --- requests from the popup ---------------------------------------------------------

type SyncRequest = Extract<PageRequest, { type: `sync${string}` }>;
type SyncHandlers = { [K in SyncRequest['type']]: (req: Extract<SyncRequest, { type: K }>) => Promise<PageResponses[K]> };

/** A round now (after a change of state), and its outcome. */
async function fresh(): Promise<SyncInfo> {
  if (timer) clearTimeout(timer);
  timer = null;
  await run();
  return info;
}

/** Changes this vault's sync metadata (made from the accounts if sync never ran here). */
function setMeta(change: (meta: SyncMeta, key: SyncKey) => Promise<SyncMeta> | SyncMeta): Promise<void> {
  return store.withVault(async ({ key, payload }) => {
    const meta = await change(metaOf(payload) ?? stamp(payload.accounts, emptyMeta(), Date.now()).meta, syncKeyFor(key));
    return { payload: { ...payload, sync: asPayloadField(meta) }, result: undefined };
  });
}

export const syncHandlers: SyncHandlers = {
  async syncStatus() {
    const enabled = (await store.getSettings()).sync;
    // A restarted worker knows nothing yet: find out.
    if (enabled && !info.lastSync && info.state !== 'paused') return fresh();
    return { ...info, enabled };
  },

  async syncProbe() {
    return { found: (await remoteKeyItem()) !== null };
  },

  /**
   * Turns sync on; the passphrase wraps the key for the key item. Over the key item of
   * another vault nothing is written and sync stays off: the answer is paused
   * (`foreignKey`), and the popup offers to merge (syncAdopt) or replace (syncReplace).
   */
  async syncEnable(req) {
    await store.verifyPassphrase(req.passphrase);
    const remote = await remoteKeyItem();
    const foreign = await store.withVault(async ({ key, payload }) => {
      const own = syncKeyFor(key);
      if (!remote || remote.kid === own.kid) return { result: false };
      const mine = metaOf(payload)?.key;
      // Our own line of keys: a rotation to catch up with, or an older state to put back.
      const known = mine?.kid === own.kid ? standing(remote, mine, own) : 'unverified';
      return { result: known !== 'rotated' && known !== 'stale' };
    });
    if (foreign) return { ...info, enabled: false, state: 'paused', paused: 'foreignKey', warnings: [] };
    await setMeta(async (meta, key) => {
      if (meta.key?.kid === key.kid) return meta;
      if (remote?.kid === key.kid) return { ...meta, key: remote };
      return { ...meta, key: await firstKeyItem(key, req.passphrase, DEFAULT_KDF) };
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
   * this vault is sealed under its key with that passphrase from now on. Another vault is
   * merged only once the user said so (`merge`).
   */
  async syncAdopt(req) {
    const remote = await remoteKeyItem();
    if (!remote) throw new OttoError('syncNothingToJoin');
    const { key, chain } = await openKeyItem(remote, req.passphrase);
    const current = await store.withVault(async ({ key: mine }) => ({ result: syncKeyFor(mine).kid }));
    const sameVault = key.kid === current || chain.some((c) => c.kid === current);
    if (!sameVault && !req.merge) return { differentVault: true };
    await store.rekey(key.dataKey, req.passphrase, (payload) => ({
      ...payload,
      sync: asPayloadField({ ...(metaOf(payload) ?? stamp(payload.accounts, emptyMeta(), Date.now()).meta), key: remote }),
    }));
    await store.setSettings({ sync: true });
    return { adopted: true, status: await fresh() };
  },

  /** Puts this browser's key and accounts over what storage.sync holds, after the user confirmed with the passphrase. */
  async syncReplace(req) {
    await store.verifyPassphrase(req.passphrase);
    const remote = await remoteKeyItem().catch(() => null);
    await setMeta(async (meta, key) => {
      const mine = meta.key?.kid === key.kid ? meta : { ...meta, key: await firstKeyItem(key, req.passphrase, DEFAULT_KDF) };
      return replaceKeyItem(mine, key, remote);
    });
    await store.setSettings({ sync: true });
    return fresh();
  },

  /** A new browser joins: the passphrase opens the synced key; the accounts follow by merge. */
  async syncJoin(req) {
    const remote = await remoteKeyItem();
    if (!remote) throw new OttoError('syncNothingToJoin');
    const { key } = await openKeyItem(remote, req.passphrase);
    const payload: VaultPayload = { version: 1, accounts: [], sync: asPayloadField({ ...emptyMeta(), key: remote }) };
    await store.setupWithKey(key.dataKey, req.passphrase, payload);
    await store.setSettings({ sync: true });
    await fresh();
    return null;
  },
};
