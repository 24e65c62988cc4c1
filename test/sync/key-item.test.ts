import { describe, expect, it } from 'vitest';
import { OttoError } from '../../src/core/errors';
import { fromBase64, toBase64 } from '../../src/core/bytes';
import { syncKeyFor } from '../../src/core/sync/crypto';
import { KeyItemError, isEndorsedBy, makeKeyItem, openKeyItem, readKeyItem, standing, type KeyItem } from '../../src/core/sync/key-item';
import { firstKeyItem, replaceKeyItem, rotateKeyItem } from '../../src/core/sync/lifecycle';
import { emptyMeta, type SyncMeta } from '../../src/core/sync/meta';
import { FAST_KDF, PASS, randomKey } from './helpers';

const flip = (b64: string) => {
  const bytes = fromBase64(b64)!;
  bytes[0]! ^= 1;
  return toBase64(bytes);
};

describe('the key item', () => {
  it('gives the data key back for the passphrase, and nothing for another', async () => {
    const key = randomKey();
    const item = await firstKeyItem(key, PASS, FAST_KDF);
    expect(readKeyItem(JSON.parse(JSON.stringify(item)))).toEqual(item);
    const opened = await openKeyItem(item, PASS);
    expect(opened.key.dataKey).toEqual(key.dataKey);
    expect(opened.chain).toEqual([]);
    await expect(openKeyItem(item, 'wrong passphrase')).rejects.toThrow(new OttoError('wrongPassphrase'));
  });

  it('normalises the passphrase (NFC) like the vault', async () => {
    const key = randomKey();
    const item = await firstKeyItem(key, 'Pa\u00dfwort caf\u00e9 123', FAST_KDF);
    expect((await openKeyItem(item, 'Pa\u00dfwort cafe\u0301 123')).key.kid).toBe(key.kid);
  });

  it('refuses a slot that is changed in any authenticated field', async () => {
    const item = await firstKeyItem(randomKey(), PASS, FAST_KDF);
    for (const field of ['salt', 'nonce', 'key', 'tag'] as const) {
      const bad = { ...item, slot: { ...item.slot, [field]: flip(item.slot[field]) } };
      await expect(openKeyItem(readKeyItem(bad), PASS)).rejects.toThrow(new OttoError('wrongPassphrase'));
    }
    await expect(openKeyItem({ ...item, slot: { ...item.slot, t: 2 } }, PASS)).rejects.toThrow(new OttoError('wrongPassphrase'));
    await expect(openKeyItem({ ...item, kid: flip(item.kid) }, PASS)).rejects.toThrow(new OttoError('wrongPassphrase'));
  });

  it.each([
    ['not an object', 'key'],
    ['an unknown field', { extra: 1 }],
    ['epoch 0', { epoch: 0 }],
    ['a short kid', { kid: toBase64(new Uint8Array(8)) }],
    ['an Argon2 cost past the limits', { slot: { m: 1 << 21 } }],
    ['an unknown KDF', { slot: { kdf: 'scrypt' } }],
    ['a chain that is too long to be 3 keys', { chain: { nonce: toBase64(new Uint8Array(12)), data: toBase64(new Uint8Array(2000)) } }],
    ['an endorsement with a short MAC', { prev: { kid: toBase64(new Uint8Array(9)), mac: toBase64(new Uint8Array(16)) } }],
  ])('does not parse with %s', async (_what, patch) => {
    const item = await firstKeyItem(randomKey(), PASS, FAST_KDF);
    const value = typeof patch === 'string' ? patch : { ...item, ...patch, ...('slot' in patch ? { slot: { ...item.slot, ...patch.slot } } : {}) };
    expect(() => readKeyItem(value)).toThrow(KeyItemError);
  });

  it('reports a newer version as version', async () => {
    const item = await firstKeyItem(randomKey(), PASS, FAST_KDF);
    expect(() => readKeyItem({ ...item, v: 2 })).toThrow(expect.objectContaining({ reason: 'version' }));
  });
});

describe('rotation', () => {
  it('is endorsed by the old key, carries the old keys, and no old key opens the new one', async () => {
    const k1 = randomKey();
    const k2 = randomKey();
    const k3 = randomKey();
    const m1 = { ...emptyMeta(), key: await firstKeyItem(k1, 'first passphrase', FAST_KDF) };
    const m2 = await rotateKeyItem(m1, k1, k2, 'second passphrase', FAST_KDF);
    const m3 = await rotateKeyItem(m2, k2, k3, 'third passphrase', FAST_KDF);
    const item = m3.key!;
    expect(item.epoch).toBe(3);
    expect(isEndorsedBy(item, k2)).toBe(true);
    expect(isEndorsedBy(item, k1)).toBe(false);
    expect(standing(item, m2.key!, k2)).toBe('rotated');
    // k1 is two rotations behind: it cannot verify; the new passphrase and the chain settle it.
    expect(standing(item, m1.key!, k1)).toBe('unverified');
    const opened = await openKeyItem(item, 'third passphrase');
    expect(opened.chain.map((c) => [c.epoch, c.kid])).toEqual([[2, k2.kid], [1, k1.kid]]);
    expect(opened.chain[1]!.key).toEqual(k1.dataKey);
    await expect(openKeyItem(item, 'first passphrase')).rejects.toThrow(new OttoError('wrongPassphrase'));
    await expect(openKeyItem(item, 'second passphrase')).rejects.toThrow(new OttoError('wrongPassphrase'));
    // Nothing in the item is sealed or MACed in a way the old key could open: only the endorsement verifies.
    expect(JSON.stringify(item)).not.toContain(toBase64(k3.dataKey));
  });

  it('keeps at most three previous keys', async () => {
    const keys = Array.from({ length: 6 }, randomKey);
    let meta: SyncMeta = { ...emptyMeta(), key: await firstKeyItem(keys[0]!, PASS, FAST_KDF) };
    for (let i = 1; i < keys.length; i++) meta = await rotateKeyItem(meta, keys[i - 1]!, keys[i]!, PASS, FAST_KDF);
    const opened = await openKeyItem(meta.key!, PASS);
    expect(opened.chain.map((c) => c.kid)).toEqual([keys[4]!.kid, keys[3]!.kid, keys[2]!.kid]);
  });

  it('an endorsement does not survive a change of the slot or the epoch', async () => {
    const k1 = randomKey();
    const k2 = randomKey();
    const m2 = await rotateKeyItem({ ...emptyMeta(), key: await firstKeyItem(k1, PASS, FAST_KDF) }, k1, k2, PASS, FAST_KDF);
    const item = m2.key!;
    expect(isEndorsedBy({ ...item, epoch: 9 }, k1)).toBe(false);
    expect(isEndorsedBy({ ...item, slot: { ...item.slot, salt: flip(item.slot.salt) } }, k1)).toBe(false);
    // A key someone else made, claiming our key endorsed it.
    const forged = await makeKeyItem({ key: randomKey(), passphrase: 'attacker', epoch: 2, kdf: FAST_KDF });
    expect(standing({ ...forged, prev: item.prev }, { ...item, epoch: 1, kid: k1.kid } as KeyItem, k1)).toBe('unverified');
  });
});

describe('standing: what a key item in storage.sync means to a device', () => {
  it('absent, same, stale, unverified', async () => {
    const k = randomKey();
    const mine = await firstKeyItem(k, PASS, FAST_KDF);
    expect(standing(null, mine, k)).toBe('absent');
    expect(standing({ ...mine, epoch: 5 }, mine, k)).toBe('same');
    const other = await firstKeyItem(randomKey(), PASS, FAST_KDF);
    expect(standing(other, mine, k)).toBe(other.kid < mine.kid ? 'stale' : 'unverified');
    expect(standing({ ...other, epoch: 2 }, mine, k)).toBe('unverified');
    const higher = replaceKeyItem({ ...emptyMeta(), key: mine }, k, { ...other, epoch: 4 }).key!;
    expect(higher.epoch).toBe(5);
    expect(standing({ ...other, epoch: 4 }, higher, k)).toBe('stale');
    expect(isEndorsedBy(higher, k)).toBe(true);
  });

  it('a key id is derived from the key, so it cannot be claimed by another', () => {
    const raw = crypto.getRandomValues(new Uint8Array(32));
    expect(syncKeyFor(raw).kid).toBe(syncKeyFor(new Uint8Array(raw)).kid);
    expect(syncKeyFor(raw).kid).not.toBe(randomKey().kid);
  });
});
