/**
 * Holds one undoable item (the deleted account) for a while, then lets it go. The time
 * stops while the user is on the offer (hovering or focusing Undo), so reaching it by
 * keyboard or reading it slowly never loses it.
 */

export const UNDO_MS = 10_000;

export class UndoSlot<T> {
  private item: T | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private remaining = 0;
  private startedAt = 0;
  private paused = false;

  constructor(
    private readonly onChange: (item: T | null) => void = () => undefined,
    private readonly ms = UNDO_MS,
  ) {}

  get current(): T | null {
    return this.item;
  }

  /** Offers a new item; an older one can no longer be undone. */
  offer(item: T): void {
    this.set(item);
    this.remaining = this.ms;
    this.paused = false;
    this.run();
  }

  pause(): void {
    if (this.item === null || this.paused) return;
    this.paused = true;
    clearTimeout(this.timer);
    this.remaining -= Date.now() - this.startedAt;
  }

  resume(): void {
    if (this.item === null || !this.paused) return;
    this.paused = false;
    this.run();
  }

  /** The item to restore, once; null after it expired or was taken. */
  take(): T | null {
    const item = this.item;
    this.set(null);
    return item;
  }

  private run(): void {
    this.startedAt = Date.now();
    this.timer = setTimeout(() => this.set(null), Math.max(0, this.remaining));
  }

  private set(item: T | null): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.item = item;
    this.onChange(item);
  }
}
