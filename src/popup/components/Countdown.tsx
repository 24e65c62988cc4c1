import { useEffect, useRef } from 'preact/hooks';
import { elapsedMs, ticker } from '../ticker';

/**
 * A draining bar (a CSS transform animation, synced once at mount by a negative delay)
 * and the seconds left, written in place by the shared ticker: the list never
 * re-renders to count down. Re-keyed by the parent when the time offset changes.
 */
export function Countdown({ period, now }: { period: number; now: number }) {
  const secs = useRef<HTMLSpanElement>(null);
  useEffect(() => ticker.trackSeconds(secs.current!, period), [period]);
  const style = { '--period': `${period}s`, '--delay': `-${elapsedMs(now, period)}ms` };
  return (
    <span class="countdown" style={style} aria-hidden="true">
      <span class="secs" ref={secs} />
      <span class="bar" />
    </span>
  );
}
