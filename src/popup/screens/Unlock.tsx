/** Locked vault: one focused field, Enter unlocks. */
import { useRef, useState } from 'preact/hooks';
import { request } from '../../shared/client';
import { errorText, t } from '../i18n';

export function UnlockScreen({ onDone }: { onDone(): void }) {
  const [pass, setPass] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!pass || busy) return;
    setBusy(true);
    setError('');
    try {
      await request({ type: 'unlock', passphrase: pass });
      setPass('');
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
      field.current?.select();
    }
  };

  return (
    <main class="screen gate">
      <h1>{t('unlockTitle')}</h1>
      <form onSubmit={submit} class="form">
        <label>
          {t('passphrase')}
          <input
            ref={field}
            data-autofocus
            type="password"
            autocomplete="current-password"
            value={pass}
            onInput={(e) => setPass(e.currentTarget.value)}
            aria-invalid={Boolean(error)}
            aria-describedby="unlock-error"
          />
        </label>
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
