/** Rename, re-bind, pin, auto-submit, reorder and delete one account. The secret itself never changes here. */
import { useEffect, useState } from 'preact/hooks';
import { toWire, validateDraft } from '../../core/account';
import { isOttoError } from '../../core/errors';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { Dialog } from '../components/Dialog';
import { Header } from '../components/Header';
import { SitesField } from '../components/SitesField';
import { moveId } from '../filter';
import { parseSites, siteSuggestions } from '../form';
import { errorText, t } from '../i18n';

export function EditScreen({ id }: { id: string }) {
  const app = useApp();
  const account = app.accounts.find((a) => a.id === id);
  const [issuer, setIssuer] = useState(account?.issuer ?? '');
  const [label, setLabel] = useState(account?.label ?? '');
  const [sites, setSites] = useState(account?.sites.join('\n') ?? '');
  const [pinned, setPinned] = useState(account?.pinned ?? false);
  const [autoSubmit, setAutoSubmit] = useState(account?.autoSubmit ?? false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  // The account as the form last took it. Changed meanwhile (sync from another browser): the
  // fields the user has not touched follow, so saving does not silently undo that change;
  // the ones they edited keep their text.
  const [base, setBase] = useState(account);
  useEffect(() => {
    if (!account || !base || account === base) return;
    const sitesOf = (a: typeof account) => a.sites.join('\n');
    if (issuer === base.issuer) setIssuer(account.issuer);
    if (label === base.label) setLabel(account.label);
    if (sites === sitesOf(base)) setSites(sitesOf(account));
    if (pinned === base.pinned) setPinned(account.pinned);
    if (autoSubmit === base.autoSubmit) setAutoSubmit(account.autoSubmit);
    setBase(account);
    // Only a new account object matters; the fields are read as they are at that moment.
  }, [account]);

  if (!account) {
    return (
      <main class="screen">
        <Header title={t('editTitle')} />
        <p class="center muted">{t('accountGone')}</p>
      </main>
    );
  }
  const name = account.issuer || account.label || t('unnamed');
  const ids = app.accounts.map((a) => a.id);
  const index = ids.indexOf(id);

  const save = async (e: Event) => {
    e.preventDefault();
    const parsed = parseSites(sites);
    if (parsed.errors.length) return setError(errorText(parsed.errors[0]));
    const next = { ...account, issuer: issuer.trim(), label: label.trim(), sites: parsed.sites, pinned, autoSubmit, updated: Date.now() };
    try {
      validateDraft(next);
      const accounts = [toWire(next)];
      try {
        await request({ type: 'saveAccounts', accounts, onlyExisting: true });
      } catch (err) {
        // More sites or auto-submit on: the background asks for the passphrase again.
        if (!isOttoError(err, 'reauth')) throw err;
        if (!(await app.reauth((passphrase) => request({ type: 'saveAccounts', accounts, passphrase, onlyExisting: true }).then(() => undefined)))) return;
      }
      await app.reload();
      app.go({ name: 'list' });
      app.announce(t('savedName', next.issuer || next.label || t('unnamed')));
    } catch (err) {
      setError(errorText(err));
    }
  };

  const move = async (delta: number) => {
    try {
      await request({ type: 'reorder', ids: moveId(ids, id, delta) });
      await app.reload();
      app.announce(t('moved', index + delta + 1, ids.length));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <main class="screen">
      <Header title={t('editTitle')} />
      <form class="form" onSubmit={save}>
        <label>
          {t('issuer')}
          <input value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        <label>
          {t('accountName')}
          <input value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </label>
        <SitesField id="edit-sites" value={sites} onInput={setSites} suggestions={siteSuggestions(app.tab.origin)} />
        <label class="check">
          <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} />
          {t('pinned')}
        </label>
        <label class="check">
          <input type="checkbox" checked={autoSubmit} onChange={(e) => setAutoSubmit(e.currentTarget.checked)} aria-describedby="autosubmit-help" />
          {t('autoSubmit')}
        </label>
        <p id="autosubmit-help" class="muted small">
          {t('autoSubmitHelp')}
        </p>
        <div class="field">
          <span class="field-label">{t('position', index + 1, ids.length)}</span>
          <div class="actions start">
            <button type="button" disabled={index <= 0} onClick={() => move(-1)}>
              {t('moveUp')}
            </button>
            <button type="button" disabled={index >= ids.length - 1} onClick={() => move(1)}>
              {t('moveDown')}
            </button>
          </div>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <div class="actions">
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            {t('delete')}
          </button>
          <button type="submit" class="primary">
            {t('save')}
          </button>
        </div>
      </form>
      {confirming && (
        <Dialog alert title={t('deleteConfirm', name)} describedBy="delete-explain" onCancel={() => setConfirming(false)}>
          <p id="delete-explain">{t('deleteExplain')}</p>
          <div class="actions">
            <button type="button" data-initial-focus onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
            <button type="button" class="danger" onClick={() => app.remove(account).catch((e) => setError(errorText(e)))}>
              {t('delete')}
            </button>
          </div>
        </Dialog>
      )}
    </main>
  );
}
