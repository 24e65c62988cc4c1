import { elapsedMs } from '../ticker';

/**
 * A draining bar and the seconds left, both pure CSS animations synced once at mount
 * by a negative delay: the list never re-renders to count down. Re-keyed by the
 * parent when the time offset changes.
 */
export function Countdown({ period, now }: { period: number; now: number }) {
  const style = { '--period': `${period}s`, '--steps': String(period), '--delay': `-${elapsedMs(now, period)}ms` };
  return (
    <span class="countdown" style={style} aria-hidden="true">
      <span class="secs" />
      <span class="bar" />
    </span>
  );
}
