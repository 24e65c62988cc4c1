/**
 * Message dispatch. Page requests are served only to this extension's pages;
 * content requests only to our content scripts, scoped to the sending frame's host.
 */
import type { Runtime } from 'webextension-polyfill';
import { fromWire, isAccountId, toWire } from '../core/account';
import { OttoError } from '../core/errors';
import { codeFor } from '../core/otp';
import { formatOtpauthUri } from '../core/otpauth';
import { changeNeedsReauth } from '../core/reauth';
import { checkSites } from '../core/site-policy';
import {
  CLIPBOARD_CLEAR_MIN_SECONDS,
  type ContentRequest,
  type ContentResponses,
  type PageRequest,
  type PageResponses,
  type Reply,
  type Settings,
} from '../shared/messages';
import { armAutoLock } from './autolock';
import { lastBackup, noteBackup } from './backup-log';
import { clearClipboardLater } from './clipboard';
import { showLockState } from './badge';
import { parseContentRequest } from './content-requests';
import { claim, decideAutomatic, decideForUser, fillPending, fillTab, sendToFrame } from './fill';
import { getTab, rememberFrame } from './frames';
import { lockEverywhere, tellPages } from './lock';
import { rearmContentScripts } from './rearm';
import { finishRegionSelection, startRegionSelection } from './region';
import { scanTab, tabOrigin, toHits } from './scan';
import { contentFrame, isExtensionPage, type ContentFrame } from './senders';
import { syncHandlers } from './sync';
import * as store from './vault-store';

const MIN_PASSPHRASE = 8;

type PageHandlers = { [K in PageRequest['type']]: (req: Extract<PageRequest, { type: K }>) => Promise<PageResponses[K]> };
type ContentHandlers = {
  [K in ContentRequest['type']]: (req: Extract<ContentRequest, { type: K }>, frame: ContentFrame) => Promise<ContentResponses[K]>;
};

function checkPassphrase(p: unknown): string {
  if (typeof p !== 'string' || p.length < MIN_PASSPHRASE) {
    throw new OttoError('passphraseTooShort', { min: MIN_PASSPHRASE });
  }
  return p;
}

function checkSettings(patch: Partial<Settings>): Partial<Settings> {
  const ok: Partial<Settings> = {};
  const whole = (v: unknown, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;
  if (patch.autoLockMinutes !== undefined) {
    if (!whole(patch.autoLockMinutes, 24 * 60)) throw new OttoError('settingAutoLock', { max: 24 * 60 });
    ok.autoLockMinutes = patch.autoLockMinutes;
  }
  if (patch.clipboardClearSeconds !== undefined) {
    const v = patch.clipboardClearSeconds;
    if (!whole(v, 3600) || (v > 0 && v < CLIPBOARD_CLEAR_MIN_SECONDS)) throw new OttoError('settingClipboard', { min: CLIPBOARD_CLEAR_MIN_SECONDS, max: 3600 });
    ok.clipboardClearSeconds = patch.clipboardClearSeconds;
  }
  if (patch.autofill !== undefined) {
    if (patch.autofill !== 'auto' && patch.autofill !== 'request') throw new OttoError('settingAutofill');
    ok.autofill = patch.autofill;
  }
  if (patch.timeOffsetMs !== undefined) {
    if (typeof patch.timeOffsetMs !== 'number' || !Number.isFinite(patch.timeOffsetMs) || Math.abs(patch.timeOffsetMs) > 86_400_000) {
      throw new OttoError('settingOffset');
    }
    ok.timeOffsetMs = Math.round(patch.timeOffsetMs);
  }
  return ok;
}

const page: PageHandlers = {
  ...syncHandlers,
  async status() {
    return { state: await store.vaultState(), settings: await store.getSettings(), backup: await lastBackup() };
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
    await lockEverywhere();
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
    // Adds, edits, imports and restores all arrive here: no binding gets past this check.
    const incoming = req.accounts.map((w) => ({ ...fromWire(w), sites: checkSites(w.sites) }));
    const now = Date.now();
    // Checked first (the KDF is slow); whether it was needed is decided inside the save, on the accounts it changes.
    const reauthed = req.passphrase !== undefined && (await reauth(req.passphrase));
    await store.mutate((accounts) => {
      if (!reauthed && changeNeedsReauth(accounts, incoming)) throw reauthRequired();
      // A restore keeps its ids, but a new one sync cannot carry would stop sync for the whole vault: it gets a fresh id
      // (the same one for repeats in this save). An account already stored keeps its id.
      const fresh = new Map<string, string>();
      const idFor = (id: string) =>
        isAccountId(id) || accounts.some((x) => x.id === id) ? id : (fresh.get(id) ?? fresh.set(id, crypto.randomUUID()).get(id)!);
      for (const w of incoming) {
        const a = { ...w, id: idFor(w.id) };
        const i = accounts.findIndex((x) => x.id === a.id);
        if (i >= 0) accounts[i] = { ...a, created: accounts[i]!.created, updated: now };
        else if (req.onlyExisting) throw new OttoError('accountGone');
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
      if (!a || a.type !== 'hotp') throw new OttoError('notHotp');
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
    if (req.backupPassphrase !== undefined) checkPassphrase(req.backupPassphrase);
    await reauth(req.passphrase);
    const text = await store.exportBackup(req.backupPassphrase ?? req.passphrase);
    await noteBackup((await store.requireUnlocked()).payload.accounts);
    return { fileName: `otto-backup-${today()}.otto.json`, text };
  },
  async exportPlain(req) {
    await reauth(req.passphrase);
    const { payload } = await store.requireUnlocked();
    const text = payload.accounts.map((a) => formatOtpauthUri(a)).join('\n') + '\n';
    return { fileName: `otto-otpauth-${today()}.txt`, text };
  },
  async verifyPassphrase(req) {
    await reauth(req.passphrase);
    return null;
  },
  async fillTab(req) {
    return fillTab(req.tabId, req.accountId, Boolean(req.both), req.consent);
  },
  async scanTab(req) {
    return scanTab(req.tabId);
  },
  async clearClipboardLater(req) {
    if (!/^[0-9a-f]{64}$/.test(String(req.sha256)) || !Number.isInteger(req.seconds) || req.seconds < 1 || req.seconds > 3600) {
      throw new OttoError('malformedRequest');
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
    // The page's origin as the browser's tab record has it; never what a content script says.
    const origin = await tabOrigin(req.tabId);
    const top = await sendToFrame(req.tabId, 0, { type: 'detect' }).catch(() => undefined);
    const codeFields = Math.max(top?.count ?? 0, ...record.frames.map((f) => f.count));
    return { origin, host: origin ? new URL(origin).hostname : '', codeFields, clock: record.clock };
  },
};

const content: ContentHandlers = {
  async fieldsFound(req, frame) {
    await rememberFrame(frame.tabId, { frameId: frame.frameId, documentId: frame.documentId, origin: frame.origin, count: req.count });
    return decideAutomatic(frame, req.count);
  },
  async userFill(req, frame) {
    if (req.count > 0) await rememberFrame(frame.tabId, { frameId: frame.frameId, documentId: frame.documentId, origin: frame.origin, count: req.count });
    return decideForUser(frame, req.count);
  },
  async claim(req, frame) {
    return claim(frame, req.token);
  },
  async regionSelected(req, frame) {
    // Only the top frame's overlay, and only after the user asked for it (checked inside).
    if (frame.frameId !== 0) return null;
    const origin = await tabOrigin(frame.tabId);
    await finishRegionSelection(frame.tabId, req.region, (payloads) => toHits(payloads, origin));
    return null;
  },
};

const today = () => new Date().toISOString().slice(0, 10);

function reauthRequired(): OttoError {
  return new OttoError('reauth');
}

/** Re-authentication: the passphrase must open the stored vault now. Missing → 'reauth'; wrong → 'wrongPassphrase'. */
async function reauth(passphrase: unknown): Promise<true> {
  if (typeof passphrase !== 'string' || passphrase === '') throw reauthRequired();
  await store.verifyPassphrase(passphrase);
  return true;
}

/**
 * After setup or unlock: the badge before the answer (a page that asked while locked
 * explains itself by it); telling the pages, arming auto-lock and rescanning the pages
 * that asked while locked follow without holding the answer up.
 */
async function afterUnlock(): Promise<void> {
  await showLockState().catch(() => undefined);
  void (async () => {
    await tellPages({ type: 'unlocked' });
    await armAutoLock();
    await fillPending();
  })().catch(() => undefined);
}

function failure(e: unknown): Reply<never> {
  if (e instanceof OttoError) return { ok: false, error: e.toInfo() };
  // Unknown errors may carry anything (a secret in a message, say): say only that it failed.
  return { ok: false, error: { code: 'generic' } };
}

export async function route(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const type = (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return { ok: false, error: { code: 'malformedRequest' } };
  try {
    if (isExtensionPage(sender) && Object.hasOwn(page, type)) {
      const handler = page[type as PageRequest['type']] as (r: unknown) => Promise<unknown>;
      return { ok: true, value: await handler(message) };
    }
    const frame = contentFrame(sender);
    if (frame && !isExtensionPage(sender) && Object.hasOwn(content, type)) {
      const req = parseContentRequest(message);
      if (!req) return failure(new OttoError('malformedRequest'));
      const handler = content[req.type] as (r: ContentRequest, f: ContentFrame) => Promise<unknown>;
      return { ok: true, value: await handler(req, frame) };
    }
    return { ok: false, error: { code: 'forbidden' } };
  } catch (e) {
    return failure(e);
  }
}
