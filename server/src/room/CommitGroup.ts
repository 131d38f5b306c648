import type { AppendedUpdate, BoardStorage, UpdateAppend } from '../storage/BoardStorage.ts';

interface Waiting {
  readonly appends: readonly UpdateAppend[];
  readonly resolve: (results: AppendedUpdate[]) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit across boards (DECISIONS 106): the updates every room of a thread applied from
 * one batch go to storage in one transaction, at the end of the turn (a microtask after the last
 * room asked), instead of one transaction per board. Each room still gets its own results and
 * relays only after the transaction committed. If the shared transaction fails, each board's
 * updates are tried again in a transaction of their own, so one board's failure fails only it.
 */
export class CommitGroup {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly storage: BoardStorage) {}

  appendUpdates(appends: readonly UpdateAppend[]): Promise<AppendedUpdate[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ appends, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(this.flush);
    });
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const waiting = this.waiting;
    this.waiting = [];
    if (waiting.length === 1) {
      const only = waiting[0] as Waiting;
      this.storage.appendUpdates(only.appends).then(only.resolve, only.reject);
      return;
    }
    this.storage.appendUpdates(waiting.flatMap((entry) => entry.appends)).then(
      (results) => {
        let at = 0;
        for (const entry of waiting) {
          entry.resolve(results.slice(at, at + entry.appends.length));
          at += entry.appends.length;
        }
      },
      () => {
        for (const entry of waiting) this.storage.appendUpdates(entry.appends).then(entry.resolve, entry.reject);
      },
    );
  };
}
