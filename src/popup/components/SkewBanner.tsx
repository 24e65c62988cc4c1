import { useApp } from '../app-context';
import { skewToFix } from '../format';
import { errorText, t } from '../i18n';

/**
 * Largest clock correction Otto offers in one click. A server's `Date` a few minutes off is
 * a wrong computer clock; hours off is more likely a wrong server (or one that lies), and a
 * correction that large would make Otto fill codes from another time: the user types it
 * in Settings after checking the computer's clock.
 */
export const MAX_SUGGESTED_OFFSET_MS = 10 * 60_000;

/**
 * "Your computer's clock is 42 s behind bank.example": the clock of the page Otto last
 * filled in this tab (read by the background from that page's own response), with a
 * one-click fix when it is within minutes.
 */
export function SkewBanner({ inSettings = false }: { inSettings?: boolean }) {
  const app = useApp();
  const clock = app.tab.clock;
  const skew = skewToFix(clock?.skewMs ?? null, app.settings.timeOffsetMs);
  if (!clock || !skew) return null;
  const site = new URL(clock.origin).host;
  if (Math.abs(clock.skewMs) > MAX_SUGGESTED_OFFSET_MS) {
    return (
      <p class="banner warn">
        {t('skewTooLarge', site, Math.round(Math.abs(clock.skewMs) / 60_000))}{' '}
        {!inSettings && (
          <button type="button" class="link" onClick={() => app.go({ name: 'settings' })}>
            {t('settings')}
          </button>
        )}
      </p>
    );
  }
  return (
    <p class="banner warn">
      {skew.behind ? t('skewBehind', skew.seconds, site) : t('skewAhead', skew.seconds, site)}{' '}
      <button
        type="button"
        class="link"
        onClick={() =>
          app
            .saveSettings({ timeOffsetMs: clock.skewMs })
            .then(() => app.announce(t('offsetApplied')), (e: unknown) => app.announce(errorText(e)))
        }
      >
        {t('applyOffset')}
      </button>
    </p>
  );
}
