/**
 * Message dispatch. Page requests are served only to this extension's pages;
 * content requests only to our content scripts, scoped to the sending frame's host.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { fromWire, toWire } from '../core/account';
import { LegacyError, WrongPassphraseError, VaultCorruptError } from '../core/errors';
import { codeFor } from '../core/otp';
import { accountMatchesHost } from '../core/sites';
import type {
  ContentRequest,
  ContentResponses,
  ErrorCode,
  PageRequest,
  PageResponses,
  Reply,
  Settings,
} from '../shared/messages';
import { armAutoLock } from './autolock';
import { clearClipboardLater } from './clipboard';
import { showLockState } from './badge';
import { codesFor, decide, decideFor, fillPending, sendToFrame } from './fill';
import { getTab, rememberFrame, rememberSkew, type FrameInfo } from './frames';
import { rearmContentScripts } from './rearm';
import { finishRegionSelection, startRegionSelection } from './region';
import { scanTab, tabHost, toHits } from './scan';
import { contentFrame, isExtensionPage, type ContentFrame } from './senders';
import * as store from './vault-store';

const MIN_PASSPHRASE = 8;

type PageHandlers = { [K in PageRequest['type']]: (req: Extract<PageRequest, { type: K }>) => Promise<PageResponses[K]> };
type ContentHandlers = {
  [K in ContentRequest['type']]: (req: Extract<ContentRequest, { type: K }>, frame: ContentFrame) => Promise<ContentResponses[K]>;
};

class RequestFailure extends Error {
  constructor(message: string, readonly code: ErrorCode) {
    super(message);
  }
}

function checkPassphrase(p: unknown): string {
  if (typeof p !== 'string' || p.length < MIN_PASSPHRASE) {
    throw new RequestFailure(`Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`, 'invalid');
  }
  return p;
}

function checkSettings(patch: Partial<Settings>): Partial<Settings> {
  const ok: Partial<Settings> = {};
  const whole = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  if (patch.autoLockMinutes !== undefined) {
    if (!whole(patch.autoLockMinutes, 24 * 60)) throw new RequestFailure('Auto-lock must be 0 to 1440 minutes.', 'invalid');
    ok.autoLockMinutes = patch.autoLockMinutes;
  }
  if (patch.clipboardClearSeconds !== undefined) {
    if (!whole(patch.clipboardClearSeconds, 3600)) throw new RequestFailure('Clipboard clearing must be 0 to 3600 seconds.', 'invalid');
    ok.clipboardClearSeconds = patch.clipboardClearSeconds;
  }
  if (patch.autofill !== undefined) {
    if (patch.autofill !== 'auto' && patch.autofill !== 'request') throw new RequestFailure('Unknown autofill mode.', 'invalid');
    ok.autofill = patch.autofill;
  }
  if (patch.timeOffsetMs !== undefined) {
    if (typeof patch.timeOffsetMs !== 'number' || !Number.isFinite(patch.timeOffsetMs) || Math.abs(patch.timeOffsetMs) > 86_400_000) {
      throw new RequestFailure('The time offset must be within one day.', 'invalid');
    }
    ok.timeOffsetMs = Math.round(patch.timeOffsetMs);
  }
  return ok;
}

/** The frame of a tab to fill from the popup: one that found fields, else the top frame's focused field. */
async function targetFrame(tabId: number, both: boolean): Promise<FrameInfo> {
  const { frames } = await getTab(tabId);
  const preferred = frames.find((f) => f.count >= (both ? 2 : 1)) ?? frames[0];
  if (preferred) return preferred;
  const found = (await sendToFrame(tabId, 0, { type: 'detect' }).catch(() => null)) as { count: number; host: string } | null;
  if (!found) throw new RequestFailure('Otto cannot reach this tab (browser pages and the web store cannot be filled).', 'no-fields');
  return { frameId: 0, host: found.host, count: found.count };
}

const page: PageHandlers = {
  async status() {
    return { state: await store.vaultState(), settings: await store.getSettings() };
  },
  async setup(req) {
    await store.setup(checkPassphrase(req.passphrase));
    await afterUnlock();
    return null;
  },
  async unlock(req) {
    await store.unlock(String(req.passphrase ?? ''));
    await afterUnlock();
    return null;
  },
  async lock() {
    await store.lock();
    await showLockState();
    return null;
  },
  async changePassphrase(req) {
    await store.changePassphrase(String(req.oldPassphrase ?? ''), checkPassphrase(req.newPassphrase));
    return null;
  },
  async accounts() {
    const { payload } = await store.requireUnlocked();
    return payload.accounts.map(toWire);
  },
  async saveAccounts(req) {
    const incoming = req.accounts.map(fromWire);
    const now = Date.now();
    await store.mutate((accounts) => {
      for (const a of incoming) {
        const i = accounts.findIndex((x) => x.id === a.id);
        if (i >= 0) accounts[i] = { ...a, created: accounts[i]!.created, updated: now };
        else accounts.push(a);
      }
    });
    void rearmContentScripts();
    return null;
  },
  async deleteAccount(req) {
    await store.mutate((accounts) => {
      const i = accounts.findIndex((a) => a.id === req.id);
      if (i >= 0) accounts.splice(i, 1);
    });
    return null;
  },
  async reorder(req) {
    const rank = new Map(req.ids.map((id, i) => [id, i]));
    await store.mutate((accounts) => {
      // Stable: accounts missing from `ids` keep their relative order after the listed ones.
      const ranked = accounts.map((a, i) => ({ a, r: rank.get(a.id) ?? req.ids.length + i }));
      ranked.sort((x, y) => x.r - y.r);
      accounts.splice(0, accounts.length, ...ranked.map((x) => x.a));
    });
    return null;
  },
  async advanceHotp(req) {
    return store.mutate((accounts) => {
      const a = accounts.find((x) => x.id === req.id);
      if (!a || a.type !== 'hotp') throw new RequestFailure('That is not a counter-based (HOTP) account.', 'invalid');
      const code = codeFor(a, Date.now());
      a.counter += 1;
      a.updated = Date.now();
      return { code, counter: a.counter };
    });
  },
  async setSettings(req) {
    const settings = await store.setSettings(checkSettings(req.settings ?? {}));
    await armAutoLock();
    if (req.settings?.autofill === 'auto') void rearmContentScripts();
    return settings;
  },
  async exportBackup(req) {
    if (req.passphrase !== undefined) checkPassphrase(req.passphrase);
    const text = await store.exportBackup(req.passphrase);
    return { fileName: `otto-backup-${new Date().toISOString().slice(0, 10)}.otto.json`, text };
  },
  async fillTab(req) {
    const { payload } = await store.requireUnlocked();
    const account = payload.accounts.find((a) => a.id === req.accountId);
    if (!account) throw new RequestFailure('That account no longer exists.', 'invalid');
    const frame = await targetFrame(req.tabId, Boolean(req.both));
    if (!accountMatchesHost(account.sites, frame.host) && !req.allowUnbound) {
      return { unbound: { accountHost: account.sites[0] ?? '', tabHost: frame.host } };
    }
    const r = await codesFor(account.id, req.both ? 2 : 1);
    if ('waitMs' in r) return { waitMs: r.waitMs };
    const target = frame.count > 0 ? 'detected' : 'focused';
    const res = (await sendToFrame(req.tabId, frame.frameId, { type: 'fill', codes: r.codes, target, autoSubmit: r.autoSubmit })) as
      | { filled: number }
      | undefined;
    if (!res?.filled) throw new RequestFailure('No code field to fill was found on this page. Click into the field and try again.', 'no-fields');
    return { filled: res.filled };
  },
  async scanTab(req) {
    return scanTab(req.tabId);
  },
  async clearClipboardLater(req) {
    if (!/^[0-9a-f]{64}$/.test(String(req.sha256)) || !Number.isInteger(req.seconds) || req.seconds < 1 || req.seconds > 3600) {
      throw new RequestFailure('Malformed clipboard request.', 'invalid');
    }
    await clearClipboardLater(req.sha256, req.seconds);
    return null;
  },
  async selectRegion(req) {
    await startRegionSelection(req.tabId);
    return null;
  },
  async tabInfo(req) {
    const record = await getTab(req.tabId);
    const top = await sendToFrame(req.tabId, 0, { type: 'detect' }).then(
      (r) => r as { count: number; host: string },
      () => null,
    );
    const codeFields = Math.max(top?.count ?? 0, ...record.frames.map((f) => f.count));
    return { host: top?.host ?? record.frames[0]?.host ?? '', codeFields, clockSkewMs: record.clockSkewMs };
  },
};

const content: ContentHandlers = {
  async fieldsFound(req, frame) {
    await rememberFrame(frame.tabId, { frameId: frame.frameId, host: frame.host, count: req.count });
    return decide(frame.tabId, frame.frameId, frame.host, req.count, true);
  },
  async userFill(req, frame) {
    if (req.count > 0) await rememberFrame(frame.tabId, { frameId: frame.frameId, host: frame.host, count: req.count });
    const decision = await decide(frame.tabId, frame.frameId, frame.host, req.count, false);
    // Nothing bound here, or locked: the choice moves to the popup, where the user sees the warning.
    if (decision.action === 'none' || decision.action === 'locked') await browser.action.openPopup().catch(() => undefined);
    return decision;
  },
  async pick(req, frame) {
    const { payload } = await store.requireUnlocked();
    const account = payload.accounts.find((a) => a.id === req.accountId);
    if (!account || !accountMatchesHost(account.sites, frame.host)) return { action: 'none' };
    return decideFor(account.id, req.count);
  },
  async regionSelected(req, frame) {
    // Only the top frame's overlay, and only after the user asked for it (checked inside).
    if (frame.frameId !== 0) return null;
    const host = await tabHost(frame.tabId);
    await finishRegionSelection(frame.tabId, req.region, (payloads) => toHits(payloads, host));
    return null;
  },
  async serverDate(req, frame) {
    if (Number.isFinite(req.dateMs) && Number.isFinite(req.localMs)) await rememberSkew(frame.tabId, req.dateMs - req.localMs);
    return null;
  },
};

async function afterUnlock(): Promise<void> {
  await showLockState();
  await armAutoLock();
  await fillPending();
}

function failure(e: unknown): Reply<never> {
  if (e instanceof RequestFailure) return { ok: false, error: e.message, code: e.code };
  if (e instanceof WrongPassphraseError) return { ok: false, error: 'Wrong passphrase.', code: 'wrong-passphrase' };
  if (e instanceof store.LockedError) return { ok: false, error: e.message, code: 'locked' };
  if (e instanceof VaultCorruptError) return { ok: false, error: e.message, code: 'corrupt' };
  if (e instanceof LegacyError) return { ok: false, error: e.message, code: 'invalid' };
  // Unknown errors may carry anything; say only that it failed.
  return { ok: false, error: 'Otto could not do that. Please try again.' };
}

export async function route(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return { ok: false, error: 'Malformed request.', code: 'invalid' };
  try {
    if (isExtensionPage(sender) && Object.hasOwn(page, type)) {
      const handler = page[type as PageRequest['type']] as (r: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(message) };
    }
    const frame = contentFrame(sender);
    if (frame && !isExtensionPage(sender) && Object.hasOwn(content, type)) {
      const handler = content[type as ContentRequest['type']] as (r: unknown, f: ContentFrame) => Promise<unknown>;
      return { ok: true, value: await handler(message, frame) };
    }
    return { ok: false, error: 'Not allowed.', code: 'forbidden' };
  } catch (e) {
    return failure(e);
  }
}
