/** Read enrollment QR codes from the current tab, preview them, save in one go. */
import { useEffect, useState } from 'preact/hooks';
import { fromWire, toWire } from '../../core/account';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { AccountPreview } from '../components/AccountPreview';
import { Header } from '../components/Header';
import { errorText, qrText, t } from '../i18n';
import { type Candidate, candidateFor } from '../merge';

type State =
  /** A page no extension may read: say so, offer only what works there. */
  | { step: 'closed' }
  | { step: 'scanning' }
  | { step: 'failed'; message: string }
  | { step: 'found'; errors: string[]; items: Array<Candidate & { include: boolean }> }
  | { step: 'saved'; ids: string[] };

export function ScanScreen() {
  const app = useApp();
  const [state, setState] = useState<State>({ step: 'scanning' });

  const scan = async () => {
    if (!app.tab.readable) return setState({ step: 'closed' });
    if (app.tab.id === null) return setState({ step: 'failed', message: t('noTab') });
    setState({ step: 'scanning' });
    try {
      const { hits } = await request({ type: 'scanTab', tabId: app.tab.id });
      // What each unusable code held, then why it was not added.
      const errors = hits.flatMap((h) => (h.error ? [`${qrText(h.content)}: ${errorText(h.error)}`] : []));
      const items = hits.flatMap((h) => h.accounts.map((w) => ({ ...candidateFor(fromWire(w), app.accounts), include: true })));
      if (!items.length && !errors.length) return setState({ step: 'failed', message: t('scanNothing') });
      setState({ step: 'found', errors, items });
    } catch (e) {
      setState({ step: 'failed', message: errorText(e) });
    }
  };
  // Opened at #scan (menu, shortcut) the popup may not know its tab yet: scan once it does.
  useEffect(() => {
    if (app.tab.known) void scan();
  }, [app.tab.known]);

  // The overlay needs the page, so the popup gets out of the way; it reopens with the result.
  const selectRegion = async () => {
    if (app.tab.id === null) return;
    try {
      await request({ type: 'selectRegion', tabId: app.tab.id });
      window.close();
    } catch (e) {
      setState({ step: 'failed', message: errorText(e) });
    }
  };

  const save = async () => {
    if (state.step !== 'found') return;
    const chosen = state.items.filter((i) => i.include).map((i) => i.account);
    try {
      await request({ type: 'saveAccounts', accounts: chosen.map(toWire) });
      await app.reload();
      app.announce(t('savedCount', chosen.length));
      setState({ step: 'saved', ids: chosen.map((a) => a.id) });
    } catch (e) {
      app.announce(errorText(e));
    }
  };

  const toggle = (index: number) => {
    if (state.step !== 'found') return;
    setState({ ...state, items: state.items.map((item, i) => (i === index ? { ...item, include: !item.include } : item)) });
  };

  return (
    <main class="screen">
      <Header title={t('scanTitle')} />
      {state.step === 'closed' && (
        <div class="stack">
          <p class="banner warn">{t('scanClosedPage')}</p>
          <p>{t('scanClosedOffer')}</p>
          <button type="button" class="primary" onClick={() => app.go({ name: 'import' })}>
            {t('scanFromPicture')}
          </button>
          <button type="button" onClick={() => app.go({ name: 'add' })}>
            {t('enterKey')}
          </button>
        </div>
      )}
      {state.step === 'scanning' && (
        <p class="center muted" role="status">
          {t('scanning')}
        </p>
      )}
      {state.step === 'failed' && (
        <div class="stack">
          <p class="banner warn">{state.message}</p>
          <button type="button" onClick={scan}>
            {t('scanAgain')}
          </button>
          <button type="button" onClick={selectRegion}>
            {t('scanSelectRegion')}
          </button>
          <button type="button" onClick={() => app.go({ name: 'import' })}>
            {t('scanFromPicture')}
          </button>
        </div>
      )}
      {state.step === 'found' && (
        <div class="stack">
          {state.errors.map((message, i) => (
            <p class="banner warn" key={`e${i}`}>
              {message}
            </p>
          ))}
          {state.items.length > 0 && (
            <ul class="plain">
              {state.items.map((item, i) => (
                <li key={item.account.id} class="pick">
                  <label class="check">
                    <input type="checkbox" checked={item.include} onChange={() => toggle(i)} />
                    {item.existing ? t('updateName', item.existing.issuer || item.existing.label || t('unnamed')) : t('addThis')}
                  </label>
                  <AccountPreview account={item.account} />
                </li>
              ))}
            </ul>
          )}
          <div class="actions">
            <button type="button" onClick={scan}>
              {t('scanAgain')}
            </button>
            <button type="button" class="primary" disabled={!state.items.some((i) => i.include)} onClick={save}>
              {t('saveCount', state.items.filter((i) => i.include).length)}
            </button>
          </div>
        </div>
      )}
      {state.step === 'saved' && (
        <div class="stack">
          <p>{t('scanSaved')}</p>
          {state.ids.length === 1 && app.tab.codeFields >= 2 && (
            <button type="button" class="primary" onClick={() => app.fill(state.ids[0]!, true)}>
              {t('fillBothNow')}
            </button>
          )}
          {state.ids.length === 1 && app.tab.codeFields === 1 && (
            <button type="button" class="primary" onClick={() => app.fill(state.ids[0]!)}>
              {t('fillNow')}
            </button>
          )}
          <button type="button" onClick={() => app.go({ name: 'list' })}>
            {t('done')}
          </button>
        </div>
      )}
    </main>
  );
}
