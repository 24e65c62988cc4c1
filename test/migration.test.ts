import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AccountDraft, validateDraft } from '../src/core/account';
import { encodeBase32 } from '../src/core/base32';
import { OttoError } from '../src/core/errors';
import { parseMigrationBatch, parseMigrationUri } from '../src/core/otpauth';

// The Google Authenticator export made by scripts/test-data/formats/google.mjs: two QR
// codes of one batch (negative batch id; the first percent-encoded, the second with raw
// `+` and `/`), HOTP and an "Issuer:account" name with an empty issuer field.
const DATA = path.resolve(__dirname, 'data/import');
type Entry = Record<string, string | number>;
const EXPECTED = (JSON.parse(readFileSync(path.join(DATA, 'expected.json'), 'utf8')) as Record<string, { entries: Entry[] }>)['google-migration.txt']!.entries;
const URIS = readFileSync(path.join(DATA, 'google-migration.txt'), 'utf8').split(/\r?\n/).filter(Boolean);

function normalised(d: AccountDraft): Entry {
  const { type, issuer, label: name, algorithm, digits } = d;
  const entry = { type, issuer, name, secret: encodeBase32(d.secret), algorithm, digits };
  return type === 'hotp' ? { ...entry, counter: d.counter } : { ...entry, period: d.period };
}

describe('a Google Authenticator export (test/data)', () => {
  it('gives exactly the expected accounts, with the issuer split off "Issuer:account" names', () => {
    const accounts = URIS.flatMap(parseMigrationUri);
    for (const d of accounts) {
      expect(d.sites).toEqual([]);
      expect(() => validateDraft(d)).not.toThrow();
    }
    expect(accounts.map(normalised)).toEqual(EXPECTED);
  });

  it('reads batch fields, including a negative batch id in a 10-byte varint', () => {
    const [first, second] = URIS.map(parseMigrationBatch);
    expect([first!.batchIndex, first!.batchSize, second!.batchIndex, second!.batchSize]).toEqual([0, 2, 1, 2]);
    expect(first!.batchId).toBeLessThan(0);
    expect(second!.batchId).toBe(first!.batchId);
    expect(first!.skipped).toEqual([]);
  });

  it('never turns a raw + into a space, and tolerates %2B, missing padding and a form-decoded +', () => {
    const uri = URIS[1]!;
    expect(uri).toContain('+');
    const want = parseMigrationUri(uri);
    expect(want).toHaveLength(2);
    const [head, data] = uri.split('?data=') as [string, string];
    expect(parseMigrationUri(`${head}?data=${encodeURIComponent(data)}`)).toEqual(want);
    expect(parseMigrationUri(uri.replace(/=+$/, ''))).toEqual(want);
    expect(parseMigrationUri(uri.replace(/\+/g, '%20'))).toEqual(want);
  });

  it.each([
    ['data that is not a payload', 'otpauth-migration://offline?data=XXXX'],
    ['a prefix before the URI', `QR-Code:${URIS[0]}`],
  ])('rejects %s', (_, uri) => {
    expect(() => parseMigrationUri(uri)).toThrow(OttoError);
    expect(() => parseMigrationBatch(uri)).toThrow(/^migration/);
  });
});

// A tiny protobuf writer for synthetic payloads.
function varint(n: bigint): number[] {
  let v = BigInt.asUintN(64, n);
  const out: number[] = [];
  do {
    out.push(Number(v & 0x7fn) | (v > 0x7fn ? 0x80 : 0));
    v >>= 7n;
  } while (v > 0n);
  return out;
}
const tag = (field: number, wire: number): number[] => varint(BigInt((field << 3) | wire));
const intField = (field: number, n: number | bigint): number[] => [...tag(field, 0), ...varint(BigInt(n))];
const bytesField = (field: number, b: number[] | Uint8Array | string): number[] => {
  const bytes = typeof b === 'string' ? [...new TextEncoder().encode(b)] : [...b];
  return [...tag(field, 2), ...varint(BigInt(bytes.length)), ...bytes];
};
const SECRET = [0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef];
function entry(fields: { name?: string; issuer?: string; algorithm?: number; digits?: number; type?: number; counter?: number | bigint; extra?: number[] } = {}): number[] {
  const body = [
    ...bytesField(1, SECRET),
    ...bytesField(2, fields.name ?? 'alice'),
    ...bytesField(3, fields.issuer ?? 'Example'),
    ...intField(4, fields.algorithm ?? 1),
    ...intField(5, fields.digits ?? 1),
    ...intField(6, fields.type ?? 2),
    ...(fields.counter !== undefined ? intField(7, fields.counter) : []),
    ...(fields.extra ?? []),
  ];
  return bytesField(1, body);
}
const toUri = (payload: number[]): string => `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`;

describe('synthetic payloads', () => {
  it('maps the enums and reads a 64-bit counter exactly', () => {
    const accounts = parseMigrationUri(toUri([
      ...entry({ algorithm: 0, digits: 0, type: 0 }),
      ...entry({ algorithm: 2, digits: 2, type: 1, counter: 2 ** 40 + 3 }),
      ...entry({ algorithm: 3, digits: 1, type: 2 }),
    ]));
    expect(accounts.map((d) => [d.type, d.algorithm, d.digits, d.period, d.counter])).toEqual([
      ['totp', 'SHA1', 6, 30, 0],
      ['hotp', 'SHA256', 8, 30, 2 ** 40 + 3],
      ['totp', 'SHA512', 6, 30, 0],
    ]);
    expect(accounts[0]!.secret).toEqual(Uint8Array.from(SECRET));
  });

  it('skips unknown fields of every wire type, at both levels', () => {
    const unknown = [...intField(9, 12345), ...tag(10, 1), 1, 2, 3, 4, 5, 6, 7, 8, ...bytesField(11, 'x'), ...tag(12, 5), 1, 2, 3, 4];
    const batch = parseMigrationBatch(toUri([...unknown, ...entry({ extra: unknown }), ...intField(2, 1), ...intField(5, -1)]));
    expect(batch.accounts).toHaveLength(1);
    expect(batch.batchId).toBe(-1);
  });

  it('leaves out MD5 and unknown-enum entries, saying which, and keeps the rest', () => {
    const batch = parseMigrationBatch(toUri([
      ...entry({ name: 'md5', algorithm: 4 }),
      ...entry({ name: 'good' }),
      ...entry({ name: 'odd-digits', digits: 3 }),
      ...entry({ name: 'odd-type', type: 7 }),
      ...entry({ name: 'neg', type: 1, counter: -5 }),
      ...entry({ name: 'huge', type: 1, counter: 2n ** 53n }),
    ]));
    expect(batch.accounts.map((d) => d.label)).toEqual(['good']);
    expect(batch.skipped).toHaveLength(5);
    expect(batch.skipped[0]).toEqual({ kind: 'entry', position: 1, name: 'Example: md5', reason: { code: 'algorithmUnsupported', params: { algorithm: 'MD5' } } });
    expect(batch.skipped.map((s) => s.reason.code)).toEqual(['algorithmUnsupported', 'migrationUnknownParams', 'migrationUnknownParams', 'migrationCounterRange', 'migrationCounterRange']);
    expect(batch.skipped[4]).toMatchObject({ position: 6, name: 'Example: huge' });
  });

  it('throws the reason when no entry is usable', () => {
    expect(() => parseMigrationUri(toUri(entry({ algorithm: 4 })))).toThrow(new OttoError('migrationEmpty', {}, new OttoError('algorithmUnsupported', { algorithm: 'MD5' })));
    expect(() => parseMigrationUri(toUri(intField(2, 1)))).toThrow(new OttoError('migrationEmpty'));
  });

  it.each([
    ['truncated', toUri(entry()).slice(0, -8), new OttoError('migrationInvalid', {}, new OttoError('dataTruncated'))],
    ['a length past the end', toUri([...tag(1, 2), 50, 1, 2]), new OttoError('migrationInvalid', {}, new OttoError('dataTruncated'))],
    ['an overlong varint', toUri([...tag(2, 0), ...Array(10).fill(0xff), 1]), new OttoError('migrationInvalid', {}, new OttoError('dataMalformed'))],
    ['a group that never ends', toUri([...tag(2, 3)]), new OttoError('migrationInvalid', {}, new OttoError('dataTruncated'))],
    ['an end-group tag outside a group', toUri([...tag(2, 4)]), new OttoError('migrationInvalid', {}, new OttoError('dataMalformed'))],
    ['a known field with the wrong wire type', toUri([...intField(1, 5)]), new OttoError('migrationInvalid', {}, new OttoError('dataMalformed'))],
    ['field number 0', toUri([0, 1]), new OttoError('migrationInvalid', {}, new OttoError('dataMalformed'))],
    ['invalid UTF-8', toUri(entry({ extra: bytesField(2, [0xff, 0xfe]) })), new OttoError('migrationInvalid', {}, new OttoError('migrationUtf8', { field: 'name' }))],
    ['bad base64', 'otpauth-migration://offline?data=%21%21%21', new OttoError('migrationBase64')],
    ['no data', 'otpauth-migration://offline?data=', new OttoError('migrationNoData')],
    ['no data parameter', 'otpauth-migration://offline?x=1', new OttoError('migrationNoData')],
    ['another host', 'otpauth-migration://online?data=AAAA', new OttoError('migrationPrefix')],
    ['a prefix', `x${toUri(entry())}`, new OttoError('migrationPrefix')],
    ['broken percent-encoding', 'otpauth-migration://offline?data=%E0%A4%A', new OttoError('otpauthPercent', { part: 'data' })],
  ])('rejects %s', (_, uri, expected) => {
    expect(() => parseMigrationBatch(uri)).toThrow(expected);
  });
});
