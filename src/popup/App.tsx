/** The popup's state machine: vault state first, then which screen of the unlocked vault. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { type Account, type AccountWire, fromWire, toWire } from '../core/account';
import { codeFor } from '../core/otp';
import { request, RequestError } from '../shared/client';
import { DEFAULT_SETTINGS, type FillConsent, type Settings, type VaultState } from '../shared/messages';
import { AppContext, type AppApi, type Screen, type TabContext } from './app-context';
import { ClipboardClearer } from './clipboard';
import { sha256Hex } from '../shared/digest';
import { consentOf, FillPrompt, type PendingFill } from './components/FillPrompt';
import { Toast } from './components/Toast';
import { hostOf } from './format';
import { t } from './i18n';
import { AccountsScreen } from './screens/Accounts';
import { AddScreen } from './screens/Add';
import { EditScreen } from './screens/Edit';
import { ExportScreen } from './screens/Export';
import { ImportScreen } from './screens/Import';
import { ScanScreen } from './screens/Scan';
import { SettingsScreen } from './screens/Settings';
import { SetupScreen } from './screens/Setup';
import { UnlockScreen } from './screens/Unlock';
import { ticker } from './ticker';
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

async function currentTab(): Promise<TabContext> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  const ctx: TabContext = { id: tab?.id ?? null, host: hostOf(tab?.url), codeFields: 0, clock: null };
  if (ctx.id === null) return ctx;
  try {
    const info = await request({ type: 'tabInfo', tabId: ctx.id });
    return { ...ctx, host: ctx.host || info.host, codeFields: info.codeFields, clock: info.clock };
  } catch {
    return ctx; // Browser pages have no content script; Fill and Scan explain that when used.
  }
}

function errorText(e: unknown): string {
  return e instanceof Error && e.message ? e.message : t('errorGeneric');
}

export function App() {
  const [state, setState] = useState<VaultState | 'loading'>('loading');
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [tab, setTab] = useState<TabContext>({ id: null, host: '', codeFields: 0, clock: null });
  // The context menu and the scan shortcut open the popup at #scan (see background/menus.ts).
  const [screen, setScreen] = useState<Screen>(location.hash === '#scan' ? { name: 'scan' } : { name: 'list' });
  // `serial` makes a repeated message (a second "Code copied.") a new announcement with a fresh timer.
  const [toast, setToast] = useState({ text: '', serial: 0 });
  const [pendingFill, setPendingFill] = useState<PendingFill | null>(null);
  const [undoItem, setUndoItem] = useState<{ account: Account; order: string[] } | null>(null);
  const undo = useRef(new UndoSlot<{ account: Account; order: string[] }>(setUndoItem)).current;
  const accountsRef = useRef<Account[]>([]);
  accountsRef.current = accounts ?? [];

  const announce = useCallback((text: string) => setToast((cur) => ({ text, serial: cur.serial + 1 })), []);
  const clearToast = useCallback(() => setToast((cur) => ({ ...cur, text: '' })), []);

  const reload = useCallback(async () => {
    const wire = await request({ type: 'accounts' });
    performance.mark('otto:data');
    setAccounts(decodeAll(wire));
  }, []);

  const refreshStatus = useCallback(async () => {
    const status = await request({ type: 'status' });
    setSettings(status.settings);
    ticker.setOffset(status.settings.timeOffsetMs);
    if (status.state === 'unlocked') await reload();
    setState(status.state);
  }, [reload]);

  useEffect(() => {
    document.documentElement.lang = browser.i18n.getUILanguage();
    refreshStatus().catch((e) => {
      setState('locked');
      announce(errorText(e));
    });
    currentTab().then(setTab, () => undefined);
  }, [refreshStatus, announce]);

  const onUnlocked = useCallback(async () => {
    setScreen({ name: 'list' });
    await refreshStatus();
  }, [refreshStatus]);

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
        if (e instanceof RequestError && e.code === 'locked') return void onUnlocked();
        announce(errorText(e));
      }
    },
    [tab, announce, onUnlocked],
  );

  const api = useMemo<AppApi>(() => {
    return {
      accounts: accounts ?? [],
      settings,
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
          if (account.type === 'hotp') {
            // Showing an HOTP code uses it up: only advance when the user asks for it.
            code = (await request({ type: 'advanceHotp', id: account.id })).code;
            void reload();
          } else {
            code = codeFor(account, ticker.now());
          }
          await clipboard.copy(code, settings.clipboardClearSeconds);
          // The popup usually closes before its timer fires: the background clears it then.
          if (settings.clipboardClearSeconds > 0) {
            void request({ type: 'clearClipboardLater', sha256: await sha256Hex(code), seconds: settings.clipboardClearSeconds }).catch(() => undefined);
          }
          announce(settings.clipboardClearSeconds > 0 ? t('copiedClears', settings.clipboardClearSeconds) : t('copied'));
        } catch (e) {
          announce(errorText(e));
        }
      },
      fill: (id, both = false) => fillTab(id, both, undefined),
      async remove(account) {
        const order = accountsRef.current.map((a) => a.id);
        await request({ type: 'deleteAccount', id: account.id });
        undo.offer({ account, order });
        setScreen({ name: 'list' });
        await reload();
      },
      async lock() {
        await request({ type: 'lock' });
        clipboard.cancel();
        setAccounts(null);
        setScreen({ name: 'list' });
        setState('locked');
      },
    };
  }, [accounts, settings, tab, reload, announce, undo, fillTab]);

  const restoreDeleted = async () => {
    const item = undo.take();
    if (!item) return;
    try {
      await request({ type: 'saveAccounts', accounts: [toWire(item.account)] });
      await request({ type: 'reorder', ids: item.order });
      await reload();
      announce(t('restored'));
    } catch (e) {
      announce(errorText(e));
    }
  };

  let body;
  if (state === 'loading') body = <p class="center muted">{t('loading')}</p>;
  else if (state === 'new') body = <SetupScreen onDone={onUnlocked} />;
  else if (state === 'locked' || !accounts) body = <UnlockScreen onDone={onUnlocked} />;
  else {
    const s = screen;
    body = (
      <AppContext.Provider value={api}>
        {s.name === 'list' && <AccountsScreen />}
        {s.name === 'add' && <AddScreen initial={s.draft} />}
        {s.name === 'edit' && <EditScreen id={s.id} />}
        {s.name === 'scan' && <ScanScreen />}
        {s.name === 'import' && <ImportScreen />}
        {s.name === 'export' && <ExportScreen />}
        {s.name === 'settings' && <SettingsScreen />}
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
    <>
      {body}
      <Toast text={toast.text} serial={toast.serial} onDone={clearToast}>
        {undoItem && (
          <span class="toast-undo">
            {t('deletedName', undoItem.account.issuer || undoItem.account.label || t('unnamed'))}
            <button type="button" class="link" onClick={restoreDeleted}>
              {t('undo')}
            </button>
          </span>
        )}
      </Toast>
    </>
  );
}
