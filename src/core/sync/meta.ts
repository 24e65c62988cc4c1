/**
 * What a device keeps about sync inside its own sealed vault payload (the `sync`
 * field): the logical clock and digest of every account as last synced, its
 * tombstones, and the key item it last wrote or adopted. Never written to storage.sync
 * as such; read strictly, like the rest of the payload.
 */
import { OttoError } from '../errors';
import { isAccountId } from '../account';
import { readKeyItem, type KeyItem } from './key-item';

export interface Clock {
  id: string;
  rev: number;
  /** Base64 of the first 16 bytes of the record digest: "has this account changed since?" */
  digest: string;
  /** HOTP counter at the last stamp: a deletion's tombstone keeps it, so no code is used twice. */
  counter: number;
}

export interface TombstoneMeta {
  id: string;
  rev: number;
  counter: number;
  deleted: number;
}

export interface SyncMeta {
  version: 1;
  clocks: Clock[];
  tombstones: TombstoneMeta[];
  /** This device's key item (wrapped key only), to put back if storage.sync loses it. */
  key?: KeyItem;
}

export function emptyMeta(): SyncMeta {
  return { version: 1, clocks: [], tombstones: [] };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const count = (x: unknown, min: number): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
const exact = (x: Record<string, unknown>, keys: string[]) => Object.keys(x).length === keys.length && keys.every((k) => Object.hasOwn(x, k));

/** The `sync` field of a vault payload, checked field by field; OttoError('syncMetaInvalid') otherwise. */
export function readSyncMeta(x: unknown): SyncMeta {
  const fail = (detail: string) => new OttoError('syncMetaInvalid', { detail });
  if (!isObject(x) || x.version !== 1) throw fail('shape');
  if (!exact(x, 'key' in x ? ['version', 'clocks', 'tombstones', 'key'] : ['version', 'clocks', 'tombstones'])) throw fail('fields');
  if (!Array.isArray(x.clocks) || !Array.isArray(x.tombstones)) throw fail('shape');
  const seen = new Set<string>();
  const unique = (id: string) => {
    if (seen.has(id)) throw fail('duplicate id');
    seen.add(id);
  };
  const clocks = x.clocks.map((c: unknown): Clock => {
    if (!isObject(c) || !exact(c, ['id', 'rev', 'digest', 'counter']) || !isAccountId(c.id) || !count(c.rev, 1) || typeof c.digest !== 'string' || !count(c.counter, 0)) {
      throw fail('clock');
    }
    unique(c.id);
    return { id: c.id, rev: c.rev, digest: c.digest, counter: c.counter };
  });
  const tombstones = x.tombstones.map((t: unknown): TombstoneMeta => {
    if (!isObject(t) || !exact(t, ['id', 'rev', 'counter', 'deleted']) || !isAccountId(t.id) || !count(t.rev, 1) || !count(t.counter, 0) || !count(t.deleted, 0)) {
      throw fail('tombstone');
    }
    unique(t.id);
    return { id: t.id, rev: t.rev, counter: t.counter, deleted: t.deleted };
  });
  const meta: SyncMeta = { version: 1, clocks, tombstones };
  if ('key' in x) {
    try {
      meta.key = readKeyItem(x.key);
    } catch {
      throw fail('key item');
    }
  }
  return meta;
}
