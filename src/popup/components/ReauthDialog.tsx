/**
 * Asks for the passphrase again before a dangerous action (plain export, a backup,
 * revealing a secret, widening an account's sites, auto-submit). `run` performs the
 * action with it in the background, which checks it; a wrong passphrase keeps the
 * dialog open.
 */
import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { useSubmit } from '../submit';
import { Dialog } from './Dialog';
import { PassphraseField } from './PassphraseField';

interface Props {
  run(passphrase: string): Promise<void>;
  onClose(done: boolean): void;
}

export function ReauthDialog({ run, onClose }: Props) {
  const [pass, setPass] = useState('');
  const [busy, error, submit] = useSubmit(async () => {
    await run(pass);
    onClose(true);
  }, Boolean(pass));

  return (
    <Dialog title={t('reauthTitle')} describedBy="reauth-explain" onCancel={() => onClose(false)}>
      <form class="form" onSubmit={submit}>
        <p id="reauth-explain" class="muted small">
          {t('reauthExplain')}
        </p>
        <PassphraseField label={t('passphrase')} value={pass} onValue={setPass} data-initial-focus aria-invalid={Boolean(error)} aria-describedby="reauth-error" />
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
