import type { FromBoardThread } from '../threads/protocol.ts';

/**
 * What a board thread tells the main thread, collected and posted as one batch at the end of the
 * current turn (after the microtasks that commit and relay), so a burst of updates costs one
 * message between threads, not one per update and recipient.
 */
export class Outbox {
  private ops: FromBoardThread[] = [];
  private scheduled = false;

  constructor(private readonly post: (ops: FromBoardThread[]) => void) {}

  push(op: FromBoardThread): void {
    this.ops.push(op);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flush);
  }

  readonly flush = (): void => {
    this.scheduled = false;
    if (this.ops.length === 0) return;
    const ops = this.ops;
    this.ops = [];
    this.post(ops);
  };
}
