/**
 * Settings → Sync: the opt-in, what is synced and how, the state of syncing, the items
 * that were ignored, and the questions sync may need answered (the passphrase changed
 * in another browser; another vault in browser sync: merge or replace).
 */
import { useState } from 'preact/hooks';
import { request } from '../../shared/client';
import type { SyncInfo } from '../../shared/messages';
import { useApp } from '../app-context';
import { errorText, t, tp } from '../i18n';
import { useSubmit } from '../submit';
import { useSyncStatus } from '../sync-status';
import { Dialog } from './Dialog';
import { PassphraseField } from './PassphraseField';

const KB = (bytes: number) => Math.ceil(bytes / 1024);

/** A passphrase asked inline; it stays after success (another question may follow), emptied. */
function PassphraseForm(props: { label: string; button: string; onSubmit(passphrase: string): Promise<void> }) {
  const [pass, setPass] = useState('');
  const [busy, error, submit] = useSubmit(
    async () => {
      await props.onSubmit(pass);
      setPass('');
    },
    Boolean(pass),
    true,
  );
  return (
    <form class="form" onSubmit={submit}>
      <PassphraseField label={props.label} value={pass} onValue={setPass} aria-invalid={Boolean(error)} />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={!pass || busy}>
        {busy ? t('working') : props.button}
      </button>
    </form>
  );
}

export function SyncSettings() {
  const app = useApp();
  const [error, setError] = useState('');
  const [info, setInfo] = useSyncStatus(true, (e) => setError(errorText(e)));
  const [asking, setAsking] = useState<'enable' | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'merge'; passphrase: string } | { kind: 'replace' } | null>(null);

  const act = async (run: () => Promise<SyncInfo | void>) => {
    setError('');
    try {
      const next = await run();
      if (next) setInfo(next);
      await app.reload();
    } catch (e) {
      setError(errorText(e));
    }
  };

  const adopt = async (passphrase: string, merge = false) => {
    const r = await request({ type: 'syncAdopt', passphrase, merge });
    if ('differentVault' in r) return setConfirm({ kind: 'merge', passphrase });
    setConfirm(null);
    setInfo(r.status);
    app.announce(t('sync_adopted'));
    await app.reload();
  };

  if (!info) return null;
  const on = info.enabled;
  return (
    <section class="form section" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('sync_title')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={on || asking === 'enable'}
          aria-describedby="sync-explain"
          onChange={(e) => {
            if (e.currentTarget.checked) setAsking('enable');
            else void act(() => request({ type: 'syncDisable' }));
          }}
        />
        {t('sync_toggle')}
      </label>
      <p id="sync-explain" class="muted small">
        {t('sync_explain')}
      </p>

      {asking === 'enable' && !on && (
        <PassphraseForm
          label={t('sync_enablePassphrase')}
          button={t('sync_enableButton')}
          onSubmit={async (passphrase) => {
            const next = await request({ type: 'syncEnable', passphrase });
            setAsking(null);
            setInfo(next);
            await app.reload();
          }}
        />
      )}

      <SyncState info={info} />

      {info.state === 'paused' && (info.paused === 'newPassphrase' || info.paused === 'foreignKey') && (
        <PassphraseForm
          label={info.paused === 'newPassphrase' ? t('sync_newPassphraseLabel') : t('sync_otherPassphraseLabel')}
          button={t('sync_adoptButton')}
          onSubmit={(passphrase) => adopt(passphrase)}
        />
      )}
      {info.state === 'paused' && info.paused === 'foreignKey' && (
        <div class="actions start">
          <button type="button" onClick={() => setConfirm({ kind: 'replace' })}>
            {t('sync_replaceButton')}
          </button>
        </div>
      )}

      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}

      {confirm?.kind === 'merge' && (
        <Dialog title={t('sync_mergeTitle')} warn describedBy="sync-merge-text" onCancel={() => setConfirm(null)}>
          <p id="sync-merge-text">{t('sync_mergeText')}</p>
          <div class="actions">
            <button type="button" data-initial-focus onClick={() => setConfirm(null)}>
              {t('cancel')}
            </button>
            <button type="button" class="primary" onClick={() => void act(() => adopt(confirm.passphrase, true))}>
              {t('sync_mergeButton')}
            </button>
          </div>
        </Dialog>
      )}
      {confirm?.kind === 'replace' && (
        <Dialog title={t('sync_replaceTitle')} alert warn describedBy="sync-replace-text" onCancel={() => setConfirm(null)}>
          <p id="sync-replace-text">{t('sync_replaceText')}</p>
          <PassphraseForm
            label={t('sync_yourPassphrase')}
            button={t('sync_replaceButton')}
            onSubmit={async (passphrase) => {
              const next = await request({ type: 'syncReplace', passphrase });
              setConfirm(null);
              setInfo(next);
              await app.reload();
            }}
          />
          <div class="actions">
            <button type="button" data-initial-focus onClick={() => setConfirm(null)}>
              {t('cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** The state of syncing in words: where it stands, what is not synced, what was ignored. */
function SyncState({ info }: { info: SyncInfo }) {
  if (!info.enabled && info.state !== 'paused') return null;
  const lines: string[] = [];
  if (info.state === 'ok') lines.push(t('sync_stateOk', KB(info.bytes), KB(info.quota)));
  if (info.state === 'locked') lines.push(t('sync_stateLocked'));
  if (info.state === 'paused') lines.push(t(`sync_paused_${info.paused ?? 'foreignKey'}`));
  if (info.lastSync && info.state === 'ok') lines.push(t('sync_lastSync', new Date(info.lastSync).toLocaleTimeString()));
  const problems: string[] = [];
  if (info.unsynced > 0) problems.push(tp('sync_unsynced', info.unsynced));
  else if (info.full) problems.push(t('sync_full'));
  if (info.error) problems.push(errorText(info.error));
  return (
    <div class="sync-state" aria-live="polite">
      {lines.map((l) => (
        <p key={l} class={info.state === 'paused' ? 'banner warn' : 'muted small'}>
          {l}
        </p>
      ))}
      {problems.map((p) => (
        <p key={p} class="banner warn" role="status">
          {p}
        </p>
      ))}
      {info.recent.length > 0 && (
        <div role="status">
          <p class="banner warn">{tp('sync_ignored', info.recent.length)}</p>
          <ul class="small">
            {info.recent.map((w) => (
              <li key={`${w.item} ${w.code} ${w.at}`}>
                <time dateTime={new Date(w.at).toISOString()}>{new Date(w.at).toLocaleTimeString()}</time>{' '}
                {errorText({ code: w.code, params: { item: w.item } })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
