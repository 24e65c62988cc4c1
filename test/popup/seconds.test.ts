import { afterEach, describe, expect, it, vi } from 'vitest';
import { secondsLeft, Ticker } from '../../src/popup/ticker';

describe('countdown seconds', () => {
  afterEach(() => vi.useRealTimers());

  it('counts whole seconds left in the step', () => {
    expect(secondsLeft(0, 30)).toBe(30);
    expect(secondsLeft(1, 30)).toBe(30);
    expect(secondsLeft(29_001, 30)).toBe(1);
    expect(secondsLeft(30_000, 30)).toBe(30);
  });

  it('writes every tracked label once a second, and stops when untracked', () => {
    vi.useFakeTimers();
    vi.setSystemTime(60_000 * 20_000 + 20_200); // 20.2 s into both a 30 s and a 60 s step
    const ticker = new Ticker();
    const a = { textContent: null as string | null };
    const b = { textContent: null as string | null };
    const stopA = ticker.trackSeconds(a, 30);
    ticker.trackSeconds(b, 60);
    expect([a.textContent, b.textContent]).toEqual(['10', '40']);
    vi.advanceTimersByTime(1000);
    expect([a.textContent, b.textContent]).toEqual(['9', '39']);
    stopA();
    vi.advanceTimersByTime(3000);
    expect([a.textContent, b.textContent]).toEqual(['9', '36']);
  });
});
