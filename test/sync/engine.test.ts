import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OttoError } from '../../src/core/errors';
import type { Account } from '../../src/core/account';
import { fromBase64, toBase64 } from '../../src/core/bytes';
import { syncRound, type Device, type Round } from '../../src/core/sync/engine';
import { CHROME_LIMITS, KEY_ITEM } from '../../src/core/sync/format';
import { openKeyItem, readKeyItem } from '../../src/core/sync/key-item';
import { replaceKeyItem, rotateKeyItem } from '../../src/core/sync/lifecycle';
import { stamp } from '../../src/core/sync/merge';
import { emptyMeta } from '../../src/core/sync/meta';
import { FAST_KDF, NOW, PASS, SyncService, account, newDevice, randomKey, vaultOf } from './helpers';

/** A device in the simulation: its state and its replica of storage.sync. */
class Sim {
  readonly service = new SyncService();
  readonly devices = new Map<string, Device>();
  last = new Map<string, Round>();

  async add(name: string, device: Device): Promise<void> {
    this.service.add(name);
    this.devices.set(name, device);
  }

  /** One round on `name`; its writes go to the service. */
  async round(name: string): Promise<Round> {
    const r = await syncRound(this.devices.get(name)!, this.service.items(name), NOW, CHROME_LIMITS);
    this.devices.set(name, r.device);
    this.last.set(name, r);
    if (r.writes) this.service.write(name, r.writes.set, r.writes.remove);
    return r;
  }

  /** A local change, saved as the vault saves it: the sync metadata is stamped in the same save. */
  edit(name: string, change: (accounts: Account[]) => Account[]): void {
    const d = this.devices.get(name)!;
    const accounts = change(d.accounts.map((a) => ({ ...a })));
    this.devices.set(name, { ...d, accounts, meta: stamp(accounts, d.meta, NOW).meta });
  }

  /** Delivers everything and runs rounds until nobody writes. */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) {
      this.service.deliverAll();
      let wrote = false;
      for (const name of this.devices.keys()) wrote = !!(await this.round(name)).writes || wrote;
      if (!wrote && [...this.service.pending.values()].every((q) => q.length === 0)) return;
    }
    throw new Error('did not settle');
  }

  vault(name: string): string {
    return vaultOf(this.devices.get(name)!.accounts);
  }
}

async function joinedPair(accounts: Account[] = []): Promise<Sim> {
  const sim = new Sim();
  const key = randomKey();
  const a = await newDevice(key, accounts);
  await sim.add('A', a);
  await sim.add('B', { accounts: [], meta: { ...emptyMeta(), key: a.meta.key }, key });
  return sim;
}

describe('devices converge whatever the order of delivery (property-based)', () => {
  type Action =
    | { kind: 'add'; device: number; n: number }
    | { kind: 'rename'; device: number; pick: number; label: string }
    | { kind: 'delete'; device: number; pick: number }
    | { kind: 'hotp'; device: number; pick: number }
    | { kind: 'deliver'; device: number; pick: number }
    | { kind: 'round'; device: number };
  const d = fc.nat({ max: 2 });
  const arbAction: fc.Arbitrary<Action> = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), device: d, n: fc.nat({ max: 5 }) }),
    fc.record({ kind: fc.constant('rename' as const), device: d, pick: fc.nat(), label: fc.string({ maxLength: 6 }) }),
    fc.record({ kind: fc.constant('delete' as const), device: d, pick: fc.nat() }),
    fc.record({ kind: fc.constant('hotp' as const), device: d, pick: fc.nat() }),
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('deliver' as const), device: d, pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('round' as const), device: d }) },
  );

  it('three devices editing, deleting and using HOTP codes concurrently end with the same vault, losing nothing', async () => {
    const key = randomKey();
    const base = await newDevice(key);
    await fc.assert(
      fc.asyncProperty(fc.array(arbAction, { minLength: 5, maxLength: 60, size: 'medium' }), async (actions) => {
        const sim = new Sim();
        const names = ['A', 'B', 'C'];
        for (const n of names) await sim.add(n, { ...base, accounts: [] });
        const added = new Set<string>();
        const deleted = new Set<string>();
        const maxCounter = new Map<string, number>();
        let serial = 0;
        for (const act of actions) {
          const name = names[act.device]!;
          const accounts = sim.devices.get(name)!.accounts;
          const pick = 'pick' in act && accounts.length ? accounts[act.pick % accounts.length]! : null;
          if (act.kind === 'add') {
            const id = `${name}-${serial++}`;
            added.add(id);
            sim.edit(name, (list) => [...list, account(act.n, { id, type: act.n % 2 ? 'hotp' : 'totp' })]);
          } else if (act.kind === 'rename' && pick) {
            sim.edit(name, (list) => list.map((a) => (a.id === pick.id ? { ...a, label: act.label } : a)));
          } else if (act.kind === 'delete' && pick) {
            deleted.add(pick.id);
            sim.edit(name, (list) => list.filter((a) => a.id !== pick.id));
          } else if (act.kind === 'hotp' && pick && pick.type === 'hotp') {
            maxCounter.set(pick.id, Math.max(maxCounter.get(pick.id) ?? 0, pick.counter + 1));
            sim.edit(name, (list) => list.map((a) => (a.id === pick.id ? { ...a, counter: a.counter + 1 } : a)));
          } else if (act.kind === 'deliver') {
            sim.service.deliver(name, act.pick);
          } else if (act.kind === 'round') {
            await sim.round(name);
          }
        }
        await sim.settle();
        const vault = sim.vault('A');
        expect(sim.vault('B')).toBe(vault);
        expect(sim.vault('C')).toBe(vault);
        const final = sim.devices.get('A')!.accounts;
        const ids = new Set(final.map((a) => a.id));
        // Nothing that nobody deleted is lost; only ids someone deleted may be gone.
        for (const id of added) if (!deleted.has(id)) expect(ids.has(id)).toBe(true);
        for (const id of ids) expect(added.has(id)).toBe(true);
        // A counter never goes back: every code used anywhere stays used.
        for (const a of final) if (maxCounter.has(a.id)) expect(a.counter).toBeGreaterThanOrEqual(maxCounter.get(a.id)!);
        for (const n of names) expect(sim.last.get(n)!.status.warnings).toEqual([]);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

describe('scenarios', () => {
  it('joining: a new device with the key gets every account', async () => {
    const sim = await joinedPair(Array.from({ length: 5 }, (_, i) => account(i)));
    await sim.round('A');
    sim.service.deliverAll();
    const r = await sim.round('B');
    expect(r.added).toBe(5);
    expect(sim.vault('B')).toBe(sim.vault('A'));
  });

  it('concurrent edits of different accounts both survive; of the same account, one wins everywhere', async () => {
    const sim = await joinedPair([account(1), account(2)]);
    await sim.settle();
    sim.edit('A', (l) => l.map((a) => (a.id === 'id-1' ? { ...a, label: 'A was here' } : a.id === 'id-2' ? { ...a, issuer: 'A-issuer' } : a)));
    sim.edit('B', (l) => l.map((a) => (a.id === 'id-1' ? { ...a, label: 'B was here' } : a.id === 'id-2' ? { ...a, pinned: true } : a)));
    await sim.round('A');
    await sim.round('B');
    await sim.settle();
    expect(sim.vault('A')).toBe(sim.vault('B'));
    const one = sim.devices.get('A')!.accounts.find((a) => a.id === 'id-1')!;
    expect(['A was here', 'B was here']).toContain(one.label);
  });

  it('delete on one device vs edit on the other, concurrently: the edit survives', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    sim.edit('A', () => []);
    sim.edit('B', (l) => l.map((a) => ({ ...a, label: 'still needed' })));
    await sim.round('A');
    await sim.round('B');
    await sim.settle();
    expect(sim.devices.get('A')!.accounts.map((a) => a.label)).toEqual(['still needed']);
    expect(sim.vault('B')).toBe(sim.vault('A'));
  });

  it('a delete made after seeing an edit wins', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    sim.edit('B', (l) => l.map((a) => ({ ...a, label: 'edited' })));
    await sim.settle();
    sim.edit('A', () => []);
    await sim.settle();
    expect(sim.devices.get('B')!.accounts).toEqual([]);
  });

  it('an offline device catches up after many changes', async () => {
    const sim = await joinedPair(Array.from({ length: 30 }, (_, i) => account(i)));
    await sim.settle();
    // B goes offline: A makes 100 changes, each written.
    for (let i = 0; i < 100; i++) {
      sim.edit('A', (l) => (i % 10 === 9 ? l.slice(1) : [...l.map((a, j) => (j === i % l.length ? { ...a, label: `v${i}` } : a)), ...(i % 4 === 0 ? [account(100 + i)] : [])]));
      await sim.round('A');
    }
    sim.service.deliverAll();
    const r = await sim.round('B');
    expect(r.changed).toBe(true);
    expect(sim.vault('B')).toBe(sim.vault('A'));
    await sim.settle();
    expect(sim.vault('B')).toBe(sim.vault('A'));
  }, 60_000);

  it('a passphrase change on one device: the other keeps its data, pauses, and resumes with the new passphrase', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    const a = sim.devices.get('A')!;
    const newKey = randomKey();
    const meta = await rotateKeyItem(a.meta, a.key, newKey, 'the new passphrase', FAST_KDF);
    sim.devices.set('A', { ...a, meta, key: newKey });
    sim.edit('A', (l) => [...l, account(2)]);
    sim.edit('B', (l) => [...l, account(3)]);
    await sim.round('A');
    sim.service.deliverAll();
    const paused = await sim.round('B');
    expect(paused.status.paused).toBe('newPassphrase');
    expect(paused.status.warnings).toEqual([]);
    expect(paused.writes).toBeNull();
    expect(sim.devices.get('B')!.accounts.map((a) => a.id).sort()).toEqual(['id-1', 'id-3']);
    // The old passphrase does not open the new key; the new one does, once.
    const remote = readKeyItem(sim.service.items('B')[KEY_ITEM]);
    await expect(openKeyItem(remote, PASS)).rejects.toThrow(new OttoError('wrongPassphrase'));
    const { key } = await openKeyItem(remote, 'the new passphrase');
    const b = sim.devices.get('B')!;
    sim.devices.set('B', { ...b, key, meta: { ...b.meta, key: remote } });
    await sim.settle();
    expect(sim.vault('A')).toBe(sim.vault('B'));
    expect(sim.devices.get('A')!.accounts.map((a) => a.id).sort()).toEqual(['id-1', 'id-2', 'id-3']);
  });

  it('items sealed with an old key are not merged once a device has rotated', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    const oldKey = sim.devices.get('A')!.key;
    const a = sim.devices.get('A')!;
    const newKey = randomKey();
    sim.devices.set('A', { ...a, key: newKey, meta: await rotateKeyItem(a.meta, oldKey, newKey, 'new', FAST_KDF) });
    await sim.round('A');
    // Someone who still knows the old key writes an "edit" into a bucket.
    const attacker: Device = { accounts: [account(1, { sites: ['https://evil.example'] })], meta: { ...emptyMeta(), key: a.meta.key }, key: oldKey };
    const forged = await syncRound({ ...attacker, meta: { ...attacker.meta, clocks: [{ id: 'id-1', rev: 40, digest: 'x', counter: 0 }] } }, {}, NOW, CHROME_LIMITS);
    sim.service.write('B', forged.writes!.set);
    sim.service.deliverAll();
    const r = await sim.round('A');
    expect(r.changed).toBe(false);
    expect(sim.devices.get('A')!.accounts[0]!.sites).toEqual(account(1).sites);
    expect(r.status.warnings.map((w) => w.code)).toContain('syncItemKey');
  });

  it('a foreign key item (another vault, or forged) pauses writing until the user chooses; replace puts ours back', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    const forged = await newDevice(randomKey(), [account(66)]);
    const item = { ...forged.meta.key!, epoch: 7 };
    sim.service.write('B', { [KEY_ITEM]: item });
    sim.service.deliverAll();
    const r = await sim.round('A');
    expect(r.status.paused).toBe('foreignKey');
    expect(r.writes).toBeNull();
    expect(sim.devices.get('A')!.accounts.map((a) => a.id)).toEqual(['id-1']);
    // "Replace the synced data with this browser's": our key one epoch above, endorsed by itself.
    const a = sim.devices.get('A')!;
    sim.devices.set('A', { ...a, meta: replaceKeyItem(a.meta, a.key, item) });
    const again = await sim.round('A');
    expect(again.status.paused).toBeUndefined();
    expect(readKeyItem(again.writes!.set[KEY_ITEM]).epoch).toBe(8);
    sim.service.deliverAll();
    // B (same key) accepts the reissued item and stays in sync.
    expect((await sim.round('B')).status.paused).toBeUndefined();
    expect(sim.devices.get('B')!.meta.key!.epoch).toBe(8);
  });

  it('a rolled-back or deleted key item is put back', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    sim.service.write('B', {}, [KEY_ITEM]);
    sim.service.deliverAll();
    const r = await sim.round('A');
    expect(r.writes!.set[KEY_ITEM]).toEqual(sim.devices.get('A')!.meta.key);
  });

  it('an item written by a newer Otto stops writes and changes nothing', async () => {
    const sim = await joinedPair([account(1)]);
    await sim.settle();
    const items = sim.service.items('A');
    const bucket = Object.keys(items).find((k) => k !== KEY_ITEM)!;
    sim.service.write('B', { [bucket]: { ...(items[bucket] as object), v: 2, more: 'fields' } });
    sim.service.deliverAll();
    sim.edit('A', (l) => [...l, account(2)]);
    const r = await sim.round('A');
    expect(r.status.paused).toBe('newerVersion');
    expect(r.writes).toBeNull();
    expect(r.status.warnings).toEqual([{ code: 'syncItemVersion', item: bucket }]);
    expect(sim.devices.get('A')!.accounts.map((a) => a.id)).toEqual(['id-1', 'id-2']);
  });
});

describe('whoever can write storage.sync (a content script) cannot change local accounts (property-based)', () => {
  type Tamper =
    | { kind: 'remove'; pick: number }
    | { kind: 'flip'; pick: number; at: number }
    | { kind: 'swap'; pick: number; other: number }
    | { kind: 'junk'; pick: number; value: unknown }
    | { kind: 'version'; pick: number }
    | { kind: 'clear' };
  const arbTamper: fc.Arbitrary<Tamper> = fc.oneof(
    fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('flip' as const), pick: fc.nat(), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), pick: fc.nat(), other: fc.nat() }),
    fc.record({ kind: fc.constant('junk' as const), pick: fc.nat(), value: fc.jsonValue() }),
    fc.record({ kind: fc.constant('version' as const), pick: fc.nat() }),
    fc.constant({ kind: 'clear' as const }),
  );

  it('removed, damaged, swapped or junk items leave every local account as it was', async () => {
    const sim = await joinedPair(Array.from({ length: 12 }, (_, i) => account(i, { type: i % 3 ? 'totp' : 'hotp', counter: i })));
    await sim.settle();
    const before = sim.vault('B');
    const clean = sim.service.items('A');
    const keys = Object.keys(clean).sort();
    await fc.assert(
      fc.asyncProperty(fc.array(arbTamper, { minLength: 1, maxLength: 6 }), async (tampers) => {
        const items: Record<string, unknown> = structuredClone(clean);
        for (const t of tampers) {
          const k = keys[('pick' in t ? t.pick : 0) % keys.length]!;
          if (t.kind === 'remove') delete items[k];
          else if (t.kind === 'clear') for (const key of Object.keys(items)) delete items[key];
          else if (t.kind === 'junk') items[k] = t.value;
          else if (t.kind === 'version' && items[k]) items[k] = { ...(items[k] as object), v: 2 };
          else if (t.kind === 'swap') items[k] = clean[keys[t.other % keys.length]!];
          else if (t.kind === 'flip' && items[k] && typeof items[k] === 'object') {
            const v = { ...(items[k] as Record<string, unknown>) };
            const field = Object.keys(v).filter((f) => typeof v[f] === 'string')[t.at % 3];
            const bytes = field ? fromBase64(v[field] as string) : null;
            if (field && bytes && bytes.length) {
              bytes[t.at % bytes.length]! ^= 1 << (t.at % 8);
              v[field] = toBase64(bytes);
              items[k] = v;
            }
          }
        }
        const r = await syncRound(sim.devices.get('B')!, items, NOW, CHROME_LIMITS);
        expect(vaultOf(r.device.accounts)).toBe(before);
        expect(r.removed + r.updated + r.added).toBe(0);
        // Every damaged item is reported by name, with a typed code.
        for (const w of r.status.warnings) expect(['syncItemParse', 'syncItemVersion', 'syncItemAuth', 'syncItemKey']).toContain(w.code);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('a damaged item is reported and then repaired by the next write', async () => {
    const sim = await joinedPair([account(1), account(2)]);
    await sim.settle();
    const items = sim.service.items('A');
    const bucket = Object.keys(items).find((k) => k !== KEY_ITEM)!;
    const v = items[bucket] as { data: string };
    const bytes = fromBase64(v.data)!;
    bytes[3]! ^= 0x10;
    sim.service.write('B', { [bucket]: { ...v, data: toBase64(bytes) } });
    sim.service.deliverAll();
    const r = await sim.round('A');
    expect(r.status.warnings).toEqual([{ code: 'syncItemAuth', item: bucket }]);
    expect(r.writes!.set[bucket]).toBeDefined();
    await sim.settle();
    expect(sim.last.get('B')!.status.warnings).toEqual([]);
  });
});
