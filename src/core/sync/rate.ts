/**
 * Spaces storage.sync writes under Chrome's limits (MAX_WRITE_OPERATIONS_PER_MINUTE 120,
 * PER_HOUR 1,800), with headroom for a restarted worker that forgot its history.
 */
import type { SyncLimits } from './format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Share of each limit Otto allows itself. */
const HEADROOM = 0.8;

export class WriteRate {
  private readonly times: number[] = [];
  private readonly perMinute: number;
  private readonly perHour: number;

  constructor(limits: Pick<SyncLimits, 'writesPerMinute' | 'writesPerHour'>) {
    this.perMinute = Math.floor(limits.writesPerMinute * HEADROOM);
    this.perHour = Math.floor(limits.writesPerHour * HEADROOM);
  }

  /** Milliseconds to wait before `ops` more operations stay within both windows (0: now). */
  delay(now: number, ops: number): number {
    this.forget(now);
    let wait = 0;
    const window = (span: number, max: number) => {
      const recent = this.times.filter((t) => t > now - span);
      const over = recent.length + ops - max;
      // The oldest operations that must leave the window first.
      if (over > 0) wait = Math.max(wait, recent[Math.min(over, recent.length) - 1]! + span - now + 1);
    };
    window(MINUTE, this.perMinute);
    window(HOUR, this.perHour);
    return wait;
  }

  record(now: number, ops: number): void {
    for (let i = 0; i < ops; i++) this.times.push(now);
  }

  private forget(now: number): void {
    while (this.times.length > 0 && this.times[0]! <= now - HOUR) this.times.shift();
  }
}
