/** The popup's state machine: vault state first, then which screen of the unlocked vault. */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { type Account, type AccountWire, fromWire, toWire } from '../core/account';
import { codeFor } from '../core/otp';
import { isOttoError } from '../core/errors';
import { request } from '../shared/client';
import { type BackupInfo, DEFAULT_SETTINGS, type FillConsent, type PageEvent, type Settings, type VaultState } from '../shared/messages';
import { AppContext, type AppApi, type Screen, type TabContext } from './app-context';
import { ClipboardClearer } from './clipboard';
import { sha256Hex } from '../shared/digest';
import { consentOf, FillPrompt, type PendingFill } from './components/FillPrompt';
import { ReauthDialog } from './components/ReauthDialog';
import { rowId } from './components/AccountRow';
import { periodOf } from './components/LiveCode';
import { Toast, UndoOffer } from './components/Toast';
import { download } from './download';
import { earlyReads } from './early-reads';
import { enterScreen, type Origin, originOf } from './focus';
import { hostOf, pageOriginOf, pageReadable } from './format';
import { errorText, t, tp } from './i18n';
import { AccountsScreen } from './screens/Accounts';
import { AddScreen } from './screens/Add';
import { EditScreen } from './screens/Edit';
import { ExportScreen } from './screens/Export';
import { ImportScreen } from './screens/Import';
import { ScanScreen } from './screens/Scan';
import { SettingsScreen } from './screens/Settings';
import { JoinSyncScreen } from './screens/JoinSync';
import type { SessionView } from './session-open';
import { SetupScreen } from './screens/Setup';
import { UnlockScreen } from './screens/Unlock';
import { copyStepOffset, secondsLeft, ticker } from './ticker';
import { UndoSlot } from './undo';

declare global {
  interface Window {
    __ottoPerf?: { firstRenderMs?: number };
  }
}

const clipboard = new ClipboardClearer({
  write: (text) => navigator.clipboard.writeText(text),
  read: () => navigator.clipboard.readText(),
});
addEventListener('blur', () => clipboard.noteBlur());
document.addEventListener('copy', () => clipboard.noteCopy());
document.addEventListener('cut', () => clipboard.noteCopy());

/** Decodes what the background sent; an account that fails validation is left out rather than breaking the list. */
function decodeAll(wire: AccountWire[]): Account[] {
  const out: Account[] = [];
  for (const w of wire) {
    try {
      out.push(fromWire(w));
    } catch {
      // Only the background writes the vault and it validates; nothing to show for a broken entry.
    }
  }
  return out;
}

/** The tab the popup is over, as the browser says (boot.ts asked already); askTabInfo adds what the background knows. */
async function currentTab(): Promise<TabContext> {
  const tab = await earlyReads().tab;
  return {
    known: true,
    id: tab?.id ?? null,
    host: hostOf(tab?.url),
    origin: pageOriginOf(tab?.url),
    readable: pageReadable(tab?.url),
    codeFields: 0,
    clock: null,
  };
}

/** What the background knows of the tab (code fields, its server clock); `more` gets the completed context. */
function askTabInfo(ctx: TabContext, more: (ctx: TabContext) => void): void {
  if (ctx.id === null) return;
  request({ type: 'tabInfo', tabId: ctx.id }).then(
    (info) => more({ ...ctx, host: ctx.host || info.host, origin: ctx.origin || info.origin, codeFields: info.codeFields, clock: info.clock }),
    () => undefined, // Browser pages have no content script; Fill and Scan explain that when used.
  );
}

const isTextField = (el: EventTarget | null) => el instanceof HTMLElement && el.matches('input, textarea, select, [contenteditable]');

type Deleted = { account: Account; order: string[] };

/** Focuses a row once the list has rendered it (after a reload the list re-renders under it). */
function focusRowSoon(id: string): void {
  setTimeout(() => document.getElementById(rowId(id))?.focus(), 0);
}

/** `session`: the popup's own opening of the vault (session-open.ts), shown until the background answers. */
export function App({ session }: { session?: Promise<SessionView | null> }) {
  const [state, setState] = useState<VaultState | 'loading'>('loading');
  // First run with an Otto vault in browser sync: offer to join it (issue 17) before creating one.
  const [joinable, setJoinable] = useState(false);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [backup, setBackup] = useState<BackupInfo | null>(null);
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [tab, setTab] = useState<TabContext>({ known: false, id: null, host: '', origin: '', readable: true, codeFields: 0, clock: null });
  // The context menu and the scan shortcut open the popup at #scan (see background/menus.ts).
  const [screen, setScreenState] = useState<Screen>(location.hash === '#scan' ? { name: 'scan' } : { name: 'list' });
  const screenRef = useRef(screen);
  screenRef.current = screen;
  /** The row or control the list was left from: Back returns focus there. */
  const origin = useRef<Origin>(null);
  // `serial` makes a repeated message (a second "Saved.") a new announcement with a fresh timer.
  const [toast, setToast] = useState({ text: '', serial: 0, quiet: false });
  const [pendingFill, setPendingFill] = useState<PendingFill | null>(null);
  const [undoItem, setUndoItem] = useState<Deleted | null>(null);
  const undo = useRef(new UndoSlot<Deleted>(setUndoItem)).current;
  const [reauthAsk, setReauthAsk] = useState<{ run(passphrase: string): Promise<void>; settle(done: boolean): void } | null>(null);
  const accountsRef = useRef<Account[]>([]);
  accountsRef.current = accounts ?? [];

  const announce = useCallback((text: string, quiet = false) => setToast((cur) => ({ text, quiet, serial: cur.serial + 1 })), []);
  const clearToast = useCallback(() => setToast((cur) => ({ ...cur, text: '' })), []);

  /** A new screen: what the old one said is no longer about what is shown. Announce after calling this. */
  const setScreen = useCallback(
    (next: Screen) => {
      if (screenRef.current.name === 'list' && next.name !== 'list') origin.current = originOf(document.activeElement);
      setScreenState(next);
      clearToast();
    },
    [clearToast],
  );

  const reload = useCallback(async () => {
    const wire = await request({ type: 'accounts' });
    performance.mark('otto:data');
    setAccounts(decodeAll(wire));
  }, []);

  /** The background has answered `status`: from then on only it decides what is shown. */
  const answered = useRef(false);

  const refreshStatus = useCallback(async () => {
    const status = await request({ type: 'status' });
    answered.current = true;
    setSettings(status.settings);
    setBackup(status.backup);
    ticker.setOffset(status.settings.timeOffsetMs);
    if (status.state === 'unlocked') await reload();
    else setAccounts(null);
    if (status.state === 'new') setJoinable((await request({ type: 'syncProbe' }).catch(() => ({ found: false }))).found);
    setState(status.state);
  }, [reload]);

  useEffect(() => {
    document.documentElement.lang = browser.i18n.getUILanguage();
    const tabKnown = currentTab().then(
      (ctx) => (setTab(ctx), ctx),
      () => (setTab((cur) => ({ ...cur, known: true })), null),
    );
    const askBackground = () => {
      void tabKnown.then((ctx) => ctx && askTabInfo(ctx, setTab));
      refreshStatus().catch((e) => {
        answered.current = true;
        setAccounts(null);
        setState('locked');
        announce(errorText(e));
      });
    };
    if (!session) return void askBackground();
    // First paint from the popup's own opening of the vault, with the tab known (its bound
    // accounts come first). The background is asked (status, then what it knows of the tab)
    // once that frame is out: waking a stopped service worker would compete for the CPU with
    // this paint. Its answer then decides.
    void Promise.all([session, tabKnown]).then(([view]) => {
      if (!view || answered.current) return void askBackground();
      performance.mark('otto:data');
      ticker.setOffset(view.settings.timeOffsetMs);
      setSettings(view.settings);
      setAccounts(view.accounts);
      setState('unlocked');
      requestAnimationFrame(() => setTimeout(askBackground, 0));
    });
  }, [refreshStatus, announce, session]);

  /** Locked, here or elsewhere: nothing of the vault stays on screen or in memory. */
  const dropVault = useCallback(() => {
    answered.current = true; // A view the popup opened itself must not come back after this.
    // Firefox has no offscreen page: an open popup is the only place that can clear the code on Lock.
    void clipboard.clearNow();
    // A just-deleted account (secret included) must not outlive the lock, nor its Undo toast.
    undo.take();
    setAccounts(null);
    setPendingFill(null);
    setReauthAsk((ask) => {
      ask?.settle(false);
      return null;
    });
    setScreen({ name: 'list' });
    setState((s) => (s === 'new' ? s : 'locked'));
  }, [setScreen, undo]);

  /**
   * Another browser changed the accounts (a sync round): show them as they are now. A focused
   * row that is gone hands focus to its neighbour. An Edit form of an account deleted there
   * closes (saving it could only bring the account back).
   */
  const syncedElsewhere = useCallback(async () => {
    const before = accountsRef.current;
    const li = document.activeElement?.closest<HTMLElement>('li[data-id]');
    const near = [li?.nextElementSibling, li?.previousElementSibling].map((el) => (el as HTMLElement | null | undefined)?.dataset['id']);
    await reload();
    // After the list has rendered (as focusRowSoon).
    setTimeout(() => {
      const now = new Set(accountsRef.current.map((a) => a.id));
      const s = screenRef.current;
      if (s.name === 'edit') {
        const was = before.find((a) => a.id === s.id);
        const is = accountsRef.current.find((a) => a.id === s.id);
        const name = (a?: Account) => a?.issuer || a?.label || t('unnamed');
        if (!is) {
          setScreen({ name: 'list' });
          return announce(t('deletedElsewhere', name(was)));
        }
        // The form takes over the fields the user has not touched (Edit.tsx): say why they moved.
        if (was && JSON.stringify(toWire(was)) !== JSON.stringify(toWire(is))) announce(t('changedElsewhere', name(is)));
      }
      // A focused row deleted there hands focus to its neighbour (a row that stays keeps it by itself).
      if (!li || li.isConnected || (document.activeElement && document.activeElement !== document.body)) return;
      const next = near.find((id) => id && now.has(id));
      if (next) document.getElementById(rowId(next))?.focus();
      else document.querySelector<HTMLElement>('[data-autofocus]:not(:disabled), main button:not(:disabled)')?.focus();
    }, 0);
  }, [reload, setScreen, announce]);

  useEffect(() => {
    // Only the background's own events (it is no tab); a content script's message is not a lock.
    const listener = (message: unknown, sender: { tab?: unknown }) => {
      const event = message as PageEvent | null;
      if (sender.tab || !event || typeof event !== 'object') return;
      if (event.type === 'locked') dropVault();
      else if (event.type === 'unlocked') void refreshStatus().catch(() => undefined);
      // Locked meanwhile: the background answers nothing, and the unlock reloads anyway.
      else if (event.type === 'accountsChanged' && state === 'unlocked') void syncedElsewhere().catch(() => undefined);
      // Returns nothing: this page never answers requests meant for the background.
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, [dropVault, refreshStatus, syncedElsewhere, state]);

  const askReauth = useCallback(
    (action: (passphrase: string) => Promise<void>) => new Promise<boolean>((settle) => setReauthAsk({ run: action, settle })),
    [],
  );

  const onUnlocked = useCallback(async () => {
    setScreen({ name: 'list' });
    await refreshStatus();
  }, [refreshStatus, setScreen]);

  // Every screen change: scroll to the top, focus the first field or heading (or, back on
  // the list, the row the user left from).
  const root = useRef<HTMLDivElement>(null);
  const view = state === 'unlocked' && accounts ? `${screen.name}:${'id' in screen ? screen.id : ''}` : state;
  useLayoutEffect(() => {
    if (root.current) enterScreen(root.current, view.startsWith('list:') ? origin.current : null);
    if (view.startsWith('list:')) origin.current = null;
  }, [view]);

  const restoreDeleted = useCallback(async () => {
    const item = undo.take();
    if (!item) return;
    try {
      await request({ type: 'saveAccounts', accounts: [toWire(item.account)] });
      await request({ type: 'reorder', ids: item.order });
      await reload();
      focusRowSoon(item.account.id);
      announce(t('restored'));
    } catch (e) {
      announce(errorText(e));
    }
  }, [undo, reload, announce]);

  // Escape means Back (or Cancel) on every sub-screen; an open dialog handles its own.
  // Ctrl+Z (outside text fields) takes back a delete while Undo is offered.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || document.querySelector('dialog[open]')) return;
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'z' && undo.current && !isTextField(e.target)) {
        e.preventDefault();
        void restoreDeleted();
      } else if (e.key === 'Escape' && state === 'unlocked' && screenRef.current.name !== 'list') {
        e.preventDefault();
        setScreen({ name: 'list' });
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [state, setScreen, undo, restoreDeleted]);

  const fillTab = useCallback(
    async (accountId: string, both: boolean, consent: FillConsent | undefined) => {
      if (tab.id === null) return announce(t('fillNoTab'));
      try {
        const r = await request({ type: 'fillTab', tabId: tab.id, accountId, both, consent });
        if ('filled' in r) {
          setPendingFill(null);
          announce(r.filled > 1 ? t('filledMany', r.filled) : t('filledOne'));
        } else if ('ask' in r) {
          setPendingFill({ kind: 'ask', accountId, both, ask: r.ask });
        } else {
          setPendingFill({ kind: 'wait', accountId, both, consent, until: Date.now() + r.waitMs });
        }
      } catch (e) {
        setPendingFill(null);
        if (isOttoError(e, 'locked')) return void onUnlocked();
        announce(errorText(e));
      }
    },
    [tab, announce, onUnlocked],
  );

  const api = useMemo<AppApi>(() => {
    return {
      accounts: accounts ?? [],
      settings,
      backup,
      tab,
      go: setScreen,
      reload,
      announce,
      async saveSettings(patch) {
        const next = await request({ type: 'setSettings', settings: patch });
        setSettings(next);
        ticker.setOffset(next.timeOffsetMs);
      },
      async copy(account) {
        try {
          let code: string;
          let which: 'current' | 'next' = 'current';
          if (account.type === 'hotp') {
            // Showing an HOTP code uses it up: only advance when the user asks for it.
            code = (await request({ type: 'advanceHotp', id: account.id })).code;
            void reload();
          } else {
            // In the last seconds of a step the current code would expire before it is pasted.
            const now = ticker.now();
            const offset = copyStepOffset(now, periodOf(account));
            code = codeFor(account, now, offset);
            if (offset) which = 'next';
          }
          await clipboard.copy(code, settings.clipboardClearSeconds);
          // The popup usually closes before its timer fires: the background clears it then.
          if (settings.clipboardClearSeconds > 0) {
            void request({ type: 'clearClipboardLater', sha256: await sha256Hex(code), seconds: settings.clipboardClearSeconds }).catch(() => undefined);
          }
          const said = which === 'next' ? tp('copiedNext', secondsLeft(ticker.now(), periodOf(account))) : t('copied');
          const clears = settings.clipboardClearSeconds > 0 ? ` ${tp('clipboardClears', settings.clipboardClearSeconds)}` : '';
          // The row shows "Copied ✓"; screen readers hear it here.
          announce(said + clears, true);
          return which;
        } catch (e) {
          announce(errorText(e));
          return null;
        }
      },
      fill: (id, both = false) => fillTab(id, both, undefined),
      async remove(account) {
        const order = accountsRef.current.map((a) => a.id);
        await request({ type: 'deleteAccount', id: account.id });
        setScreen({ name: 'list' });
        undo.offer({ account, order });
        await reload();
        // The deleted row is gone: focus goes to the way back.
        setTimeout(() => document.getElementById('undo-delete')?.focus(), 0);
      },
      async backupNow(backupPassphrase) {
        // The vault's passphrase is asked again: it seals the backup, or authorises one under its own.
        return askReauth(async (passphrase) => {
          const r = await request({ type: 'exportBackup', passphrase, ...(backupPassphrase === undefined ? {} : { backupPassphrase }) });
          download(r.fileName, r.text, 'application/json');
          setBackup((await request({ type: 'status' })).backup);
          announce(t(backupPassphrase === undefined ? 'backupSavedVault' : 'backupSavedOwn', r.fileName));
        });
      },
      async lock() {
        await request({ type: 'lock' });
        dropVault();
      },
      reauth: askReauth,
    };
  }, [accounts, settings, backup, tab, reload, announce, undo, fillTab, setScreen, dropVault, askReauth]);

  let body;
  if (state === 'loading') {
    body = (
      <main class="screen">
        <p class="center muted">{t('loading')}</p>
      </main>
    );
  }
  else if (state === 'new' && joinable) body = <JoinSyncScreen onDone={onUnlocked} onCreateNew={() => setJoinable(false)} />;
  else if (state === 'new') body = <SetupScreen onDone={onUnlocked} />;
  else if (state === 'locked' || !accounts) body = <UnlockScreen onDone={onUnlocked} />;
  else {
    const s = screen;
    body = (
      <AppContext.Provider value={api}>
        {s.name === 'list' && <AccountsScreen returnTo={origin.current && 'row' in origin.current ? origin.current.row : undefined} />}
        {s.name === 'add' && <AddScreen initial={s.draft} />}
        {s.name === 'edit' && <EditScreen id={s.id} />}
        {s.name === 'scan' && <ScanScreen />}
        {s.name === 'import' && <ImportScreen text={s.text} />}
        {s.name === 'export' && <ExportScreen />}
        {s.name === 'settings' && <SettingsScreen />}
        {reauthAsk && (
          <ReauthDialog
            run={reauthAsk.run}
            onClose={(done) => {
              reauthAsk.settle(done);
              setReauthAsk(null);
            }}
          />
        )}
        {pendingFill && (
          <FillPrompt
            pending={pendingFill}
            onConfirm={(p) => fillTab(p.accountId, p.both, consentOf(p))}
            onCancel={() => setPendingFill(null)}
          />
        )}
      </AppContext.Provider>
    );
  }

  return (
    <div class="app" ref={root}>
      {body}
      <Toast text={toast.text} serial={toast.serial} quiet={toast.quiet} onDone={clearToast}>
        {undoItem && (
          <UndoOffer
            text={t('deletedName', undoItem.account.issuer || undoItem.account.label || t('unnamed'))}
            label={t('undo')}
            onUndo={restoreDeleted}
            onPause={() => undo.pause()}
            onResume={() => undo.resume()}
          />
        )}
      </Toast>
    </div>
  );
}
