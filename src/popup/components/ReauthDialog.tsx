/**
 * Asks for the passphrase again before a dangerous action (plain export, a backup,
 * revealing a secret, widening an account's sites, auto-submit). `run` performs the
 * action with it in the background, which checks it; a wrong passphrase keeps the
 * dialog open.
 */
import { useState } from 'preact/hooks';
import { errorText, t } from '../i18n';
import { Dialog } from './Dialog';

interface Props {
  run(passphrase: string): Promise<void>;
  onClose(done: boolean): void;
}

export function ReauthDialog({ run, onClose }: Props) {
  const [pass, setPass] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

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
      setError(errorText(err));
    }
  };

  return (
    <Dialog title={t('reauthTitle')} describedBy="reauth-explain" onCancel={() => onClose(false)}>
      <form class="form" onSubmit={submit}>
        <p id="reauth-explain" class="muted small">
          {t('reauthExplain')}
        </p>
        <label>
          {t('passphrase')}
          <input
            type="password"
            data-initial-focus
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
    </Dialog>
  );
}
