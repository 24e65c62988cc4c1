/** First run: choose the passphrase that seals the vault, with an estimate of how guessable it is. */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../shared/client';
import { PassphraseField } from '../components/PassphraseField';
import { t } from '../i18n';
import { passphraseProblem } from '../passphrase';
import { loadScorer, STRENGTH_KEYS, type Scorer } from '../strength';
import { useSubmit } from '../submit';

export function SetupScreen({ onDone }: { onDone(): void }) {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const problem = passphraseProblem(pass, again);
  const [scorer, setScorer] = useState<Scorer | null>(null);
  useEffect(() => {
    loadScorer().then((s) => setScorer(() => s), () => undefined);
  }, []);
  const score = scorer && pass ? scorer(pass) : null;

  const [busy, error, submit] = useSubmit(async () => {
    await request({ type: 'setup', passphrase: pass });
    onDone();
  }, !problem);

  return (
    <main class="screen gate">
      <h1>{t('setupTitle')}</h1>
      <p>{t('setupExplain')}</p>
      <form onSubmit={submit} class="form">
        <PassphraseField label={t('passphrase')} value={pass} onValue={setPass} autocomplete="new-password" data-autofocus aria-describedby="setup-strength setup-problem" />
        {score !== null && (
          <div id="setup-strength" class="strength">
            <meter min={0} max={4} low={2} high={3} optimum={4} value={score} aria-label={t('strengthLabel')} />
            <p class={score < 3 ? 'field-error' : 'muted small'} aria-live="polite">
              {t(STRENGTH_KEYS[score]!)}
            </p>
          </div>
        )}
        <PassphraseField label={t('passphraseConfirm')} value={again} onValue={setAgain} autocomplete="new-password" aria-describedby="setup-problem" />
        <p id="setup-problem" class={problem && (pass || again) ? 'field-error' : 'muted'} aria-live="polite">
          {problem === 'short' ? t('passphraseShort', pass.length) : problem === 'mismatch' && again ? t('passphraseMismatch') : problem ? '' : t('passphraseOk')}
        </p>
        {error && <p class="field-error" role="alert">{error}</p>}
        <button type="submit" class="primary" disabled={Boolean(problem) || busy}>
          {busy ? t('working') : t('setupButton')}
        </button>
      </form>
    </main>
  );
}
