import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../src/core/base32';
import {
  compareRecords, digestOf, join, readRecord, recordOf, recordToJson, RecordFormatError, type SyncRecord,
} from '../../src/core/sync/records';
import { account, arbAccount } from './helpers';

const IDS = ['x'];
const arbRecord: fc.Arbitrary<SyncRecord> = fc.oneof(
  fc.tuple(arbAccount(IDS), fc.integer({ min: 1, max: 5 })).map(([a, rev]) => recordOf(a, rev)),
  fc.record({ id: fc.constant('x'), rev: fc.integer({ min: 1, max: 5 }), counter: fc.nat({ max: 50 }), deleted: fc.nat({ max: 10 }) }),
);
const canon = (r: SyncRecord) => JSON.stringify(recordToJson(r));

describe('join: the merge of two versions of one account', () => {
  it('is commutative, associative and idempotent', () => {
    fc.assert(
      fc.property(arbRecord, arbRecord, arbRecord, (a, b, c) => {
        expect(canon(join(a, b))).toBe(canon(join(b, a)));
        expect(canon(join(join(a, b), c))).toBe(canon(join(a, join(b, c))));
        expect(canon(join(a, a))).toBe(canon(a));
      }),
      { numRuns: 500 },
    );
  });

  it('never lowers an HOTP counter', () => {
    fc.assert(
      fc.property(arbRecord, arbRecord, (a, b) => {
        expect(join(a, b).counter).toBe(Math.max(a.counter, b.counter));
      }),
    );
  });

  it('orders by rev first, whatever the wall-clock times say', () => {
    const old = recordOf(account(1, { label: 'later edit', updated: 9e12 }), 2);
    const newer = recordOf(account(1, { label: 'edit', updated: 1 }), 3);
    expect(join(old, newer)).toBe(newer);
    expect(join(newer, old)).toBe(newer);
  });

  it('on equal rev keeps the live account over the tombstone', () => {
    const live = recordOf(account(1), 4);
    const dead: SyncRecord = { id: 'id-1', rev: 4, counter: 0, deleted: 123 };
    expect(join(live, dead).account).toBeDefined();
    expect(join(dead, live).account).toBeDefined();
    expect(join(dead, recordOf(account(1), 3)).account).toBeUndefined();
  });

  it('breaks a tie of rev by content digest, the same way on every device', () => {
    const a = recordOf(account(1, { label: 'A' }), 2);
    const b = recordOf(account(1, { label: 'B' }), 2);
    const winner = compareRecords(a, b) > 0 ? a : b;
    expect(join(a, b).account!.label).toBe(winner.account!.label);
    expect(join(b, a).account!.label).toBe(winner.account!.label);
    expect(compareRecords(a, b)).toBe(-compareRecords(b, a));
  });

  it('keeps the winner register and takes the other counter', () => {
    const edited = recordOf(account(1, { type: 'hotp', label: 'renamed', counter: 3 }), 5);
    const used = recordOf(account(1, { type: 'hotp', counter: 9 }), 4);
    const joined = join(edited, used);
    expect(joined.account!.label).toBe('renamed');
    expect(joined.counter).toBe(9);
    // The digest (tie-break) does not include the counter.
    expect(digestOf(joined)).toEqual(digestOf(edited));
  });
});

describe('readRecord', () => {
  const good = recordToJson(recordOf(account(1), 1)) as Record<string, unknown> & { account: Record<string, unknown> };

  it('reads back what was written', () => {
    fc.assert(
      fc.property(arbRecord, (r) => {
        expect(canon(readRecord(JSON.parse(canon(r))))).toBe(canon(r));
      }),
    );
  });

  it.each([
    ['an extra field', { ...good, extra: 1 }],
    ['no rev', { ...good, rev: undefined }],
    ['rev 0', { ...good, rev: 0 }],
    ['a fractional counter', { ...good, counter: 1.5 }],
    ['an empty id', { ...good, id: '' }],
    ['an overlong id', { ...good, id: 'x'.repeat(129) }],
    ['both account and deleted', { ...good, deleted: 1 }],
    ['a lower-case secret', { ...good, account: { ...good.account, secret: encodeBase32(account(1).secret).toLowerCase() } }],
    ['7 digits for Steam', { ...good, account: { ...good.account, type: 'steam', digits: 7 } }],
    ['a string period', { ...good, account: { ...good.account, period: '30' } }],
    ['sites not strings', { ...good, account: { ...good.account, sites: [1] } }],
    ['an account field missing', { ...good, account: { ...good.account, pinned: undefined } }],
  ])('refuses %s', (_what, x) => {
    expect(() => readRecord(JSON.parse(JSON.stringify(x)))).toThrow(RecordFormatError);
  });
});
