import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/core/account';
import { TOMBSTONE_LIFETIME_MS } from '../../src/core/sync/format';
import { applyRemote, merge, stamp } from '../../src/core/sync/merge';
import { emptyMeta, readSyncMeta, type SyncMeta } from '../../src/core/sync/meta';
import { recordOf, recordToJson, type SyncRecord } from '../../src/core/sync/records';
import { NOW, account, arbAccount, vaultOf } from './helpers';

const canonSet = (set: Map<string, SyncRecord>) =>
  JSON.stringify([...set.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map(recordToJson));

describe('stamp: local edits become logical-clock increments', () => {
  it('gives new accounts rev 1 and leaves unchanged ones alone', () => {
    const first = stamp([account(1), account(2)], emptyMeta(), NOW);
    expect([...first.records.values()].map((r) => r.rev)).toEqual([1, 1]);
    const again = stamp([account(1), account(2)], first.meta, NOW);
    expect(again.meta).toEqual(first.meta);
  });

  it('bumps rev once per stamp for an edited account, not for a counter change', () => {
    const first = stamp([account(1, { type: 'hotp' })], emptyMeta(), NOW);
    const used = stamp([account(1, { type: 'hotp', counter: 5 })], first.meta, NOW);
    expect(used.records.get('id-1')!.rev).toBe(1);
    expect(used.records.get('id-1')!.counter).toBe(5);
    const renamed = stamp([account(1, { type: 'hotp', label: 'new' })], used.meta, NOW);
    expect(renamed.records.get('id-1')!.rev).toBe(2);
  });

  it('turns a removed account into a tombstone one rev above, and an undo into a live rev above that', () => {
    const first = stamp([account(1)], emptyMeta(), NOW);
    const gone = stamp([], first.meta, NOW);
    expect(gone.records.get('id-1')).toEqual({ id: 'id-1', rev: 2, counter: 0, deleted: NOW });
    const back = stamp([account(1)], gone.meta, NOW);
    expect(back.records.get('id-1')!.rev).toBe(3);
    expect(back.records.get('id-1')!.account).toBeDefined();
    expect(back.meta.tombstones).toEqual([]);
  });

  it('gives a tombstone the HOTP counter of the last save, so a concurrent edit cannot bring a used code back', () => {
    const first = stamp([account(1, { type: 'hotp' })], emptyMeta(), NOW);
    const used = stamp([account(1, { type: 'hotp', counter: 1 })], first.meta, NOW);
    const gone = stamp([], used.meta, NOW);
    expect(gone.records.get('id-1')).toMatchObject({ rev: 2, counter: 1 });
    // Another device renamed it without seeing the deletion (same rev: the live edit wins), with counter 0.
    const elsewhere = recordOf(account(1, { type: 'hotp', label: 'renamed' }), 2);
    const r = applyRemote([], gone.meta, [elsewhere], NOW);
    expect(r.accounts[0]).toMatchObject({ label: 'renamed', counter: 1 });
  });

  it('forgets tombstones after 180 days', () => {
    const first = stamp([account(1)], emptyMeta(), NOW);
    const gone = stamp([], first.meta, NOW);
    expect(stamp([], gone.meta, NOW + TOMBSTONE_LIFETIME_MS - 1).meta.tombstones).toHaveLength(1);
    expect(stamp([], gone.meta, NOW + TOMBSTONE_LIFETIME_MS + 1).meta.tombstones).toHaveLength(0);
  });

  it('writes metadata that reads back strictly', () => {
    const s = stamp([account(1), account(2)], emptyMeta(), NOW);
    const gone = stamp([account(2)], s.meta, NOW);
    expect(readSyncMeta(JSON.parse(JSON.stringify(gone.meta)))).toEqual(gone.meta);
    expect(() => readSyncMeta({ ...gone.meta, extra: 1 })).toThrow('syncMetaInvalid');
    expect(() => readSyncMeta({ ...gone.meta, clocks: [...gone.meta.clocks, ...gone.meta.clocks] })).toThrow('syncMetaInvalid');
  });
});

describe('applyRemote', () => {
  const base = () => {
    const accounts = [account(1), account(2), account(3)];
    return { accounts, meta: stamp(accounts, emptyMeta(), NOW).meta };
  };

  it('never deletes an account because its record is absent', () => {
    const { accounts, meta } = base();
    const r = applyRemote(accounts, meta, [], NOW);
    expect(vaultOf(r.accounts)).toBe(vaultOf(accounts));
    expect(r.removed).toBe(0);
  });

  it('deletes only for a tombstone that wins', () => {
    const { accounts, meta } = base();
    const older = applyRemote(accounts, meta, [{ id: 'id-2', rev: 1, counter: 0, deleted: NOW }], NOW);
    expect(older.accounts.map((a) => a.id)).toEqual(['id-1', 'id-2', 'id-3']);
    const newer = applyRemote(accounts, meta, [{ id: 'id-2', rev: 2, counter: 0, deleted: NOW }], NOW);
    expect(newer.accounts.map((a) => a.id)).toEqual(['id-1', 'id-3']);
    expect(newer.removed).toBe(1);
  });

  it('keeps the local order and adds new accounts at the end, oldest first', () => {
    const { accounts, meta } = base();
    const incoming = [recordOf(account(9, { created: 5 }), 1), recordOf(account(8, { created: 7 }), 1)];
    const r = applyRemote([...accounts].reverse(), meta, incoming, NOW);
    expect(r.accounts.map((a) => a.id)).toEqual(['id-3', 'id-2', 'id-1', 'id-9', 'id-8']);
    expect(r.added).toBe(2);
  });

  it('keeps a local edit made after the last sync against an older remote edit', () => {
    const { meta } = base();
    const local = [account(1, { label: 'mine' }), account(2), account(3)];
    const remote = recordOf(account(1, { label: 'theirs' }), 1);
    expect(applyRemote(local, meta, [remote], NOW).accounts[0]!.label).toBe('mine');
  });

  it('takes the larger HOTP counter from either side', () => {
    const accounts = [account(1, { type: 'hotp', counter: 4 })];
    const meta = stamp(accounts, emptyMeta(), NOW).meta;
    const r = applyRemote(accounts, meta, [recordOf(account(1, { type: 'hotp', counter: 2, label: 'x' }), 2)], NOW);
    expect(r.accounts[0]).toMatchObject({ label: 'x', counter: 4 });
  });
});

describe('convergence (property-based)', () => {
  const IDS = ['a', 'b', 'c', 'd'];
  const arbChange: fc.Arbitrary<SyncRecord> = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(arbAccount(IDS), fc.integer({ min: 1, max: 4 })).map(([a, rev]) => recordOf(a, rev)) },
    { weight: 1, arbitrary: fc.record({ id: fc.constantFrom(...IDS), rev: fc.integer({ min: 1, max: 4 }), counter: fc.nat({ max: 9 }), deleted: fc.constant(NOW) }) },
  );

  it('any order and any grouping of the same changes gives the same records', () => {
    fc.assert(
      fc.property(fc.array(arbChange, { maxLength: 24 }), fc.infiniteStream(fc.nat()), (changes, rnd) => {
        const shuffled = [...changes];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = rnd.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const cut = changes.length > 0 ? rnd.next().value % changes.length : 0;
        const grouped = merge(merge(shuffled.slice(0, cut)).values(), merge(shuffled.slice(cut)).values(), shuffled.slice(0, 3));
        expect(canonSet(grouped)).toBe(canonSet(merge(changes)));
      }),
      { numRuns: 300 },
    );
  });

  it('devices that receive the same changes in different orders and batches end with the same vault', () => {
    fc.assert(
      fc.property(
        fc.array(arbAccount(IDS), { maxLength: 3 }),
        fc.array(arbChange, { maxLength: 20 }),
        fc.array(fc.array(fc.nat(), { maxLength: 20 }), { minLength: 3, maxLength: 3 }),
        (start, changes, orders) => {
          const results = orders.map((order) => {
            // Every device starts from the same vault and receives every change, in its own order and batches.
            let accounts: Account[] = dedupe(start);
            let meta: SyncMeta = stamp(accounts, emptyMeta(), NOW).meta;
            const queue = [...changes];
            for (const n of order) {
              if (queue.length === 0) break;
              const batch = queue.splice(n % queue.length, 1 + (n % 3));
              ({ accounts, meta } = applyRemote(accounts, meta, batch, NOW));
            }
            ({ accounts, meta } = applyRemote(accounts, meta, queue, NOW));
            return { vault: vaultOf(accounts), meta: JSON.stringify(meta) };
          });
          expect(results[1]).toEqual(results[0]);
          expect(results[2]).toEqual(results[0]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

function dedupe(accounts: Account[]): Account[] {
  return [...new Map(accounts.map((a) => [a.id, a])).values()];
}
