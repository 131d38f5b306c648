/**
 * Collects what is pushed during a turn and hands it on as one array: after the current poll
 * phase (`setImmediate`, the default) so the messages read from many sockets travel as one batch,
 * or at the end of the current task (`queueMicrotask`) for what an owner says back. `flush()`
 * hands over what is pending at once (before a board moves away, to keep order).
 */
export class TurnBatch<T> {
  private items: T[] = [];
  private scheduled = false;

  constructor(
    private readonly deliver: (items: T[]) => void,
    private readonly schedule: (callback: () => void) => void = setImmediate,
  ) {}

  /** Nothing is waiting. */
  get empty(): boolean {
    return this.items.length === 0;
  }

  push(item: T): void {
    this.items.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(this.flush);
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.items.length === 0) return;
    const items = this.items;
    this.items = [];
    this.deliver(items);
  };

  /** Drops what is pending (the receiver is gone). */
  clear(): void {
    this.items = [];
  }
}
