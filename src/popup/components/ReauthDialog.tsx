/**
 * Asks for the passphrase again before a dangerous action (plain export, revealing a
 * secret, widening an account's sites, auto-submit). `run` performs the action with it in
 * the background, which checks it; a wrong passphrase keeps the dialog open.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { RequestError } from '../../shared/client';
import { t } from '../i18n';

interface Props {
  run(passphrase: string): Promise<void>;
  onClose(done: boolean): void;
}

export function ReauthDialog({ run, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [pass, setPass] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!pass || busy) return;
    setBusy(true);
    setError('');
    try {
      await run(pass);
      setPass('');
      onClose(true);
    } catch (err) {
      setBusy(false);
      setError(err instanceof RequestError && err.code === 'wrong-passphrase' ? t('wrongPassphrase') : err instanceof Error ? err.message : t('errorGeneric'));
    }
  };

  return (
    <dialog ref={dialog} class="prompt" aria-labelledby="reauth-title" onCancel={() => onClose(false)}>
      <form class="form" onSubmit={submit}>
        <h2 id="reauth-title">{t('reauthTitle')}</h2>
        <p class="muted small">{t('reauthExplain')}</p>
        <label>
          {t('passphrase')}
          <input
            type="password"
            autoFocus
            autocomplete="current-password"
            value={pass}
            onInput={(e) => setPass(e.currentTarget.value)}
            aria-invalid={Boolean(error)}
            aria-describedby="reauth-error"
          />
        </label>
        <p id="reauth-error" class="field-error" role="alert">
          {error}
        </p>
        <div class="actions">
          <button type="button" onClick={() => onClose(false)}>
            {t('cancel')}
          </button>
          <button type="submit" class="primary" disabled={!pass || busy}>
            {busy ? t('working') : t('reauthConfirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
