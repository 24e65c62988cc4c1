/**
 * Handing out codes, once each. A TOTP code is accepted only once by most sites, and a
 * code Otto handed to one request must not go to a second one running at the same time:
 * reading what was used, deciding and recording the step happen in one serialized
 * operation. HOTP counters advance inside the vault's own write queue for the same reason.
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import { planCodes } from '../core/fill-plan';
import { OttoError } from '../core/errors';
import { serialQueue } from './serial';
import { getSettings, mutate, requireUnlocked } from './vault-store';

/** Last TOTP step handed out per account id (storage.session: survives worker restarts, not the browser). */
const K_STEPS = 'lastSteps';

const serialize = serialQueue();

export type Reservation = { codes: string[]; account: Account } | { waitMs: number };

async function lastSteps(): Promise<Record<string, number>> {
  const got = await browser.storage.session.get(K_STEPS);
  return (got[K_STEPS] as Record<string, number> | undefined) ?? {};
}

async function accountById(accountId: string): Promise<Account> {
  const { payload } = await requireUnlocked();
  const account = payload.accounts.find((a) => a.id === accountId);
  if (!account) throw new OttoError('accountGone');
  return account;
}

/** Codes for one account now (or how long to wait), consuming its TOTP step or HOTP counter. */
export function reserveCodes(accountId: string, count: number): Promise<Reservation> {
  return serialize(async () => {
    const account = await accountById(accountId);
    if (account.type === 'hotp') {
      return mutate((accounts) => {
        // The counter as stored now, not as read before the queue let us in.
        const a = accounts.find((x) => x.id === accountId);
        if (!a) throw new OttoError('accountGone');
        const plan = planCodes(a, count, Date.now());
        if ('waitMs' in plan) return plan;
        Object.assign(a, { counter: plan.counter, updated: Date.now() });
        return { codes: plan.codes, account: a };
      });
    }
    const now = Date.now() + (await getSettings()).timeOffsetMs;
    const steps = await lastSteps();
    const plan = planCodes(account, count, now, steps[accountId]);
    if ('waitMs' in plan) return plan;
    if (plan.usedStep !== undefined) {
      steps[accountId] = Math.max(plan.usedStep, steps[accountId] ?? -1);
      await browser.storage.session.set({ [K_STEPS]: steps });
    }
    return { codes: plan.codes, account };
  });
}

/** How long until a fill of this account could get a code; 0 when it could now. Consumes nothing. */
export async function waitBeforeCodes(accountId: string, count: number): Promise<number> {
  const account = await accountById(accountId);
  if (account.type === 'hotp') return 0;
  const now = Date.now() + (await getSettings()).timeOffsetMs;
  const plan = planCodes(account, count, now, (await lastSteps())[accountId]);
  return 'waitMs' in plan ? plan.waitMs : 0;
}
