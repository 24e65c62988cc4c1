/**
 * First run in a browser whose sync already holds an Otto vault: join it with the
 * passphrase used in the other browsers, instead of creating an empty vault. Creating
 * a new vault stays possible; it leaves the synced data alone (sync stays off here).
 */
import { useState } from 'preact/hooks';
import { request } from '../../shared/client';
import { PassphraseField } from '../components/PassphraseField';
import { t } from '../i18n';
import { useSubmit } from '../submit';

export function JoinSyncScreen({ onDone, onCreateNew }: { onDone(): void; onCreateNew(): void }) {
  const [pass, setPass] = useState('');
  const [busy, error, submit] = useSubmit(async () => {
    await request({ type: 'syncJoin', passphrase: pass });
    onDone();
  }, Boolean(pass));

  return (
    <main class="screen gate">
      <h1>{t('join_title')}</h1>
      <p id="join-explain">{t('join_explain')}</p>
      <form onSubmit={submit} class="form">
        <PassphraseField label={t('passphrase')} value={pass} onValue={setPass} autoFocus aria-describedby="join-explain" aria-invalid={Boolean(error)} />
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={!pass || busy}>
          {busy ? t('working') : t('join_button')}
        </button>
      </form>
      <p class="muted small" id="join-new-note">
        {t('join_newNote')}
      </p>
      <button type="button" class="link" aria-describedby="join-new-note" onClick={onCreateNew}>
        {t('join_createNew')}
      </button>
    </main>
  );
}
