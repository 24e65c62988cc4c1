/**
 * One round of sync for an unlocked device, as a pure function of its state and the
 * contents of storage.sync: read every item, decide what the key item means, merge,
 * and plan the writes. The background runs a round on every change (local or remote);
 * Node tests run it for simulated devices.
 */
import type { Account } from '../account';
import { type AreaView, hasNewerFormat, readArea, remoteRecords, warningsOf, type SyncWarning } from './area';
import type { SyncKey } from './crypto';
import type { SyncLimits } from './format';
import { isEndorsedBy, standing, type KeyItem } from './key-item';
import { applyRemote } from './merge';
import type { SyncMeta } from './meta';
import { plan, type Plan } from './plan';

export interface Device {
  accounts: Account[];
  meta: SyncMeta;
  key: SyncKey;
}

/** Why a device stopped writing (it keeps its accounts, and merges what it can still read). */
export type SyncPause =
  /** The key item holds a rotation endorsed by this device's key: ask for the new passphrase. */
  | 'newPassphrase'
  /** The key item is above ours and not endorsed by our key: another vault, or replaced. */
  | 'foreignKey'
  /** An item was written by a newer Otto. */
  | 'newerVersion';

export interface SyncStatus {
  paused?: SyncPause;
  /** Items ignored, worded by the popup. */
  warnings: SyncWarning[];
  /** Accounts that stay on this device for lack of space. */
  unsynced: string[];
  /** Changes that wait for space. */
  blocked: boolean;
  /** storage.sync bytes (after this round's writes). */
  bytes: number;
}

export interface Round {
  /** The new local state; `changed` when the vault must be saved. */
  device: Device;
  changed: boolean;
  added: number;
  updated: number;
  removed: number;
  /** Writes to make, or null when there is nothing to write (or the device is paused). */
  writes: Pick<Plan, 'set' | 'remove'> | null;
  status: SyncStatus;
}

function viewBytes(view: AreaView): number {
  let n = view.keyItemBytes + view.otherBytes;
  for (const parts of view.buckets.values()) for (const p of parts) n += p.bytes;
  return n;
}

export async function syncRound(device: Device, items: Readonly<Record<string, unknown>>, now: number, limits: SyncLimits): Promise<Round> {
  const mine = device.meta.key;
  if (!mine || mine.kid !== device.key.kid) throw new RangeError('syncRound: the device has no key item for its key');
  const view = await readArea(items, new Map([[device.key.kid, device.key]]));
  const remote = view.keyItem?.ok ? view.keyItem.item : null;

  let paused: SyncPause | undefined;
  let pendingKid: string | undefined;
  let meta = device.meta;
  let writeKey: KeyItem | undefined;
  if (hasNewerFormat(view)) paused = 'newerVersion';
  switch (standing(remote, mine, device.key)) {
    case 'absent':
    case 'stale':
      // A damaged key item counts as absent: ours is written over it.
      writeKey = mine;
      break;
    case 'same':
      if (remote!.epoch > mine.epoch && isEndorsedBy(remote!, device.key)) meta = { ...meta, key: remote! };
      else if (remote!.epoch < mine.epoch) writeKey = mine;
      break;
    case 'rotated':
      paused ??= 'newPassphrase';
      pendingKid = remote!.kid;
      break;
    case 'unverified':
      paused ??= 'foreignKey';
      pendingKid = remote!.kid;
      break;
  }

  const applied = applyRemote(device.accounts, meta, remoteRecords(view), now);
  const next: Device = { accounts: applied.accounts, meta: applied.meta, key: device.key };
  const changed = applied.added + applied.updated + applied.removed > 0 || JSON.stringify(applied.meta) !== JSON.stringify(device.meta);
  const status: SyncStatus = { warnings: warningsOf(view, pendingKid), unsynced: [], blocked: false, bytes: viewBytes(view) };
  let writes: Round['writes'] = null;
  if (paused) {
    status.paused = paused;
  } else {
    const p = await plan({ records: applied.records, view, key: device.key, keyItem: writeKey, limits });
    if (Object.keys(p.set).length > 0 || p.remove.length > 0) writes = { set: p.set, remove: p.remove };
    Object.assign(status, { unsynced: p.unsynced, blocked: p.blocked.length > 0, bytes: p.bytes });
  }
  return { device: next, changed, added: applied.added, updated: applied.updated, removed: applied.removed, writes, status };
}
