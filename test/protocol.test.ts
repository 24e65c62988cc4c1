/**
 * The content protocol's two gates: what the background accepts from a content script,
 * and what the content script accepts from the background. Exactly the declared shapes;
 * anything else (missing, extra or mistyped fields, out-of-range numbers) is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_FIELDS, parseContentRequest, TOKEN_PATTERN } from '../src/background/content-requests';
import { parseCommand } from '../src/content/commands';

const TOKEN = 'AbCdEfGhIjKlMnOpQrSt-_';

describe('content requests (background side)', () => {
  it('accepts exactly the declared requests', () => {
    expect(TOKEN_PATTERN.test(TOKEN)).toBe(true);
    for (const req of [
      { type: 'fieldsFound', count: 0 },
      { type: 'fieldsFound', count: MAX_FIELDS },
      { type: 'userFill', count: 2 },
      { type: 'claim', token: TOKEN },
      { type: 'regionSelected', region: null },
      { type: 'regionSelected', region: { x: 10, y: 20.5, width: 300, height: 200, scale: 2 } },
    ]) {
      expect(parseContentRequest(req), JSON.stringify(req)).toEqual(req);
    }
  });

  it.each([
    ['no object', 'fieldsFound'],
    ['null', null],
    ['an array', [{ type: 'fieldsFound', count: 1 }]],
    ['an unknown type', { type: 'pick', accountId: 'x', count: 1 }],
    ['a page request', { type: 'accounts' }],
    ['a missing field', { type: 'fieldsFound' }],
    ['an extra field (a host claimed in the body)', { type: 'fieldsFound', count: 1, host: 'bank.example' }],
    ['a string count', { type: 'fieldsFound', count: '1' }],
    ['a fractional count', { type: 'userFill', count: 1.5 }],
    ['a negative count', { type: 'userFill', count: -1 }],
    ['a huge count', { type: 'fieldsFound', count: MAX_FIELDS + 1 }],
    ['a numeric token', { type: 'claim', token: 7 }],
    ['a short token', { type: 'claim', token: 'abc' }],
    ['a token with other characters', { type: 'claim', token: 'AbCdEfGhIjKlMnOpQrSt+/' }],
    ['a long token', { type: 'claim', token: 'x'.repeat(10_000) }],
    ['a region with a string', { type: 'regionSelected', region: { x: '0', y: 0, width: 1, height: 1, scale: 1 } }],
    ['a region with Infinity', { type: 'regionSelected', region: { x: 0, y: 0, width: Infinity, height: 1, scale: 1 } }],
    ['a region with a negative size', { type: 'regionSelected', region: { x: 0, y: 0, width: -5, height: 1, scale: 1 } }],
    ['a region without scale', { type: 'regionSelected', region: { x: 0, y: 0, width: 1, height: 1 } }],
    ['a missing region', { type: 'regionSelected' }],
  ])('refuses %s', (_what, message) => {
    expect(parseContentRequest(message)).toBeNull();
  });

  it('never accepts anything but the declared shapes (random objects)', () => {
    const declared = (m: unknown) => {
      const r = m as Record<string, unknown>;
      const keys = Object.keys(r).sort().join(',');
      if (r.type === 'fieldsFound' || r.type === 'userFill') return keys === 'count,type' && Number.isInteger(r.count) && (r.count as number) >= 0 && (r.count as number) <= MAX_FIELDS;
      if (r.type === 'claim') return keys === 'token,type' && typeof r.token === 'string' && TOKEN_PATTERN.test(r.token);
      return false;
    };
    const message = fc.record(
      { type: fc.constantFrom('fieldsFound', 'userFill', 'claim', 'accounts', 'pick'), count: fc.anything(), token: fc.oneof(fc.string(), fc.constant(TOKEN)), host: fc.string() },
      { requiredKeys: ['type'] },
    );
    fc.assert(fc.property(message, (m) => (parseContentRequest(m) !== null) === declared(m)));
  });
});

describe('content commands (content-script side)', () => {
  it('accepts exactly the declared commands', () => {
    for (const c of [{ type: 'detect' }, { type: 'requestFill' }, { type: 'rescan' }, { type: 'rearm' }, { type: 'invite', token: TOKEN }]) {
      expect(parseCommand(c)).toEqual(c);
    }
  });

  it.each([
    ['the old push of codes', { type: 'fill', codes: ['123456'], target: 'focused', autoSubmit: false }],
    ['an invite without a token', { type: 'invite' }],
    ['an invite with a numeric token', { type: 'invite', token: 5 }],
    ['an invite carrying codes', { type: 'invite', token: TOKEN, codes: ['123456'] }],
    ['a command with extra fields', { type: 'detect', extra: true }],
    ['an unknown command', { type: 'nonsense' }],
    ['a string', 'detect'],
    ['null', null],
  ])('ignores %s', (_what, message) => {
    expect(parseCommand(message)).toBeNull();
  });
});
