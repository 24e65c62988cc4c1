/**
 * Fill decisions. Codes go to a frame only for accounts bound to that frame's origin,
 * which always comes from the browser's `sender`, never from the page.
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import { OttoError } from '../core/errors';
import { displayName } from '../core/account';
import { planCodes } from '../core/fill-plan';
import { isBound } from '../core/sites';
import type { ContentCommand, FillDecision } from '../shared/messages';
import { addPending, lastSteps, rememberStep, takePending } from './frames';
import { getSettings, mutate, requireUnlocked, vaultState } from './vault-store';

/** Accounts bound to this origin (scheme, host and port): an http page of an https binding gets none. */
export async function boundAccounts(origin: string): Promise<Account[]> {
  const { payload } = await requireUnlocked();
  return payload.accounts.filter((a) => isBound(a.sites, origin));
}

/** Codes for one account now (or how long to wait), consuming a TOTP step / HOTP counter. */
export async function codesFor(accountId: string, count: number): Promise<{ codes: string[]; autoSubmit: boolean } | { waitMs: number }> {
  const { payload } = await requireUnlocked();
  const account = payload.accounts.find((a) => a.id === accountId);
  if (!account) throw new OttoError('accountGone');
  const settings = await getSettings();
  const plan = planCodes(account, count, Date.now() + settings.timeOffsetMs, (await lastSteps())[accountId]);
  if ('waitMs' in plan) return plan;
  if (plan.usedStep !== undefined) await rememberStep(accountId, plan.usedStep);
  if (plan.counter !== undefined) {
    const counter = plan.counter;
    await mutate((accounts) => {
      const a = accounts.find((x) => x.id === accountId);
      if (a) Object.assign(a, { counter, updated: Date.now() });
    });
  }
  return { codes: plan.codes, autoSubmit: account.autoSubmit };
}

/**
 * What a frame that found `count` fields (or 0: the focused field) should do.
 * `automatic` decisions respect the autofill setting and never open a chooser for nothing.
 */
export async function decide(tabId: number, frameId: number, origin: string, count: number, automatic: boolean): Promise<FillDecision> {
  if (automatic && (await getSettings()).autofill !== 'auto') return { action: 'none' };
  const state = await vaultState();
  if (state !== 'unlocked') {
    if (state === 'locked') await addPending(tabId, frameId);
    return { action: state === 'locked' ? 'locked' : 'none' };
  }
  const bound = await boundAccounts(origin);
  if (bound.length === 0) return { action: 'none' };
  if (bound.length > 1) return { action: 'choose', options: bound.map((a) => ({ id: a.id, name: displayName(a) })) };
  return decideFor(bound[0]!.id, count);
}

export async function decideFor(accountId: string, count: number): Promise<FillDecision> {
  const r = await codesFor(accountId, count);
  return 'waitMs' in r ? { action: 'wait', ms: r.waitMs } : { action: 'fill', codes: r.codes, autoSubmit: r.autoSubmit };
}

export function sendToFrame<C extends ContentCommand>(tabId: number, frameId: number, command: C): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, command, { frameId });
}

/** After unlock: the frames that asked while Otto was locked run their usual flow again. */
export async function fillPending(): Promise<void> {
  for (const { tabId, frame } of await takePending()) {
    await sendToFrame(tabId, frame.frameId, { type: 'rescan' }).catch(() => undefined);
  }
}
