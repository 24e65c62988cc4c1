/** A line above the list when sync needs the user: paused, failing, or items ignored in the last hour. Nothing otherwise. */
import { useApp } from '../app-context';
import { t } from '../i18n';
import { useSyncStatus } from '../sync-status';

const RECENT_MS = 60 * 60 * 1000;

export function SyncBanner() {
  const app = useApp();
  const [info] = useSyncStatus(app.settings.sync);
  const recent = info?.recent.some((w) => Date.now() - w.at < RECENT_MS);
  if (!info?.enabled || (info.state !== 'paused' && info.state !== 'error' && info.warnings.length === 0 && !recent)) return null;
  return (
    <section class="banner warn" aria-label={t('sync_title')}>
      <p>{info.state === 'paused' ? t(`sync_paused_${info.paused ?? 'foreignKey'}`) : t('sync_banner')}</p>
      <button type="button" class="link" onClick={() => app.go({ name: 'settings' })}>
        {t('sync_bannerOpen')}
      </button>
    </section>
  );
}
