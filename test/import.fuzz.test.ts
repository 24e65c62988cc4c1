/**
 * Fuzzing: random and mutated inputs may only give a result of valid drafts or one
 * of our typed errors (OttoError), never a TypeError/RangeError or a hang. Key
 * derivation is kept out of the loop: encrypted formats are fuzzed without a
 * password (header parsing up to OttoError('passwordRequired')) or with cheap KDFs only.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDraft } from '../src/core/account';
import { OttoError, isErrorCode } from '../src/core/errors';
import { importBackup } from '../src/core/import';

// Every file made by scripts/test-data/ (test/data/README.md).
const DATA = path.resolve(__dirname, 'data/import');
const SPEC = JSON.parse(readFileSync(path.join(DATA, 'expected.json'), 'utf8')) as Record<string, { password: string | null }>;
const bytesOf = (text: string) => new TextEncoder().encode(text);

const PLAIN = Object.keys(SPEC).filter((f) => !SPEC[f]!.password);
/** Fuzzed without a password: detection and header checks must end in 'passwordRequired' or another typed error. */
const ENCRYPTED = Object.keys(SPEC).filter((f) => SPEC[f]!.password);
const files = Object.fromEntries(Object.keys(SPEC).map((f) => [f, new Uint8Array(readFileSync(path.join(DATA, f)))]));

/** The only acceptable outcomes. */
async function check(bytes: Uint8Array, password?: string): Promise<void> {
  try {
    const result = await importBackup({ name: 'fuzz', bytes }, password);
    for (const a of result.accounts) {
      validateDraft(a);
      expect(a.sites).toEqual([]);
    }
    for (const s of result.skipped) expect(typeof s.name === 'string' && Number.isInteger(s.position) && isErrorCode(s.reason.code)).toBe(true);
  } catch (e) {
    if (!(e instanceof OttoError)) throw e;
  }
}

type Mutation = { kind: 'flip' | 'insert' | 'delete' | 'truncate'; at: number; value: number; length: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
  length: fc.integer({ min: 1, max: 16 }),
});

function mutate(source: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = source;
  for (const m of mutations) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip') b = Uint8Array.from(b, (x, i) => (i === at ? x ^ (m.value || 1) : x));
    else if (m.kind === 'insert') b = Uint8Array.from([...b.subarray(0, at), ...new Array<number>(m.length).fill(m.value), ...b.subarray(at)]);
    else if (m.kind === 'delete') b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(at + m.length)]);
    else b = b.subarray(0, at);
  }
  return b;
}

/** Characters that matter to the parsers, so mutations hit structure, not just content. */
const STRUCTURAL = [...'{}[]":,=&?/%+-#\n\r 0123456789'].map((c) => c.charCodeAt(0));
const textMutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  value: fc.constantFrom(...STRUCTURAL),
  length: fc.integer({ min: 1, max: 4 }),
});
function mutateText(source: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = source;
  for (const m of mutations) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip') b = Uint8Array.from(b, (x, i) => (i === at ? m.value : x));
    else b = mutate(b, [m]);
  }
  return b;
}

const OPTIONS = { timeout: 5_000 } as const;

describe('fuzzing', () => {
  it.each(PLAIN)('mutated %s (bytes and structure)', async (key) => {
    await fc.assert(fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => check(mutate(files[key]!, ms))), { ...OPTIONS, numRuns: 250 });
    await fc.assert(fc.asyncProperty(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (ms) => check(mutateText(files[key]!, ms))), { ...OPTIONS, numRuns: 250 });
  });

  it.each(ENCRYPTED)('mutated %s without a password (header parsing only)', async (key) => {
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(mutation, textMutation), { minLength: 1, maxLength: 4 }), (ms) => check(mutate(files[key]!, ms))), { ...OPTIONS, numRuns: 200 });
  });

  it('mutated encrypted 2FAS with a wrong password (cheap PBKDF2)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(textMutation, { minLength: 1, maxLength: 3 }), (ms) => check(mutateText(files['2fas-v4-encrypted.2fas']!, ms), 'nope')), { ...OPTIONS, numRuns: 60 });
  });

  it('random bytes and random text', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), (b) => check(b)), { ...OPTIONS, numRuns: 1500 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 300 }), (s) => check(bytesOf(s))), { ...OPTIONS, numRuns: 1500 });
    // Old-andOTP layout with a password: the cheap SHA-256 key path (headers that ask for PBKDF2 are rare in random data).
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 29, maxLength: 128 }), (b) => check(Uint8Array.from([0xff, ...b]), 'pw')), { ...OPTIONS, numRuns: 200 });
  });

  it('random otpauth lines', async () => {
    const param = fc.tuple(fc.constantFrom('secret', 'issuer', 'digits', 'period', 'counter', 'algorithm', 'encoder', 'x'), fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('JBSWY3DPEHPK3PXP', '0', '99', '-1', 'SHA512', 'md5', 'steam', '1e9', '%ZZ')));
    const line = fc.tuple(fc.constantFrom('otpauth://totp/', 'otpauth://hotp/', 'otpauth://steam/', 'otpauth://motp/', 'steam://', 'otpauth-migration://offline?data=', '#', ''), fc.string({ maxLength: 16 }), fc.array(param, { maxLength: 5 }))
      .map(([head, label, ps]) => `${head}${label}?${ps.map(([k, v]) => `${k}=${v}`).join('&')}`);
    await fc.assert(fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => check(bytesOf(lines.join('\n')))), { ...OPTIONS, numRuns: 1000 });
  });

  /** Random values in each format's fields: wrong types, absurd numbers, missing keys. */
  const value = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 5, 6, 8, 99, 1e20, NaN, 2 ** 53, 'SHA1', 'SHA512', 'MD5', 'TOTP', 'hotp', 'STEAM', 'JBSWY3DPEHPK3PXP', 'b3R0byBzdGVhbSB0ZXN0IQ==', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP', 'steam://JBSWY3DPEHPK3PXP', ''),
    fc.string({ maxLength: 10 }),
    fc.integer(),
    fc.array(fc.integer({ min: -200, max: 300 }), { maxLength: 6 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
  );
  const obj = (keys: string[]) => fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length });
  const shapes: Record<string, fc.Arbitrary<unknown>> = {
    aegis: fc.array(fc.record({ type: value, name: value, issuer: value, info: fc.oneof(obj(['secret', 'algo', 'digits', 'period', 'counter']), value) }), { maxLength: 5 })
      .map((entries) => ({ version: 1, header: { slots: null, params: null }, db: { version: 3, entries } })),
    twofas: fc.array(fc.record({ name: value, secret: value, otp: fc.oneof(obj(['account', 'issuer', 'digits', 'period', 'algorithm', 'counter', 'tokenType']), value) }), { maxLength: 5 })
      .map((services) => ({ schemaVersion: 4, services })),
    andotp: fc.array(fc.oneof(obj(['secret', 'issuer', 'label', 'digits', 'type', 'algorithm', 'period', 'counter']), value), { minLength: 1, maxLength: 5 })
      .map((list) => [{ secret: 'JBSWY3DPEHPK3PXP', type: 'TOTP' }, ...list]),
    bitwarden: fc.array(fc.record({ name: value, login: fc.oneof(obj(['username', 'totp']), value) }), { maxLength: 5 }).map((items) => ({ encrypted: false, items })),
    freeotp: fc.array(fc.oneof(obj(['algo', 'counter', 'digits', 'issuerExt', 'issuerInt', 'label', 'period', 'secret', 'type']), value), { maxLength: 5 })
      .map((tokens) => ({ tokenOrder: [], tokens })),
    stratum: fc.array(obj(['Type', 'Issuer', 'Username', 'Secret', 'Algorithm', 'Digits', 'Period', 'Counter']), { maxLength: 5 }).map((Authenticators) => ({ Authenticators })),
    steam: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(obj(['shared_secret', 'account_name']), value), { maxKeys: 3 }).map((accounts) => ({ accounts: { x: { shared_secret: 'AAAA' }, ...accounts } })),
    proton: fc.array(fc.record({ content: fc.oneof(obj(['uri', 'entry_type', 'name']), value) }), { maxLength: 5 }).map((entries) => ({ version: 1, entries: [{ content: {} }, ...entries] })),
    authenticator: fc.dictionary(fc.string({ maxLength: 6 }), obj(['encrypted', 'hash', 'index', 'type', 'secret', 'issuer', 'account', 'digits', 'period', 'algorithm', 'counter']), { maxKeys: 5 })
      .map((records) => ({ first: { dataType: 'OTPStorage', encrypted: false, type: 'totp', secret: 'JBSWY3DPEHPK3PXP' }, ...records })),
  };

  it.each(Object.keys(shapes))('random JSON shaped like %s', async (format) => {
    await fc.assert(fc.asyncProperty(shapes[format]!, (j) => check(bytesOf(JSON.stringify(j)))), { ...OPTIONS, numRuns: 500 });
  });

  it('random encrypted-looking headers without a password', async () => {
    const aegis = fc.record({ slots: fc.oneof(value, fc.array(obj(['type', 'key', 'key_params', 'n', 'r', 'p', 'salt']), { maxLength: 3 })), params: value })
      .map((header) => ({ version: 1, header, db: 'AAAA' }));
    const ext = fc.record({ data: value, keyId: value }).map((r) => ({ e: { dataType: 'EncOTPStorage', ...r }, k: { dataType: 'Key', id: 'k', salt: 'ab', hash: '$argon2id$' } }));
    await fc.assert(fc.asyncProperty(fc.oneof(aegis, ext), (j) => check(bytesOf(JSON.stringify(j)))), { ...OPTIONS, numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.constantFrom('AUTHENTICATORPRO', 'AuthenticatorPro'), fc.uint8Array({ maxLength: 80 }), (h, b) => check(Uint8Array.from([...bytesOf(h), ...b]))), { ...OPTIONS, numRuns: 200 });
  });
});
