/**
 * The Java serialisation reader behind FreeOTP 2 imports: it reads what Java writes
 * (files from scripts/test-data/, written by an independent writer), and hostile streams
 * end in a typed error — never a crash, a hang or a stack overflow.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OttoError } from '../src/core/errors';
import { JAVA_LIMITS, decodeModifiedUtf8, readJavaHashMap, readJavaStream } from '../src/core/import/java-serial';
// The test-data writer (scripts/test-data/java-serial.mjs), not Otto's reader.
import { modifiedUtf8, serializeHashMap } from '../scripts/test-data/java-serial.mjs';

const file = (name: string) => new Uint8Array(readFileSync(path.resolve(__dirname, 'data/import', name)));
const bytes = (...parts: Array<number[] | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => [...p]));
const u16 = (n: number) => [n >> 8, n & 0xff];
const i32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const utf = (s: string) => [...u16(modifiedUtf8(s).length), ...modifiedUtf8(s)];
const str = (s: string) => [0x74, ...utf(s)];
const HEAD = [0xac, 0xed, 0x00, 0x05];

function typedError(e: unknown): boolean {
  return e instanceof OttoError && (e.code === 'dataTruncated' || e.code === 'dataMalformed');
}

describe('reading what Java writes', () => {
  it('reads FreeOTP 2 backups: strings and a boxed Boolean', () => {
    const entries = readJavaHashMap(file('freeotp2-sha1-restored.xml'));
    const map = new Map(entries);
    expect(map.get('restoreComplete')).toBe(true);
    expect(typeof map.get('masterKey')).toBe('string');
    expect(JSON.parse(map.get('masterKey') as string).mAlgorithm).toBe('PBKDF2withHmacSHA1');
    expect(entries.filter(([k]) => typeof k === 'string' && k.endsWith('-token'))).toHaveLength(3);
  });

  it('keeps every key and value of a map the writer made, in stream order', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ unit: 'binary', maxLength: 40 }), fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean())), { selector: ([k]) => k, maxLength: 30 }), (pairs) => {
        const got = readJavaHashMap(new Uint8Array(serializeHashMap(pairs)));
        const sorted = (xs: ReadonlyArray<readonly [unknown, unknown]>) => JSON.stringify([...xs].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
        expect(sorted(got)).toBe(sorted(pairs));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it('decodes modified UTF-8: U+0000 as C0 80, astral characters as surrogate pairs', () => {
    const text = 'a\u0000ü€🔑z';
    expect(decodeModifiedUtf8(new Uint8Array(modifiedUtf8(text)))).toBe(text);
    expect(() => decodeModifiedUtf8(new Uint8Array([0x00]))).toThrow(OttoError);
    expect(() => decodeModifiedUtf8(new Uint8Array([0xf0, 0x9f, 0x94, 0x91]))).toThrow(OttoError); // standard UTF-8 astral
    expect(() => decodeModifiedUtf8(new Uint8Array([0xc3]))).toThrow(OttoError);
  });

  it('follows references to strings written before', () => {
    // HashMap with one entry whose value is a reference to the key (handle 3: desc, map, key).
    const mapHead = [0x73, 0x72, ...utf('java.util.HashMap'), 5, 7, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03, 0, 2, 0x46, ...utf('loadFactor'), 0x49, ...utf('threshold'), 0x78, 0x70, 0x3f, 0x40, 0, 0, ...i32(12)];
    const stream = bytes(HEAD, mapHead, [0x77, 8, ...i32(16), ...i32(1)], str('same'), [0x71, ...i32(0x7e0002)], [0x78]);
    expect(readJavaHashMap(stream)).toEqual([['same', 'same']]);
    const wrong = bytes(HEAD, mapHead, [0x77, 8, ...i32(16), ...i32(1)], str('same'), [0x71, ...i32(0x7e0009)], [0x78]);
    expect(() => readJavaHashMap(wrong)).toThrow(OttoError);
  });

  it('reads a long string (TC_LONGSTRING)', () => {
    const long = 'x'.repeat(70_000);
    expect(readJavaStream(bytes(HEAD, [0x7c, 0, 0, 0, 0, ...i32(long.length)], modifiedUtf8(long)))).toBe(long);
  });
});

describe('hostile streams', () => {
  const expectTyped = (b: Uint8Array) => {
    let thrown: unknown;
    try {
      readJavaHashMap(b);
    } catch (e) {
      thrown = e;
    }
    expect(typedError(thrown), String(thrown)).toBe(true);
  };

  it.each([
    ['no magic', bytes([0xca, 0xfe, 0xba, 0xbe])],
    ['only the magic', bytes(HEAD)],
    ['a string, not a map', bytes(HEAD, str('hello'))],
    ['a 4 GB string length', bytes(HEAD, [0x7c, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [1, 2, 3])],
    ['a string longer than the file', bytes(HEAD, [0x74, 0xff, 0xff, 0x41])],
    ['an array', bytes(HEAD, [0x75, 0x72, ...utf('[B'), 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x78, 0x70, ...i32(0x7fffffff)])],
    ['an externalizable class', bytes(HEAD, [0x73, 0x72, ...utf('x.Ext'), 0, 0, 0, 0, 0, 0, 0, 0, 0x0c, 0, 0, 0x78, 0x70])],
    ['a proxy class', bytes(HEAD, [0x73, 0x7d, ...i32(1), ...utf('x.I'), 0x78, 0x70])],
    ['a reference before any handle', bytes(HEAD, [0x71, ...i32(0x7e0000)])],
    ['trailing bytes', bytes(HEAD, str('a'), [0x70])],
    ['an unknown field type', bytes(HEAD, [0x73, 0x72, ...utf('x.Y'), 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x51, ...utf('q'), 0x78, 0x70, 0])],
    ['a map whose size disagrees with its entries', bytes(HEAD, [0x73, 0x72, ...utf('java.util.HashMap'), 5, 7, 0xda, 0xc1, 0xc3, 0x16, 0x60, 0xd1, 0x03, 0, 0, 0x78, 0x70, 0x77, 8, ...i32(16), ...i32(1000), 0x78])],
  ])('%s', (_, b) => expectTyped(b));

  it('a class chain that refers to itself, or nests objects without end, stops at the bounds', { timeout: 60_000 }, () => {
    // Objects whose only field is an object, nested far deeper than the depth bound.
    const desc = [0x72, ...utf('x.Node'), 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x4c, ...utf('next'), 0x74, ...utf('Lx/Node;'), 0x78, 0x70];
    const nested: number[] = [...HEAD, 0x73, ...desc];
    for (let i = 0; i < 100_000; i++) nested.push(0x73, 0x71, ...i32(0x7e0000));
    nested.push(0x70);
    const started = performance.now();
    expectTyped(Uint8Array.from(nested));
    expect(performance.now() - started).toBeLessThan(5000);
    // A superclass descriptor that is the class itself.
    expectTyped(bytes(HEAD, [0x73, 0x72, ...utf('x.Loop'), 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0x78, 0x71, ...i32(0x7e0000)]));
  });

  it('a file over the size bound is refused before reading', () => {
    const big = new Uint8Array(JAVA_LIMITS.bytes + 1);
    big.set(HEAD);
    expectTyped(big);
  });

  it('every truncation of a real backup is a typed error', { timeout: 60_000 }, () => {
    const full = file('freeotp2-externalBackup.xml');
    for (let cut = 0; cut < full.length; cut += 7) expectTyped(full.subarray(0, cut));
  });

  it('random mutations give a map or a typed error', { timeout: 60_000 }, () => {
    const seedFile = file('freeotp2-sha1-restored.xml');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete')), { minLength: 1, maxLength: 8 }), (edits) => {
        const b = [...seedFile];
        for (const [at, v, op] of edits) {
          const i = at % (b.length || 1);
          if (op === 'set') b[i] = v;
          else if (op === 'insert') b.splice(i, 0, v);
          else b.splice(i, 1);
        }
        try {
          readJavaHashMap(Uint8Array.from(b));
        } catch (e) {
          if (!typedError(e)) throw e;
        }
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('random bytes after the magic give a typed error', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
        try {
          readJavaHashMap(bytes(HEAD, tail));
        } catch (e) {
          if (!typedError(e)) throw e;
        }
      }),
      { numRuns: 3000, seed: 5 },
    );
  });
});
