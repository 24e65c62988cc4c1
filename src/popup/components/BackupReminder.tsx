/** A quiet line above the list when accounts are missing from every backup, with a one-click backup. */
import { useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { t, tp } from '../i18n';
import { backupDue, type Snooze, snoozeFrom } from '../reminder';

const SNOOZE_KEY = 'otto.backupSnooze';

function readSnooze(): Snooze | null {
  try {
    const s = JSON.parse(localStorage.getItem(SNOOZE_KEY) ?? 'null') as Snooze | null;
    return s && typeof s.until === 'number' && typeof s.newest === 'number' ? s : null;
  } catch {
    return null;
  }
}

export function BackupReminder() {
  const app = useApp();
  const [snooze, setSnooze] = useState(readSnooze);
  const [busy, setBusy] = useState(false);
  const due = backupDue(app.accounts, app.backup, Date.now(), snooze);
  if (!due) return null;
  const text = due.why === 'never' ? t('backupNever') : due.why === 'new' ? tp('backupNew', due.count) : tp('backupOld', due.days);
  const later = () => {
    const s = snoozeFrom(app.accounts, Date.now());
    localStorage.setItem(SNOOZE_KEY, JSON.stringify(s));
    setSnooze(s);
    document.querySelector<HTMLElement>('.search')?.focus();
  };
  return (
    <section class="banner reminder" aria-label={t('backupTitle')}>
      <p>
        {text} <span class="muted small">{t('backupWithPassphrase')}</span>
      </p>
      <button type="button" class="link" onClick={later}>
        {t('backupLater')}
      </button>
      <button
        type="button"
        id="backup-now"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          await app.backupNow();
          setBusy(false);
        }}
      >
        {t('backupNow')}
      </button>
    </section>
  );
}
