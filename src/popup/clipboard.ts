/**
 * Copying a code, and clearing it from the clipboard later if it is still there.
 *
 * This runs while the popup is open. Chrome closes the popup as soon as it loses focus
 * (usually when the user clicks into the page to paste), and its timers die with it, so
 * the popup also hands the background a SHA-256 of the code (never the code), and the
 * background's offscreen page clears the clipboard later if it still holds that code.
 */

export interface ClipboardState {
  /** What the clipboard holds now, or null when the page may not read it. */
  current: string | null;
  code: string;
  /** The popup lost focus since the copy: another app may have put something else there. */
  lostFocus: boolean;
  /** Something else was copied from the popup since. */
  copiedSince: boolean;
}

/** Clear only what we put there: never wipe something the user copied afterwards. */
export function shouldClearClipboard(s: ClipboardState): boolean {
  if (s.current !== null) return s.current === s.code;
  // Unreadable (no clipboardRead permission): while the popup kept focus and nothing
  // else was copied from it, nobody else can have written to the clipboard.
  return !s.lostFocus && !s.copiedSince;
}

export interface ClipboardIO {
  write(text: string): Promise<void>;
  read(): Promise<string>;
}

export class ClipboardClearer {
  private pending: { code: string; lostFocus: boolean; copiedSince: boolean; timer: ReturnType<typeof setTimeout> } | null = null;

  constructor(private readonly io: ClipboardIO) {}

  /** Writes `code`; when `clearAfterS` > 0, clears it later if it is still there. */
  async copy(code: string, clearAfterS: number): Promise<void> {
    this.cancel();
    await this.io.write(code);
    if (clearAfterS <= 0) return;
    const pending = {
      code,
      lostFocus: false,
      copiedSince: false,
      timer: setTimeout(() => void this.clear(pending), clearAfterS * 1000),
    };
    this.pending = pending;
  }

  noteBlur(): void {
    if (this.pending) this.pending.lostFocus = true;
  }

  /** A copy event not caused by us (our own write does not fire one). */
  noteCopy(): void {
    if (this.pending) this.pending.copiedSince = true;
  }

  /** Lock: a code waiting to be cleared goes now, under the same rule (only if it is still ours). */
  clearNow(): Promise<void> {
    const p = this.pending;
    if (!p) return Promise.resolve();
    clearTimeout(p.timer);
    return this.clear(p);
  }

  cancel(): void {
    if (this.pending) clearTimeout(this.pending.timer);
    this.pending = null;
  }

  private async clear(p: NonNullable<ClipboardClearer['pending']>): Promise<void> {
    if (this.pending !== p) return;
    this.pending = null;
    const current = await this.io.read().catch(() => null);
    if (shouldClearClipboard({ current, code: p.code, lostFocus: p.lostFocus, copiedSince: p.copiedSince })) {
      await this.io.write('').catch(() => undefined);
    }
  }
}
