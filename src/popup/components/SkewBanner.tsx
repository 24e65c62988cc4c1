import { useApp } from '../app-context';
import { skewToFix } from '../format';
import { errorText, t } from '../i18n';

/** "Your computer's clock is 42 s behind example.com" with a one-click fix, when the tab reported a skew. */
export function SkewBanner() {
  const app = useApp();
  const skew = skewToFix(app.tab.clockSkewMs, app.settings.timeOffsetMs);
  if (!skew) return null;
  const host = app.tab.host || t('thisPage');
  return (
    <p class="banner warn">
      {skew.behind ? t('skewBehind', skew.seconds, host) : t('skewAhead', skew.seconds, host)}{' '}
      <button
        type="button"
        class="link"
        onClick={() =>
          app
            .saveSettings({ timeOffsetMs: app.tab.clockSkewMs ?? 0 })
            .then(() => app.announce(t('offsetApplied')), (e: unknown) => app.announce(errorText(e)))
        }
      >
        {t('applyOffset')}
      </button>
    </p>
  );
}
