/** Holds one undoable item for a few seconds (the deleted account), then lets it go. */

export const UNDO_MS = 5000;

export class UndoSlot<T> {
  private item: T | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

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
    this.timer = setTimeout(() => this.set(null), this.ms);
  }

  /** The item to restore, once; null after it expired or was taken. */
  take(): T | null {
    const item = this.item;
    this.set(null);
    return item;
  }

  private set(item: T | null): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.item = item;
    this.onChange(item);
  }
}
