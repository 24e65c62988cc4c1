/**
 * The key item over a device's life: turning sync on, rotating the key at a
 * passphrase change, adopting the key another browser wrote, and putting this
 * device's key back on top when the user chooses to replace the synced data.
 */
import type { KdfParams } from '../vault';
import type { SyncKey } from './crypto';
import { type DeriveKek, type KeyItem, compareKeyItems, makeKeyItem, readChain, reissue } from './key-item';
import type { SyncMeta } from './meta';

/** Sync turned on with nothing of ours in storage.sync: epoch 1 of this device's key. */
export async function firstKeyItem(key: SyncKey, passphrase: string, kdf: KdfParams, deriveKek?: DeriveKek): Promise<KeyItem> {
  return makeKeyItem({ key, passphrase, epoch: 1, kdf, deriveKek });
}

/**
 * The data key rotated (a passphrase change): the next epoch, the new key wrapped by
 * the new passphrase, endorsed by the old key, with the old keys in the chain.
 */
export async function rotateKeyItem(meta: SyncMeta, oldKey: SyncKey, newKey: SyncKey, passphrase: string, kdf: KdfParams, deriveKek?: DeriveKek): Promise<SyncMeta> {
  const mine = meta.key;
  if (!mine) return meta;
  if (mine.kid !== oldKey.kid) throw new RangeError('rotateKeyItem: the old key is not the one in the key item');
  const chain = await readChain(mine, oldKey);
  const key = await makeKeyItem({ key: newKey, passphrase, epoch: mine.epoch + 1, previous: { key: oldKey, epoch: mine.epoch, chain }, kdf, deriveKek });
  return { ...meta, key };
}

/** This device's key, one epoch above `over` (the item it replaces), endorsed by itself. */
export function replaceKeyItem(meta: SyncMeta, key: SyncKey, over: KeyItem | null): SyncMeta {
  const mine = meta.key;
  if (!mine) throw new RangeError('replaceKeyItem: no key item');
  const top = over && compareKeyItems(over, mine) > 0 ? over.epoch : mine.epoch;
  return { ...meta, key: reissue(mine, key, top + 1) };
}
