/** First run: choose the passphrase that seals the vault, with an estimate of how guessable it is. */
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../shared/client';
import { errorText, t } from '../i18n';
import { passphraseProblem } from '../passphrase';
import { loadScorer, STRENGTH_KEYS, type Scorer } from '../strength';

export function SetupScreen({ onDone }: { onDone(): void }) {
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const problem = passphraseProblem(pass, again);
  const [scorer, setScorer] = useState<Scorer | null>(null);
  useEffect(() => {
    loadScorer().then((s) => setScorer(() => s), () => undefined);
  }, []);
  const score = scorer && pass ? scorer(pass) : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (problem) return;
    setBusy(true);
    try {
      await request({ type: 'setup', passphrase: pass });
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <main class="screen gate">
      <h1>{t('setupTitle')}</h1>
      <p>{t('setupExplain')}</p>
      <form onSubmit={submit} class="form">
        <label>
          {t('passphrase')}
          <input type="password" data-autofocus autocomplete="new-password" value={pass} onInput={(e) => setPass(e.currentTarget.value)} aria-describedby="setup-strength setup-problem" />
        </label>
        {score !== null && (
          <div id="setup-strength" class="strength">
            <meter min={0} max={4} low={2} high={3} optimum={4} value={score} aria-label={t('strengthLabel')} />
            <p class={score < 3 ? 'field-error' : 'muted small'} aria-live="polite">
              {t(STRENGTH_KEYS[score]!)}
            </p>
          </div>
        )}
        <label>
          {t('passphraseConfirm')}
          <input type="password" autocomplete="new-password" value={again} onInput={(e) => setAgain(e.currentTarget.value)} aria-describedby="setup-problem" />
        </label>
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
