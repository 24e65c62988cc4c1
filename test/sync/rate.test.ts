import { describe, expect, it } from 'vitest';
import { CHROME_LIMITS } from '../../src/core/sync/format';
import { WriteRate } from '../../src/core/sync/rate';

describe('WriteRate', () => {
  it('keeps any schedule of writes under Chrome\'s per-minute and per-hour limits', () => {
    const rate = new WriteRate(CHROME_LIMITS);
    const times: number[] = [];
    let now = 0;
    // A device that wants to write twice (set + remove) every 100 ms for three hours.
    while (now < 3 * 3_600_000) {
      const wait = rate.delay(now, 2);
      now += wait;
      rate.record(now, 2);
      times.push(now, now);
      now += 100;
    }
    for (let i = 0; i < times.length; i++) {
      const inMinute = times.filter((t) => t > times[i]! - 60_000 && t <= times[i]!).length;
      const inHour = times.filter((t) => t > times[i]! - 3_600_000 && t <= times[i]!).length;
      expect(inMinute).toBeLessThanOrEqual(CHROME_LIMITS.writesPerMinute);
      expect(inHour).toBeLessThanOrEqual(CHROME_LIMITS.writesPerHour);
    }
    // It does not starve either: close to the sustained rate allowed (80 % of 1,800 an hour).
    expect(times.length / 3).toBeGreaterThan(1_400);
  });

  it('writes at once when nothing was written recently', () => {
    expect(new WriteRate(CHROME_LIMITS).delay(1_000, 2)).toBe(0);
  });
});
