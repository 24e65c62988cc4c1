/**
 * The protobuf wire reader (src/core/protobuf.ts, over @bufbuild/protobuf) and the
 * migration parser on untrusted bytes. protobufjs, another maintained runtime (a dev
 * dependency, never bundled), is the independent oracle: on random, well-formed and
 * mutated messages both read the same fields and values, or both refuse — Otto always
 * with a typed OttoError, never another kind of throw. Hostile shapes (truncated and
 * overlong varints, huge lengths, wrong wire types, unbalanced and deeply nested groups)
 * each end in a typed error or a valid result within a bounded time.
 */
import fc from 'fast-check';
import protobuf from 'protobufjs/minimal.js';
import { describe, expect, it } from 'vitest';
import { OttoError } from '../src/core/errors';
import { parseMigrationBatch } from '../src/core/otpauth';
import { ProtoReader } from '../src/core/protobuf';

const { Reader, Writer } = protobuf;
type Item = [field: number, wireType: number, value: string];

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const READER_CODES = ['dataTruncated', 'dataMalformed'];

/** Otto's walk: varints as unsigned decimal, bytes as hex, everything else skipped. */
function walkOtto(bytes: Uint8Array): Item[] {
  const r = new ProtoReader(bytes);
  const out: Item[] = [];
  for (let f = r.next(); f; f = r.next()) {
    if (f.wireType === 0) out.push([f.field, 0, BigInt.asUintN(64, r.int64(f)).toString()]);
    else if (f.wireType === 2) out.push([f.field, 2, hex(r.bytes(f))]);
    else {
      r.skip(f);
      out.push([f.field, f.wireType, '']);
    }
  }
  return out;
}

/**
 * The oracle's walk with protobufjs's Reader (varints, bounds, fixed-width skips, byte
 * slices). The wire-format rules it applies itself: a tag is a uint32 varint of at most
 * 5 bytes with a field number ≥ 1 and a wire type ≤ 5; a length is a varint of at most
 * 5 bytes (protobufjs, like @bufbuild, would keep the low 32 bits of a longer one); a varint
 * has at most 10 bytes, skipped or read (protobufjs's skip, like @bufbuild's, has no bound); a group
 * ends with the end tag of its own field and nests at most 100 deep; an end tag outside a
 * group is an error.
 */
function walkOracle(bytes: Uint8Array): Item[] {
  const r = Reader.create(bytes);
  const out: Item[] = [];
  while (r.pos < r.len) {
    const [field, wireType] = oracleTag(r);
    if (wireType === 0) out.push([field, 0, r.uint64().toString()]);
    else if (wireType === 2) out.push([field, 2, hex(oracleBytes(r))]);
    else {
      oracleSkip(r, field, wireType, 0);
      out.push([field, wireType, '']);
    }
  }
  return out;
}

function oracleTag(r: protobuf.Reader): [number, number] {
  const start = r.pos;
  const tag = BigInt(r.uint64().toString());
  if (r.pos - start > 5 || tag > 0xffffffffn) throw new Error('tag overflows uint32');
  const field = Number(tag >> 3n);
  const wireType = Number(tag & 7n);
  if (field === 0 || wireType > 5) throw new Error('illegal tag');
  return [field, wireType];
}

function oracleBytes(r: protobuf.Reader): Uint8Array {
  const start = r.pos;
  const value = r.bytes();
  if (r.pos - start - value.length > 5) throw new Error('length overflows 32 bits');
  return value;
}

function oracleSkip(r: protobuf.Reader, field: number, wireType: number, depth: number): void {
  if (wireType === 0) r.uint64();
  else if (wireType === 2) oracleBytes(r);
  else if (wireType === 4) throw new Error('end group outside a group');
  else if (wireType !== 3) r.skipType(wireType);
  else {
    if (depth + 1 > 100) throw new Error('groups nested too deep');
    for (;;) {
      if (r.pos >= r.len) throw new Error('group not closed');
      const [f, w] = oracleTag(r);
      if (w === 4) {
        if (f !== field) throw new Error('end tag of another group');
        return;
      }
      oracleSkip(r, f, w, depth + 1);
    }
  }
}

/** Otto's outcome: the fields, or the code of the OttoError (anything else fails the test). */
function otto(bytes: Uint8Array): Item[] | string {
  try {
    return walkOtto(bytes);
  } catch (e) {
    if (!(e instanceof OttoError)) throw new Error(`untyped throw on ${hex(bytes)}`, { cause: e });
    expect(READER_CODES).toContain(e.code);
    return e.code;
  }
}

function agree(bytes: Uint8Array): void {
  let want: Item[] | null;
  try {
    want = walkOracle(bytes);
  } catch {
    want = null;
  }
  const got = otto(bytes);
  if (want) expect(got, `oracle reads ${hex(bytes)}`).toEqual(want);
  else expect(typeof got, `oracle refuses ${hex(bytes)}; Otto read ${JSON.stringify(got)}`).toBe('string');
}

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const fieldNo = fc.integer({ min: 1, max: 2 ** 29 - 1 });
type Node =
  | { kind: 'varint'; field: number; value: bigint }
  | { kind: 'fixed64'; field: number; value: bigint }
  | { kind: 'fixed32'; field: number; value: number }
  | { kind: 'bytes'; field: number; value: Uint8Array }
  | { kind: 'group'; field: number; value: Node[] };

/** Random well-formed messages, groups (nested up to 4 deep) included. */
const { message } = fc.letrec<{ message: Node[]; node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('varint' as const), field: fieldNo, value: u64 }),
    fc.record({ kind: fc.constant('bytes' as const), field: fieldNo, value: fc.uint8Array({ maxLength: 40 }) }),
    fc.record({ kind: fc.constant('fixed32' as const), field: fieldNo, value: fc.nat() }),
    fc.record({ kind: fc.constant('fixed64' as const), field: fieldNo, value: u64 }),
    fc.record({ kind: fc.constant('group' as const), field: fieldNo, value: tie('message') }),
  ),
  message: fc.array(tie('node'), { maxLength: 8, depthIdentifier: 'message' }),
}));

const tag = (w: protobuf.Writer, field: number, wireType: number) => w.uint32(field * 8 + wireType);
function writeNodes(w: protobuf.Writer, nodes: Node[]): protobuf.Writer {
  for (const n of nodes) {
    if (n.kind === 'varint') tag(w, n.field, 0).uint64(n.value.toString());
    else if (n.kind === 'bytes') tag(w, n.field, 2).bytes(n.value);
    else if (n.kind === 'fixed32') tag(w, n.field, 5).fixed32(n.value);
    else if (n.kind === 'fixed64') tag(w, n.field, 1).fixed64(n.value.toString());
    else tag(writeNodes(tag(w, n.field, 3), n.value), n.field, 4);
  }
  return w;
}
const write = (nodes: Node[]) => writeNodes(Writer.create(), nodes).finish();

/** Runs `fn` on `input` and fails if one input takes longer than `ms` (a hang or a blow-up). */
function bounded<T>(input: Uint8Array, fn: (b: Uint8Array) => T, ms = 2000): T {
  const t0 = performance.now();
  const out = fn(input);
  expect(performance.now() - t0, `${input.length}-byte input took too long`).toBeLessThan(ms);
  return out;
}

const repeat = (bytes: number[], times: number) => Uint8Array.from({ length: bytes.length * times }, (_, i) => bytes[i % bytes.length]!);
const concat = (...parts: Array<readonly number[] | Uint8Array>) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('protobuf reader against protobufjs', () => {
  it('reads well-formed random messages (groups included) exactly as the oracle does', { timeout: 120_000 }, () => {
    fc.assert(fc.property(message, (nodes) => agree(write(nodes))), { numRuns: 3000, seed: 3 });
  });

  it('agrees on random bytes: same fields, or both refuse (Otto with a typed error)', { timeout: 120_000 }, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), agree), { numRuns: 20_000, seed: 4 });
  });

  it('agrees on well-formed messages with a few bytes changed, cut or inserted', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'delete', 'cut')), { minLength: 1, maxLength: 4 }), (nodes, edits) => {
        const b = [...write(nodes)];
        for (const [at, v, op] of edits) {
          const i = b.length ? at % b.length : 0;
          if (op === 'set') b[i] = v;
          else if (op === 'insert') b.splice(i, 0, v);
          else if (op === 'delete') b.splice(i, 1);
          else b.length = i;
        }
        agree(Uint8Array.from(b));
      }),
      { numRuns: 5000, seed: 5 },
    );
  });
});

describe('hostile wire data: a typed error or a valid result, in bounded time', () => {
  const group = (field: number, depth: number) => concat(repeat([(field << 3) | 3], depth), repeat([(field << 3) | 4], depth));

  it('truncated varints, in tags, values and lengths', () => {
    for (const bytes of [[0x80], [0x08, 0x80], [0x08, 0xff, 0xff, 0xff], [0x0a, 0x80], [0x0a, 0xff, 0xff, 0xff, 0xff]]) {
      expect(otto(Uint8Array.from(bytes)), hex(Uint8Array.from(bytes))).toBe('dataTruncated');
    }
    expect(bounded(repeat([0x80], 1 << 20), otto)).toMatch(/^data(Malformed|Truncated)$/);
  });

  it('overlong varints: an 11-byte value, read or skipped, and a 6-byte tag are refused', () => {
    expect(otto(concat([0x08], repeat([0xff], 10), [0x01]))).toBe('dataMalformed');
    expect(otto(concat([0x4b, 0x08], repeat([0xff], 10), [0x01, 0x4c]))).toBe('dataMalformed');
    expect(otto(Uint8Array.from([0x88, 0x80, 0x80, 0x80, 0x80, 0x00, 0x01]))).toBe('dataMalformed');
  });

  it('lengths far beyond the data: 2^31 and 2^32 − 1 are cut short, 2^63 does not fit 32 bits', () => {
    const cases: Array<[number[], string]> = [
      [[0x80, 0x80, 0x80, 0x80, 0x08], 'dataTruncated'],
      [[0xff, 0xff, 0xff, 0xff, 0x0f], 'dataTruncated'],
      // the runtime alone would read this length as 0 and the claimed bytes [10 03] as field 2
      [[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], 'dataMalformed'],
    ];
    for (const [length, code] of cases) {
      for (const at of [[], [0x4b], [0x4b, 0x4b]]) {
        const bytes = concat(at, [0x0a], length, [0x10, 0x03]); // also inside unknown groups
        expect(otto(bytes), hex(bytes)).toBe(code);
      }
      const entry = concat([0x0a], length, [0x10, 0x03]);
      expect(() => parseMigrationBatch(`otpauth-migration://offline?data=${Buffer.from(entry).toString('base64')}`)).toThrow(
        expect.objectContaining({ code: 'migrationInvalid', cause: expect.objectContaining({ code }) }),
      );
    }
  });

  it('wire types: 6 and 7 never exist, a stray end-group is refused, a known field of the wrong type too', () => {
    expect(otto(Uint8Array.from([0x0e]))).toBe('dataMalformed');
    expect(otto(Uint8Array.from([0x0f]))).toBe('dataMalformed');
    expect(otto(Uint8Array.from([0x0c]))).toBe('dataMalformed');
    // field 1 of an entry is the secret (bytes): sent as a varint, the entry is malformed
    const entry = Uint8Array.from([0x08, 0x01]);
    const payload = concat([0x0a, entry.length], entry);
    expect(() => parseMigrationBatch(`otpauth-migration://offline?data=${Buffer.from(payload).toString('base64')}`)).toThrow(
      expect.objectContaining({ code: 'migrationInvalid', cause: expect.objectContaining({ code: 'dataMalformed' }) }),
    );
  });

  it('groups: unknown groups up to 100 deep are skipped; 101 deep, unbalanced or mismatched are refused', () => {
    expect(otto(concat(group(9, 100), [0x08, 0x05]))).toEqual([
      [9, 3, ''],
      [1, 0, '5'],
    ]);
    expect(otto(group(9, 101))).toBe('dataMalformed');
    expect(otto(Uint8Array.from([0x4b, 0x08, 0x01]))).toBe('dataTruncated'); // never closed
    expect(otto(Uint8Array.from([0x4b, 0x54]))).toBe('dataMalformed'); // opened as 9, closed as 10
  });

  it('a megabyte of deep nesting or of tiny fields is read or refused in bounded time', { timeout: 60_000 }, () => {
    const deep = group(9, 1 << 19);
    const opens = repeat([(9 << 3) | 3], 1 << 20);
    const fixed = repeat([0x0d, 1, 2, 3, 4], 1 << 18);
    const entries = repeat([0x0a, 0x00], 1 << 16); // 65,536 empty entries: each one skipped with its reason
    const uri = `otpauth-migration://offline?data=${Buffer.from(entries).toString('base64')}`;
    expect(bounded(deep, otto)).toBe('dataMalformed');
    expect(bounded(opens, otto)).toBe('dataMalformed');
    expect(bounded(fixed, otto)).toHaveLength(1 << 18);
    expect(() => bounded(entries, () => parseMigrationBatch(uri), 10_000)).toThrow(expect.objectContaining({ code: 'migrationEmpty' }));
  });

  it('random hostile compositions of these pieces', { timeout: 120_000 }, () => {
    const piece = fc.oneof<fc.Arbitrary<readonly number[]>[]>(
      fc.constant([0x80]),
      fc.constant([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
      fc.constant([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]),
      fc.constant([0x4b]),
      fc.constant([0x4c]),
      fc.constant([0x0e]),
      fc.integer({ min: 1, max: 150 }).map((d) => [...group(9, d)]),
      fc.uint8Array({ maxLength: 8 }).map((b) => [...b]),
      message.map((m) => [...write(m)]),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const bytes = concat(...pieces);
        agree(bytes);
        bounded(bytes, (b) => {
          try {
            parseMigrationBatch(`otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(b).toString('base64'))}`);
          } catch (e) {
            expect(e, String(e)).toBeInstanceOf(OttoError);
          }
        });
      }),
      { numRuns: 3000, seed: 9 },
    );
  });
});

describe('Google Authenticator payloads written by protobufjs', () => {
  const ALG = ['SHA1', 'SHA1', 'SHA256', 'SHA512'] as const;
  const entry = fc.record({
    secret: fc.uint8Array({ minLength: 10, maxLength: 64 }),
    name: fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes(':') && s.trim() === s && s !== ''),
    issuer: fc.string({ maxLength: 20 }).filter((s) => !s.includes(':') && s.trim() === s),
    algorithm: fc.integer({ min: 0, max: 3 }),
    digits: fc.integer({ min: 0, max: 2 }),
    type: fc.integer({ min: 1, max: 2 }),
    counter: fc.bigInt({ min: 0n, max: 2n ** 53n - 1n }),
  });
  type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;

  function payload(entries: Entry[], batchId: number, extra: Node[]): Uint8Array {
    const w = Writer.create();
    for (const e of entries) {
      tag(w, 1, 2).fork();
      tag(w, 1, 2).bytes(e.secret);
      tag(w, 2, 2).string(e.name);
      tag(w, 3, 2).string(e.issuer);
      tag(w, 4, 0).int32(e.algorithm);
      tag(w, 5, 0).int32(e.digits);
      tag(w, 6, 0).int32(e.type);
      if (e.type === 1) tag(w, 7, 0).int64(e.counter.toString());
      writeNodes(w, extra.map((n) => ({ ...n, field: 100 + n.field }))); // fields a later version might add
      w.ldelim();
    }
    tag(w, 2, 0).int32(1);
    tag(w, 3, 0).int32(1);
    tag(w, 5, 0).int32(batchId);
    return w.finish();
  }
  const uriOf = (b: Uint8Array) => `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(b).toString('base64'))}`;

  it('gives back every account with its values; unknown fields and groups change nothing', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), message, (entries, batchId, extra) => {
        const batch = parseMigrationBatch(uriOf(payload(entries, batchId, extra)));
        expect(batch.batchId).toBe(batchId);
        expect(batch.accounts.map((a) => [a.type, hex(a.secret), a.label, a.issuer, a.algorithm, a.digits, a.type === 'hotp' ? a.counter : 0])).toEqual(
          entries.map((e) => [e.type === 1 ? 'hotp' : 'totp', hex(e.secret), e.name, e.issuer, ALG[e.algorithm], e.digits === 2 ? 8 : 6, e.type === 1 ? Number(e.counter) : 0]),
        );
      }),
      { numRuns: 500, seed: 6 },
    );
  });

  it('valid payloads with bytes changed, cut or inserted give a batch or a typed error', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'cut')), { minLength: 1, maxLength: 3 }), (entries, edits) => {
        const b = [...payload(entries, 1, [])];
        for (const [at, v, op] of edits) {
          const i = at % b.length;
          if (op === 'set') b[i] = v;
          else if (op === 'insert') b.splice(i, 0, v);
          else b.length = Math.max(1, i);
        }
        try {
          const batch = parseMigrationBatch(uriOf(Uint8Array.from(b)));
          expect(batch.accounts.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(OttoError);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('random payloads give a batch or a typed error', { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseMigrationBatch(uriOf(bytes));
        } catch (e) {
          expect(e, String(e)).toBeInstanceOf(OttoError);
        }
      }),
      { numRuns: 5000, seed: 8 },
    );
  });
});
