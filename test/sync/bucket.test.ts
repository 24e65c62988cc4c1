import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../src/core/bytes';
import { deflate, inflate, openBucket, paddedLength, sealBucket, sealPacked, sealedItemBytes, packRecords } from '../../src/core/sync/bucket';
import { seal } from '../../src/core/sync/crypto';
import { aad, bucketOf, itemBytes, partKey, parsePartKey } from '../../src/core/sync/format';
import { recordOf, type SyncRecord } from '../../src/core/sync/records';
import { account, randomKey } from './helpers';

const key = randomKey();
const keys = new Map([[key.kid, key]]);
/** Accounts whose ids all hash to bucket `b`. */
function inBucket(b: string, n: number): SyncRecord[] {
  const out: SyncRecord[] = [];
  for (let i = 0; out.length < n; i++) if (bucketOf(`id-${i}`) === b) out.push(recordOf(account(i), 1));
  return out;
}

describe('bucket items', () => {
  it('open to the records they were sealed with', async () => {
    const records = [...inBucket('3', 4), { id: inBucket('3', 5)[4]!.id, rev: 2, counter: 0, deleted: 7 }];
    const item = await sealBucket('a3', records, key);
    const opened = await openBucket('a3', JSON.parse(JSON.stringify(item)), keys);
    expect(opened).toEqual({ ok: true, kid: key.kid, records });
  });

  it('use a fresh nonce at every write', async () => {
    const records = inBucket('3', 2);
    const a = await sealBucket('a3', records, key);
    const b = await sealBucket('a3', records, key);
    expect(a.nonce).not.toBe(b.nonce);
    expect(a.data).not.toBe(b.data);
  });

  it('hold nothing readable: no id, name or secret in the item', async () => {
    const item = JSON.stringify(await sealBucket('a3', inBucket('3', 3), key));
    for (const word of ['id-', 'Issuer', 'example', 'totp', 'SHA1']) expect(item).not.toContain(word);
  });

  it('count exactly what storage.sync counts', async () => {
    for (const n of [0, 1, 7, 30]) {
      const packed = await packRecords(inBucket('c', n));
      const item = await sealPacked('ac.2', packed, key);
      expect(sealedItemBytes('ac.2', key.kid, packed.length)).toBe(itemBytes('ac.2', item));
    }
  });

  describe('a tampered item is a problem, never an exception', () => {
    const sealed = () => sealBucket('a3', inBucket('3', 2), key);
    const flip = (b64: string, at: number) => {
      const bytes = fromBase64(b64)!;
      bytes[at % bytes.length]! ^= 1;
      return toBase64(bytes);
    };

    it('a changed ciphertext, nonce or key id fails authentication (or names an unknown key)', async () => {
      const item = await sealed();
      expect(await openBucket('a3', { ...item, data: flip(item.data, 5) }, keys)).toMatchObject({ ok: false, problem: 'auth' });
      expect(await openBucket('a3', { ...item, nonce: flip(item.nonce, 0) }, keys)).toMatchObject({ ok: false, problem: 'auth' });
      expect(await openBucket('a3', { ...item, kid: flip(item.kid, 0) }, keys)).toMatchObject({ ok: false, problem: 'key' });
    });

    it('an item moved to another key fails authentication', async () => {
      const item = await sealed();
      expect(await openBucket('a3.1', item, keys)).toMatchObject({ ok: false, problem: 'auth' });
      expect(await openBucket('a4', item, keys)).toMatchObject({ ok: false, problem: 'auth' });
    });

    it('an item sealed with another key names that key', async () => {
      const other = randomKey();
      const item = await sealBucket('a3', inBucket('3', 1), other);
      expect(await openBucket('a3', item, keys)).toEqual({ ok: false, problem: 'key', kid: other.kid });
    });

    it('an unknown version is reported as such', async () => {
      expect(await openBucket('a3', { ...(await sealed()), v: 2 }, keys)).toMatchObject({ ok: false, problem: 'version' });
    });

    it.each([
      ['null', null],
      ['a string', 'hello'],
      ['an array', []],
      ['an extra field', { extra: 1 }],
      ['non-canonical base64', { nonce: 'AAAAAAAAAAAAAAAA' + '=' }],
      ['a short nonce', { nonce: toBase64(new Uint8Array(8)) }],
      ['a version 0', { v: 0 }],
    ])('%s does not parse', async (_what, patch) => {
      const item = await sealed();
      const value = patch === null || typeof patch !== 'object' || Array.isArray(patch) ? patch : { ...item, ...patch };
      expect(await openBucket('a3', value, keys)).toMatchObject({ ok: false, problem: 'parse' });
    });

    it('authentic ciphertext of something that is not records does not parse', async () => {
      const sealAs = async (plain: Uint8Array) => {
        const s = await seal(key.recordKey, plain, aad({ item: 'a3', kid: key.kid }));
        return { v: 1, kid: key.kid, nonce: toBase64(s.nonce), data: toBase64(s.data) };
      };
      const padded = async (text: string) => {
        const z = await deflate(new TextEncoder().encode(text));
        const out = new Uint8Array(paddedLength(z.length));
        out.set(z);
        out[z.length] = 0x80;
        return out;
      };
      expect(await openBucket('a3', await sealAs(new Uint8Array(32)), keys)).toMatchObject({ problem: 'parse' });
      expect(await openBucket('a3', await sealAs(await padded('{"not":"a list"}')), keys)).toMatchObject({ problem: 'parse' });
      expect(await openBucket('a3', await sealAs(await padded('[{"id":"x"}]')), keys)).toMatchObject({ problem: 'parse' });
      // A valid record in the wrong bucket, and the same id twice.
      const elsewhere = JSON.stringify([{ id: inBucket('4', 1)[0]!.id, rev: 1, counter: 0, deleted: 1 }]);
      expect(await openBucket('a3', await sealAs(await padded(elsewhere)), keys)).toMatchObject({ problem: 'parse' });
      const one = { id: inBucket('3', 1)[0]!.id, rev: 1, counter: 0, deleted: 1 };
      expect(await openBucket('a3', await sealAs(await padded(JSON.stringify([one, one]))), keys)).toMatchObject({ problem: 'parse' });
    });
  });

  it('inflate stops at its limit instead of filling memory', async () => {
    const bomb = await deflate(new Uint8Array(4 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(8192);
    expect(await inflate(bomb)).toBeNull();
    expect((await inflate(bomb, 8 * 1024 * 1024))!.length).toBe(4 * 1024 * 1024);
    expect(await inflate(new Uint8Array([0xff, 0xff, 0xff]))).toBeNull();
  });

  it('names parts', () => {
    expect(partKey('3', 0)).toBe('a3');
    expect(partKey('f', 12)).toBe('af.12');
    expect(parsePartKey('af.12')).toEqual({ bucket: 'f', part: 12 });
    for (const bad of ['a', 'ag', 'a3.0', 'a3.01', 'key', 'A3', 'a3.1000']) expect(parsePartKey(bad)).toBeNull();
  });
});
