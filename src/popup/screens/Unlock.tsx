/** Locked vault: one focused field, Enter unlocks. */
import { useRef, useState } from 'preact/hooks';
import { request } from '../../shared/client';
import { PassphraseField } from '../components/PassphraseField';
import { t } from '../i18n';
import { useSubmit } from '../submit';

export function UnlockScreen({ onDone }: { onDone(): void }) {
  const [pass, setPass] = useState('');
  const field = useRef<HTMLInputElement>(null);
  const [busy, error, submit] = useSubmit(async () => {
    // A wrong passphrase is selected, so typing replaces it.
    await request({ type: 'unlock', passphrase: pass }).catch((err: unknown) => {
      field.current?.select();
      throw err;
    });
    setPass('');
    onDone();
  }, Boolean(pass));

  return (
    <main class="screen gate">
      <h1>{t('unlockTitle')}</h1>
      <form onSubmit={submit} class="form">
        <PassphraseField label={t('passphrase')} value={pass} onValue={setPass} ref={field} data-autofocus aria-invalid={Boolean(error)} aria-describedby="unlock-error" />
        <p id="unlock-error" class="field-error" role="alert">
          {error}
        </p>
        <button type="submit" class="primary" disabled={!pass || busy}>
          {busy ? t('unlocking') : t('unlock')}
        </button>
      </form>
    </main>
  );
}
