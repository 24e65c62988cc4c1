/**
 * Backups: the encrypted file, a plain otpauth:// list behind a warning, and one account's
 * QR code behind a reveal. Each asks for the passphrase again (the background checks it).
 */
import { useState } from 'preact/hooks';
import { formatOtpauthUri } from '../../core/otpauth';
import { request } from '../../shared/client';
import { useApp } from '../app-context';
import { Header } from '../components/Header';
import { PassphraseField } from '../components/PassphraseField';
import { QrSvg } from '../components/QrSvg';
import { download } from '../download';
import { t } from '../i18n';
import { passphraseProblem } from '../passphrase';

export function ExportScreen() {
  const app = useApp();
  const [separate, setSeparate] = useState(false);
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [plainOk, setPlainOk] = useState(false);
  const [qrId, setQrId] = useState(app.accounts[0]?.id ?? '');
  const [revealed, setRevealed] = useState(false);
  const [busy, setBusy] = useState(false);
  const problem = separate ? passphraseProblem(pass, again) : null;
  const qrAccount = app.accounts.find((a) => a.id === qrId);

  const exportSealed = async (e: Event) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    await app.backupNow(separate ? pass : undefined);
    setBusy(false);
  };

  const exportPlain = () =>
    app.reauth(async (passphrase) => {
      const r = await request({ type: 'exportPlain', passphrase });
      download(r.fileName, r.text, 'text/plain');
      setPlainOk(false);
    });

  const toggleQr = async () => {
    if (revealed) return setRevealed(false);
    await app.reauth(async (passphrase) => {
      await request({ type: 'verifyPassphrase', passphrase });
      setRevealed(true);
    });
  };

  return (
    <main class="screen">
      <Header title={t('exportTitle')} />
      <form class="form section" onSubmit={exportSealed}>
        <h2>{t('exportSealedTitle')}</h2>
        <p class="muted small">{t('exportSealedHelp')}</p>
        <p class="banner" id="export-protection">
          {separate ? t('exportOwnPassword') : t('exportVaultPassphrase')}
        </p>
        <label class="check">
          <input type="checkbox" checked={separate} onChange={(e) => setSeparate(e.currentTarget.checked)} />
          {t('exportSeparatePass')}
        </label>
        {separate && (
          <>
            <PassphraseField label={t('backupPassword')} value={pass} onValue={setPass} autocomplete="new-password" />
            <PassphraseField label={t('passphraseConfirm')} value={again} onValue={setAgain} autocomplete="new-password" />
            {problem && (pass || again) && (
              <p class="field-error" aria-live="polite">
                {problem === 'short' ? t('passphraseShort', pass.length) : t('passphraseMismatch')}
              </p>
            )}
          </>
        )}
        <button type="submit" class="primary" disabled={Boolean(problem) || busy} aria-describedby="export-protection">
          {t('exportSealedButton')}
        </button>
      </form>

      <section class="form section" aria-labelledby="plain-title">
        <h2 id="plain-title">{t('exportPlainTitle')}</h2>
        <p class="banner warn">{t('exportPlainWarning')}</p>
        <label class="check">
          <input type="checkbox" checked={plainOk} onChange={(e) => setPlainOk(e.currentTarget.checked)} />
          {t('exportPlainConfirm')}
        </label>
        <button type="button" disabled={!plainOk || !app.accounts.length} onClick={exportPlain}>
          {t('exportPlainButton')}
        </button>
      </section>

      <section class="form section" aria-labelledby="qr-title">
        <h2 id="qr-title">{t('exportQrTitle')}</h2>
        <label>
          {t('account')}
          <select
            value={qrId}
            onChange={(e) => {
              setQrId(e.currentTarget.value);
              setRevealed(false);
            }}
          >
            {app.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.issuer && a.label ? `${a.issuer} (${a.label})` : a.issuer || a.label || t('unnamed')}
              </option>
            ))}
          </select>
        </label>
        <p class="muted small">{t('exportQrHelp')}</p>
        <button type="button" aria-expanded={revealed} disabled={!qrAccount} onClick={toggleQr}>
          {revealed ? t('hideQr') : t('revealQr')}
        </button>
        {revealed && qrAccount && <QrSvg text={formatOtpauthUri(qrAccount)} label={t('qrFor', qrAccount.issuer || qrAccount.label || t('unnamed'))} />}
      </section>
    </main>
  );
}
