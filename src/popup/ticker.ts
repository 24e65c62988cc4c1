/**
 * One shared clock for every code on screen. Rows subscribe by period and are told
 * only when their phase changes (a new time step, or the "show next code" window
 * opening), so a list of 500 accounts does not re-render every second. The seconds
 * left are written straight into their text nodes on each tick: an animated CSS
 * counter would run style work on the main thread every frame.
 */

/** The next code appears during the last seconds of a step (on a line reserved for it). */
export const NEXT_WINDOW_S = 5;
/** A copy this close to the end of a step gives the next code: the current one would expire before it is pasted. */
export const COPY_NEXT_S = 3;

export interface Phase {
  step: number;
  showNext: boolean;
}

export function phaseAt(timeMs: number, period: number): Phase {
  const ms = period * 1000;
  const step = Math.floor(timeMs / ms);
  const remaining = (step + 1) * ms - timeMs;
  return { step, showNext: period > NEXT_WINDOW_S && remaining <= NEXT_WINDOW_S * 1000 };
}

/** Milliseconds into the current step: the negative delay that syncs a CSS countdown. */
export function elapsedMs(timeMs: number, period: number): number {
  return timeMs - Math.floor(timeMs / (period * 1000)) * period * 1000;
}

/** 1 when a copy at `timeMs` should give the next step's code, else 0. */
export function copyStepOffset(timeMs: number, period: number): 0 | 1 {
  return period > COPY_NEXT_S * 2 && period * 1000 - elapsedMs(timeMs, period) <= COPY_NEXT_S * 1000 ? 1 : 0;
}

interface Group {
  phase: Phase;
  listeners: Set<() => void>;
}

/** Whole seconds left in the current step, as a countdown shows them. */
export function secondsLeft(timeMs: number, period: number): number {
  return Math.ceil((period * 1000 - elapsedMs(timeMs, period)) / 1000);
}

export class Ticker {
  private offsetMs = 0;
  private readonly groups = new Map<number, Group>();
  private readonly seconds = new Map<{ textContent: string | null }, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Code time: the computer's clock plus the user's correction. */
  now(): number {
    return this.clock() + this.offsetMs;
  }

  setOffset(ms: number): void {
    if (ms === this.offsetMs) return;
    this.offsetMs = ms;
    this.tick(true);
  }

  phase(period: number): Phase {
    return this.groups.get(period)?.phase ?? phaseAt(this.now(), period);
  }

  subscribe(period: number, listener: () => void): () => void {
    let group = this.groups.get(period);
    if (!group) {
      group = { phase: phaseAt(this.now(), period), listeners: new Set() };
      this.groups.set(period, group);
    }
    group.listeners.add(listener);
    this.schedule();
    return () => {
      group.listeners.delete(listener);
      if (!group.listeners.size) this.groups.delete(period);
      if (!this.groups.size) this.stop();
    };
  }

  /** Keeps `node`'s text at the seconds left in `period`'s step until the returned stop is called. */
  trackSeconds(node: { textContent: string | null }, period: number): () => void {
    this.seconds.set(node, period);
    node.textContent = String(secondsLeft(this.now(), period));
    this.schedule();
    return () => {
      this.seconds.delete(node);
      if (!this.groups.size && !this.seconds.size) this.stop();
    };
  }

  private tick(force = false): void {
    const now = this.now();
    for (const [node, period] of this.seconds) node.textContent = String(secondsLeft(now, period));
    for (const [period, group] of this.groups) {
      const next = phaseAt(now, period);
      if (!force && next.step === group.phase.step && next.showNext === group.phase.showNext) continue;
      group.phase = next;
      for (const listener of [...group.listeners]) listener();
    }
    this.schedule();
  }

  /** Wakes just after each whole second of code time: phases only change on whole seconds. */
  private schedule(): void {
    this.stop();
    if (!this.groups.size && !this.seconds.size) return;
    const now = this.now();
    this.timer = setTimeout(() => this.tick(), 1000 - (((now % 1000) + 1000) % 1000) + 5);
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

export const ticker = new Ticker();
