import { describe, expect, it } from 'vitest';
import { makeDraft } from '../src/core/account';
import { MIN_REMAINING_MS, planCodes } from '../src/core/fill-plan';
import { hotp, totp } from '../src/core/otp';

const secret = new TextEncoder().encode('12345678901234567890');
const account = makeDraft({ secret });
const stepStart = 1_700_000_010_000 - (1_700_000_010_000 % 30_000); // start of a 30 s step
const step = stepStart / 30_000;

describe('planCodes', () => {
  it('fills the current code early in a step and reports the step used', () => {
    const now = stepStart + 1000;
    expect(planCodes(account, 1, now)).toEqual({ codes: [totp(secret, now)], usedStep: step });
  });

  it('gives two consecutive codes for enrollment and consumes both steps', () => {
    const now = stepStart + 1000;
    expect(planCodes(account, 2, now)).toEqual({ codes: [totp(secret, now), totp(secret, now + 30_000)], usedStep: step + 1 });
  });

  it('waits for the next step instead of reusing a code already filled', () => {
    const now = stepStart + 5000;
    const plan = planCodes(account, 1, now, step);
    expect(plan).toEqual({ waitMs: 25_000 + 50 });
    // After waiting, the next code is filled.
    const later = planCodes(account, 1, now + 25_050, step);
    expect(later).toEqual({ codes: [totp(secret, now + 25_050)], usedStep: step + 1 });
  });

  it('waits two steps after an enrollment consumed the next step too', () => {
    expect(planCodes(account, 1, stepStart + 1000, step + 1)).toEqual({ waitMs: 59_000 + 50 });
  });

  it('waits when less than the minimum time is left in the step', () => {
    const now = stepStart + 30_000 - (MIN_REMAINING_MS - 1);
    expect(planCodes(account, 1, now)).toEqual({ waitMs: MIN_REMAINING_MS - 1 + 50 });
    expect('codes' in planCodes(account, 1, now - 2)).toBe(true);
  });

  it('uses and advances the HOTP counter, never waiting', () => {
    const h = makeDraft({ secret, type: 'hotp', counter: 7 });
    expect(planCodes(h, 2, stepStart + 29_999, 10 ** 9)).toEqual({ codes: [hotp(secret, 7), hotp(secret, 8)], counter: 9 });
  });
});
