/** Settings, each saved as soon as it is changed; plus passphrase change and the backup entry points. */
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { isOttoError } from '../../core/errors';
import { request } from '../../shared/client';
import { CLIPBOARD_CLEAR_MIN_SECONDS, type Settings } from '../../shared/messages';
import { useApp } from '../app-context';
import { Header } from '../components/Header';
import { PassphraseField } from '../components/PassphraseField';
import { SkewBanner } from '../components/SkewBanner';
import { SyncSettings } from '../components/SyncSettings';
import { errorText, t, tp } from '../i18n';
import { passphraseProblem } from '../passphrase';

/** A whole number within bounds, or null: bad input is reported, never clamped silently. */
function wholeIn(text: string, min: number, max: number): number | null {
  if (!/^\s*-?\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** `orZero`: 0 (off) is allowed below `min`. */
function NumberSetting(props: { label: string; help: string; value: number; min: number; max: number; orZero?: boolean; onSave(n: number): Promise<void> }) {
  const [text, setText] = useState(String(props.value));
  const [error, setError] = useState('');
  const id = props.label.replace(/\W+/g, '-').toLowerCase();
  const commit = async () => {
    const n = props.orZero && /^\s*0+\s*$/.test(text) ? 0 : wholeIn(text, props.min, props.max);
    if (n === null) return setError(props.orZero ? t('rangeOrZeroError', props.min, props.max) : t('rangeError', props.min, props.max));
    setError('');
    if (n !== props.value) await props.onSave(n).catch((e) => setError(errorText(e)));
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        inputMode="numeric"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={commit}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-help`}
      />
      <p id={`${id}-help`} class={error ? 'field-error' : 'muted small'}>
        {error || props.help}
      </p>
    </div>
  );
}

function ChangePassphrase() {
  const app = useApp();
  const [old, setOld] = useState('');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState('');
  const problem = passphraseProblem(pass, again);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (problem || !old) return;
    try {
      await request({ type: 'changePassphrase', oldPassphrase: old, newPassphrase: pass });
      setOld('');
      setPass('');
      setAgain('');
      setError('');
      app.announce(t('passphraseChanged'));
    } catch (err) {
      setError(isOttoError(err, 'wrongPassphrase') ? t('wrongCurrentPassphrase') : errorText(err));
    }
  };
  return (
    <form class="form section" onSubmit={submit}>
      <h2>{t('changePassphrase')}</h2>
      <PassphraseField label={t('currentPassphrase')} value={old} onValue={setOld} />
      <PassphraseField label={t('newPassphrase')} value={pass} onValue={setPass} autocomplete="new-password" />
      <PassphraseField label={t('passphraseConfirm')} value={again} onValue={setAgain} autocomplete="new-password" />
      {(pass || again) && problem && (
        <p class="field-error" aria-live="polite">
          {problem === 'short' ? t('passphraseShort', pass.length) : t('passphraseMismatch')}
        </p>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={Boolean(problem) || !old}>
        {t('changePassphrase')}
      </button>
    </form>
  );
}

/** First in Settings: backups are what users most need and most forget. */
function BackupSection() {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const last = app.backup;
  const when = last && new Intl.DateTimeFormat(browser.i18n.getUILanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(last.at);
  return (
    <section class="form section" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('backupTitle')}</h2>
      <p class="muted small" id="backup-last">
        {last && when ? tp('backupLast', last.count, when) : t('backupNone')} {t('backupWithPassphrase')}
      </p>
      <div class="actions start">
        <button
          type="button"
          class="primary"
          disabled={busy || !app.accounts.length}
          aria-describedby="backup-last"
          onClick={async () => {
            setBusy(true);
            await app.backupNow();
            setBusy(false);
          }}
        >
          {t('backupNow')}
        </button>
        <button type="button" id="go-export" onClick={() => app.go({ name: 'export' })}>
          {t('exportMore')}
        </button>
        <button type="button" id="go-import" onClick={() => app.go({ name: 'import' })}>
          {t('importTitle')}
        </button>
      </div>
    </section>
  );
}

export function SettingsScreen() {
  const app = useApp();
  const s = app.settings;
  const save = (patch: Partial<Settings>) => app.saveSettings(patch).then(() => app.announce(t('settingsSaved')));
  return (
    <main class="screen">
      <Header title={t('settings')} />
      <BackupSection />
      <div class="form section">
        <NumberSetting label={t('autoLock')} help={t('autoLockHelp')} value={s.autoLockMinutes} min={0} max={1440} onSave={(n) => save({ autoLockMinutes: n })} />
        <NumberSetting
          label={t('clipboardClear')}
          help={t('clipboardClearHelp')}
          value={s.clipboardClearSeconds}
          min={CLIPBOARD_CLEAR_MIN_SECONDS}
          max={3600}
          orZero
          onSave={(n) => save({ clipboardClearSeconds: n })}
        />
        <fieldset>
          <legend>{t('autofill')}</legend>
          <label class="check">
            <input type="radio" name="autofill" checked={s.autofill === 'auto'} onChange={() => save({ autofill: 'auto' })} />
            {t('autofillAuto')}
          </label>
          <label class="check">
            <input type="radio" name="autofill" checked={s.autofill === 'request'} onChange={() => save({ autofill: 'request' })} />
            {t('autofillRequest')}
          </label>
        </fieldset>
      </div>

      <section class="form section" aria-labelledby="time-title">
        <h2 id="time-title">{t('timeTitle')}</h2>
        <SkewBanner inSettings />
        {/* Keyed by the value so "Apply offset" shows up in the field. */}
        <NumberSetting
          key={s.timeOffsetMs}
          label={t('timeOffset')}
          help={t('timeOffsetHelp')}
          value={Math.round(s.timeOffsetMs / 1000)}
          min={-86_399}
          max={86_399}
          onSave={(n) => save({ timeOffsetMs: n * 1000 })}
        />
      </section>

      <ChangePassphrase />

      <SyncSettings />

    </main>
  );
}
