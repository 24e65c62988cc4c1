/**
 * Which code(s) to fill now, honouring that a TOTP code is accepted only once
 * (AWS rejects a second sign-in with the same code) and that enrollment/re-sync
 * asks for two consecutive codes.
 */
import type { Account } from './account';
import { codeFor, timeStep } from './otp';

/** With less than this left in a step, the code may expire before the form is sent. */
export const MIN_REMAINING_MS = 3000;

export type CodePlan =
  /** `usedStep` is the last TOTP step consumed (remember it); `counter` the next HOTP counter. */
  | { codes: string[]; usedStep?: number; counter?: number }
  | { waitMs: number };

export function planCodes(
  account: Pick<Account, 'type' | 'secret' | 'algorithm' | 'digits' | 'period' | 'counter'>,
  count: number,
  nowMs: number,
  lastUsedStep?: number,
): CodePlan {
  const n = Math.max(1, Math.min(2, count));
  if (account.type === 'hotp') {
    const codes = Array.from({ length: n }, (_, i) => codeFor(account, nowMs, i));
    return { codes, counter: account.counter + n };
  }
  const periodMs = account.period * 1000;
  const step = timeStep(nowMs, account.period);
  const remainingMs = (step + 1) * periodMs - nowMs;
  const reused = lastUsedStep !== undefined && lastUsedStep >= step;
  if (reused || remainingMs < MIN_REMAINING_MS) {
    const nextFree = reused ? lastUsedStep + 1 : step + 1;
    return { waitMs: nextFree * periodMs - nowMs + 50 };
  }
  const codes = Array.from({ length: n }, (_, i) => codeFor(account, nowMs, i));
  return { codes, usedStep: step + n - 1 };
}
