import { describe, expect, it } from 'vitest';
import { readArea, remoteRecords } from '../../src/core/sync/area';
import { CHROME_LIMITS, QUOTA_MARGIN, itemBytes, parsePartKey, type SyncLimits } from '../../src/core/sync/format';
import { applyRemote, stamp } from '../../src/core/sync/merge';
import { emptyMeta } from '../../src/core/sync/meta';
import { plan } from '../../src/core/sync/plan';
import { account, randomKey, realisticAccount } from './helpers';
import type { Account } from '../../src/core/account';

const key = randomKey();
const keys = new Map([[key.kid, key]]);
const NOW = 1_750_000_000_000;

/** Plans from scratch (or over `items`) and returns the items as they would be afterwards. */
async function publish(accounts: Account[], items: Record<string, unknown> = {}, limits: SyncLimits = CHROME_LIMITS) {
  const view = await readArea(items, keys);
  const { records } = applyRemote(accounts, stamp(accounts, emptyMeta(), NOW).meta, remoteRecords(view), NOW);
  const p = await plan({ records, view, key, limits });
  const after = { ...items, ...p.set };
  for (const k of p.remove) delete after[k];
  return { plan: p, after };
}

const total = (items: Record<string, unknown>) => Object.entries(items).reduce((n, [k, v]) => n + itemBytes(k, v), 0);

describe('plan', () => {
  it('fits 200 realistic accounts within Chrome\'s quota, every item within its limit', async () => {
    const accounts = Array.from({ length: 200 }, (_, i) => realisticAccount(i));
    const { plan: p, after } = await publish(accounts);
    expect(p.unsynced).toEqual([]);
    expect(total(after)).toBe(p.bytes);
    expect(p.bytes).toBeLessThan(CHROME_LIMITS.quotaBytes - QUOTA_MARGIN);
    for (const [k, v] of Object.entries(after)) expect(itemBytes(k, v)).toBeLessThanOrEqual(CHROME_LIMITS.quotaBytesPerItem);
    const view = await readArea(after, keys);
    expect(new Set(remoteRecords(view).map((r) => r.id))).toEqual(new Set(accounts.map((a) => a.id)));
  });

  it('writes nothing when storage.sync already holds what the device knows', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => account(i));
    const first = await publish(accounts);
    const again = await publish(accounts, first.after);
    expect(again.plan.set).toEqual({});
    expect(again.plan.remove).toEqual([]);
  });

  it('rewrites only the bucket of an edited account', async () => {
    const accounts = Array.from({ length: 40 }, (_, i) => account(i));
    const first = await publish(accounts);
    const meta = stamp(accounts, emptyMeta(), NOW).meta;
    const edited = accounts.map((a, i) => (i === 7 ? { ...a, label: 'renamed' } : a));
    const view = await readArea(first.after, keys);
    const { records } = applyRemote(edited, meta, remoteRecords(view), NOW);
    const p = await plan({ records, view, key, limits: CHROME_LIMITS });
    expect(Object.keys(p.set)).toHaveLength(1);
  });

  it('splits a bucket into parts that each fit, and removes parts a bucket no longer needs', async () => {
    const limits = { ...CHROME_LIMITS, quotaBytesPerItem: 700 };
    const accounts = Array.from({ length: 80 }, (_, i) => account(i));
    const big = await publish(accounts, {}, limits);
    const parts = Object.keys(big.after).filter((k) => parsePartKey(k)!.part > 0);
    expect(parts.length).toBeGreaterThan(0);
    for (const [k, v] of Object.entries(big.after)) expect(itemBytes(k, v)).toBeLessThanOrEqual(700);
    const view = await readArea(big.after, keys);
    expect(remoteRecords(view)).toHaveLength(80);
    // Most accounts deleted: their buckets shrink to fewer parts; tombstones are small.
    const few = accounts.slice(0, 2);
    const meta = stamp(accounts, emptyMeta(), NOW).meta;
    const { records } = applyRemote(few, meta, remoteRecords(view), NOW);
    const p = await plan({ records, view, key, limits });
    expect(p.remove.length).toBeGreaterThan(0);
    for (const k of p.remove) expect(k in big.after).toBe(true);
  });

  it('when full, keeps what is synced, admits new accounts oldest first and reports the rest', async () => {
    const limits = { ...CHROME_LIMITS, quotaBytes: 4_000 + QUOTA_MARGIN };
    const accounts = Array.from({ length: 60 }, (_, i) => account(i, { created: 1000 + i }));
    const { plan: p, after } = await publish(accounts, {}, limits);
    expect(p.unsynced.length).toBeGreaterThan(0);
    expect(p.unsynced.length).toBeLessThan(60);
    expect(total(after)).toBeLessThanOrEqual(4_000);
    const synced = new Set(remoteRecords(await readArea(after, keys)).map((r) => r.id));
    // Oldest first: every synced account is older than every unsynced one.
    const createdOf = (id: string) => accounts.find((a) => a.id === id)!.created;
    expect(Math.max(...[...synced].map(createdOf))).toBeLessThan(Math.min(...p.unsynced.map(createdOf)));
    // The next round changes nothing: no ping-pong at the edge of the quota.
    const again = await publish(accounts, after, limits);
    expect(again.plan.set).toEqual({});
    expect(again.plan.unsynced).toEqual(p.unsynced);
  });

  it('an account too large for one item stays local and is reported', async () => {
    const limits = { ...CHROME_LIMITS, quotaBytesPerItem: 600 };
    const huge = account(1, { sites: Array.from({ length: 30 }, (_, i) => `https://s${i}-${'x'.repeat(20)}.example`), secret: crypto.getRandomValues(new Uint8Array(300)) });
    const { plan: p } = await publish([huge, account(2)], {}, limits);
    expect(p.unsynced).toEqual(['id-1']);
  });

  it('rewrites a damaged part from the device\'s own records', async () => {
    const accounts = Array.from({ length: 10 }, (_, i) => account(i));
    const { after } = await publish(accounts);
    const victim = Object.keys(after)[0]!;
    const { plan: p } = await publish(accounts, { ...after, [victim]: { v: 1, junk: true } });
    expect(Object.keys(p.set)).toEqual([victim]);
  });
});
