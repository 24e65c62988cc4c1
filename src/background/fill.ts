/**
 * Fill decisions. A code goes only to a document the browser vouches for at the moment
 * of filling: its origin, document and tab come from the sender record of the message
 * that receives the code, never from a message body or from what a frame id held before.
 *
 * - A page's own request (fields found, shortcut, menu) is answered with codes directly:
 *   the sender record is the document asking.
 * - The popup's Fill never pushes codes. It invites the document that reported the field
 *   (by document id where the browser has one), and that document's claim is answered only
 *   if the sender record still shows the same document, on an origin the account may fill.
 */
import browser from 'webextension-polyfill';
import type { Account } from '../core/account';
import { OttoError } from '../core/errors';
import { randomBytes, toBase64 } from '../core/bytes';
import type { ClaimAnswer, ContentCommand, ContentCommandResponses, FillAsk, FillConsent, FillDecision } from '../shared/messages';
import { isBound, matchOrigin } from '../core/sites';
import { ancestorOrigins, foreignAncestors, topOriginOf, UNKNOWN_ORIGIN } from './framing';
import { addPending, adoptClock, getTab, takePending, type FrameInfo } from './frames';
import { reserveCodes, waitBeforeCodes } from './reserve';
import { sameDocument, webOrigin, type ContentFrame } from './senders';
import { getSettings, requireUnlocked, vaultState } from './vault-store';

/** An invitation lives as long as one message round trip to a page may reasonably take. */
const INVITE_TTL_MS = 10_000;

interface Invite {
  tabId: number;
  frameId: number;
  documentId: string | undefined;
  origin: string;
  topOrigin: string | null;
  accountId: string;
  count: number;
  /** The user agreed to fill despite a FillAsk for exactly this origin and top-level origin. */
  consented: boolean;
  expires: number;
}

/** Open invitations by token. In memory: a worker restart mid-fill simply fails that fill. */
const invites = new Map<string, Invite>();

// ---------------------------------------------------------------- what a document may get

interface Standing {
  account: Account;
  /** Bound to exactly this origin (scheme, host and port). */
  bound: boolean;
  /** Framed by a site the account is not bound to (or by frames Otto could not see). */
  framed: boolean;
  /** The nearest such site, a known one before an unknown one ('' = UNKNOWN_ORIGIN). */
  framedBy: string | undefined;
  match: ReturnType<typeof matchOrigin>;
}

function standing(account: Account, origin: string, ancestors: readonly string[]): Standing {
  const match = matchOrigin(account.sites, origin);
  const foreign = foreignAncestors(ancestors, origin, (o) => isBound(account.sites, o));
  const framedBy = foreign.find((o) => o !== UNKNOWN_ORIGIN) ?? foreign[0];
  return { account, bound: match.kind === 'bound', framed: foreign.length > 0, framedBy, match };
}

/** Accounts Otto may fill into this document without asking: bound to its origin, not framed by another site. */
async function trustedAccounts(frame: ContentFrame): Promise<Account[]> {
  const { payload } = await requireUnlocked();
  const bound = payload.accounts.filter((a) => isBound(a.sites, frame.origin));
  if (!bound.length) return [];
  const ancestors = await ancestorOrigins(frame, frame.topUrl);
  return bound.filter((a) => !standing(a, frame.origin, ancestors).framed);
}

async function fillFrom(frame: ContentFrame, account: Account, count: number, autoSubmit: boolean): Promise<FillDecision> {
  const r = await reserveCodes(account.id, count);
  if ('waitMs' in r) return { action: 'wait', ms: r.waitMs };
  await adoptClock(frame.tabId, frame.frameId, frame.origin);
  return { action: 'fill', codes: r.codes, autoSubmit };
}

async function lockedAnswer(frame: ContentFrame): Promise<FillDecision> {
  const state = await vaultState();
  if (state === 'locked') await addPending(frame.tabId, frame);
  return { action: state === 'locked' ? 'locked' : 'none' };
}

/** What a document that found `count` fields (0: the focused field) gets, where nothing needs asking. */
async function decide(frame: ContentFrame, count: number): Promise<FillDecision> {
  if ((await vaultState()) !== 'unlocked') return lockedAnswer(frame);
  const trusted = await trustedAccounts(frame);
  if (trusted.length === 0) return { action: 'none' };
  if (trusted.length > 1) return { action: 'choose' };
  return fillFrom(frame, trusted[0]!, count, trusted[0]!.autoSubmit);
}

/** A document found code fields on its own: filled only when automatic filling is on. */
export async function decideAutomatic(frame: ContentFrame, count: number): Promise<FillDecision> {
  if ((await getSettings()).autofill !== 'auto') return { action: 'none' };
  return decide(frame, count);
}

/**
 * The user asked this document for a code (shortcut, menu). Where Otto cannot fill without
 * asking (locked, several accounts, another site, a frame of another site) the popup opens,
 * where the user chooses or is asked.
 */
export async function decideForUser(frame: ContentFrame, count: number): Promise<FillDecision> {
  const decision = await decide(frame, count);
  if (decision.action !== 'fill' && decision.action !== 'wait') await browser.action.openPopup().catch(() => undefined);
  return decision;
}

// ---------------------------------------------------------------- the popup's Fill

/**
 * Where the popup's Fill goes: a document that reported enough fields, on a site the
 * account is bound to first (an ad's code-like field must not be the one asked about),
 * then the top frame's; else the top frame's focused field.
 */
async function targetOf(tabId: number, account: Account, both: boolean): Promise<FrameInfo> {
  const { frames } = await getTab(tabId);
  const rank = (f: FrameInfo) => (f.count >= (both ? 2 : 1) ? 0 : 4) + (isBound(account.sites, f.origin) ? 0 : 2) + (f.frameId === 0 ? 0 : 1);
  const found = [...frames].sort((a, b) => rank(a) - rank(b))[0];
  if (found) return found;
  // No field reported: the top frame, whose origin the browser's tab record gives.
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  const origin = webOrigin(tab?.url);
  if (!origin) throw new OttoError('tabUnreachable');
  return { frameId: 0, origin, count: 0 };
}

function sendCommand<C extends ContentCommand>(
  tabId: number,
  target: { frameId: number; documentId?: string | undefined },
  command: C,
): Promise<ContentCommandResponses[C['type']] | undefined> {
  // A document id reaches that document or nothing; a frame id reaches whatever the frame holds now.
  const options = target.documentId ? { documentId: target.documentId } : { frameId: target.frameId };
  return browser.tabs.sendMessage(tabId, command, options as { frameId?: number }) as Promise<ContentCommandResponses[C['type']] | undefined>;
}

export function sendToFrame<C extends ContentCommand>(tabId: number, frameId: number, command: C): Promise<ContentCommandResponses[C['type']] | undefined> {
  return sendCommand(tabId, { frameId }, command);
}

const sameConsent = (c: FillConsent | undefined, pageOrigin: string, topOrigin: string | null) =>
  c !== undefined && c.pageOrigin === pageOrigin && c.topOrigin === topOrigin;

export async function fillTab(
  tabId: number,
  accountId: string,
  both: boolean,
  consent: FillConsent | undefined,
): Promise<{ filled: number } | { waitMs: number } | { ask: FillAsk }> {
  const { payload } = await requireUnlocked();
  const account = payload.accounts.find((a) => a.id === accountId);
  if (!account) throw new OttoError('accountGone');
  const target = await targetOf(tabId, account, both);
  const ref = { tabId, ...target };
  const topOrigin = target.frameId === 0 ? null : await topOriginOf(tabId);
  const s = standing(account, target.origin, await ancestorOrigins(ref));
  const needsConsent = !s.bound || s.framed;
  if (needsConsent && !sameConsent(consent, target.origin, topOrigin)) {
    const near = s.match.kind === 'otherPort' ? s.match.site : (account.sites[0] ?? null);
    return {
      ask: {
        pageOrigin: target.origin,
        topOrigin,
        unbound: s.bound || s.match.kind === 'insecure' ? null : { site: near },
        insecure: s.match.kind === 'insecure',
        framed: s.framed,
        ...(s.framedBy !== undefined ? { framedBy: s.framedBy } : {}),
      },
    };
  }
  const count = both ? 2 : 1;
  const waitMs = await waitBeforeCodes(account.id, count);
  if (waitMs > 0) return { waitMs };

  const token = toBase64(randomBytes(16), false).replace(/\+/g, '-').replace(/\//g, '_');
  invites.set(token, { ...ref, documentId: target.documentId, topOrigin, accountId, count, consented: needsConsent, expires: Date.now() + INVITE_TTL_MS });
  try {
    const res = await sendCommand(tabId, target, { type: 'invite', token }).catch(() => undefined);
    // No answer: the document is gone (navigated, closed) or never had Otto's script.
    if (!res) throw new OttoError(target.documentId ? 'pageChanged' : 'tabUnreachable');
    if ('waitMs' in res) return { waitMs: Math.max(0, Math.min(res.waitMs, 120_000)) };
    if (!(res.filled > 0)) throw new OttoError('noFields');
    return { filled: Math.min(res.filled, count) };
  } finally {
    invites.delete(token);
  }
}

/** A document claims the codes it was invited to: answered only if the browser says it is still that document. */
export async function claim(frame: ContentFrame, token: string): Promise<ClaimAnswer> {
  const invite = invites.get(token);
  invites.delete(token);
  if (!invite || invite.expires < Date.now() || !sameDocument(frame, invite) || frame.origin !== invite.origin) return { action: 'none' };
  const { payload } = await requireUnlocked();
  const account = payload.accounts.find((a) => a.id === invite.accountId);
  if (!account) return { action: 'none' };
  const topOrigin = frame.frameId === 0 ? null : await topOriginOf(frame.tabId, frame.topUrl);
  const s = standing(account, frame.origin, await ancestorOrigins(frame, frame.topUrl));
  const trusted = s.bound && !s.framed;
  if (!trusted && !(invite.consented && invite.topOrigin === topOrigin)) return { action: 'none' };
  const r = await reserveCodes(account.id, invite.count);
  if ('waitMs' in r) return { action: 'wait', ms: r.waitMs };
  // Only a page on a bound origin may tell Otto the time.
  if (s.bound) await adoptClock(frame.tabId, frame.frameId, frame.origin);
  const target = (await getTab(frame.tabId)).frames.some((f) => sameDocument(frame, { tabId: frame.tabId, ...f })) ? 'detected' : 'focused';
  // Auto-submit only where Otto would have filled on its own.
  return { action: 'fill', codes: r.codes, autoSubmit: trusted && account.autoSubmit, target };
}

/** After unlock: the documents that asked while Otto was locked run their usual flow again. */
export async function fillPending(): Promise<void> {
  for (const { tabId, ...target } of await takePending()) {
    await sendCommand(tabId, target, { type: 'rescan' }).catch(() => undefined);
  }
}
