import { useEffect, useRef, useState } from 'preact/hooks';
import { elapsedMs, ticker } from '../ticker';

/**
 * A pie that drains over the step (two CSS transform animations, synced once at mount
 * by a negative delay) and the seconds left, written in place by the shared ticker:
 * the list never re-renders to count down. Re-keyed by the parent every step.
 */
export function Countdown({ period, now }: { period: number; now: number }) {
  const secs = useRef<HTMLSpanElement>(null);
  useEffect(() => ticker.trackSeconds(secs.current!, period), [period]);
  // Synced once: a new delay on a running animation counts from its start, not from now.
  const [elapsed] = useState(() => elapsedMs(now, period));
  const style = { '--period': `${period}s`, '--delay': `-${elapsed}ms` };
  return (
    <span class="countdown" style={style} aria-hidden="true">
      <span class="pie">
        <span class="r">
          <i />
        </span>
        <span class="l">
          <i />
        </span>
      </span>
      <span class="secs" ref={secs} />
    </span>
  );
}
