import { TurnBatch } from '../threads/TurnBatch.ts';
import type { FromBoardThread } from '../threads/protocol.ts';

/**
 * What a board thread tells the main thread, collected and posted as one batch at the end of the
 * current turn (after the microtasks that commit and relay), so a burst of updates costs one
 * message between threads, not one per update and recipient.
 */
export class Outbox extends TurnBatch<FromBoardThread> {
  constructor(post: (ops: FromBoardThread[]) => void) {
    super(post, queueMicrotask);
  }
}
