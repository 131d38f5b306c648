import type { AppendedUpdate, BoardStorage, UpdateAppend } from '../storage/BoardStorage.ts';

interface Waiting {
  readonly appends: readonly UpdateAppend[];
  readonly stored: (results: AppendedUpdate[]) => void;
  readonly failed: (error: unknown) => void;
}

/**
 * Group commit across boards (DECISIONS 106): the updates every room of a thread applied from
 * one batch go to storage in one transaction instead of one transaction per board. Each room
 * still gets its own results and relays only after the transaction committed. If the shared
 * transaction fails, each board's updates are tried again in a transaction of their own, so one
 * board's failure fails only it.
 *
 * The host calls `flush` at the end of each batch (DECISIONS 125): with a storage that commits
 * synchronously (SQLite, `appendUpdatesNow`) the transaction runs there and each room's `stored`
 * runs at once, so an update is committed and its relay is ready in the turn that applied it,
 * with no promise or microtask hop. Appends made outside a batch (a command's end, a refusal, a
 * board that finished loading) are flushed at the end of the turn (a microtask); an asynchronous
 * storage (PostgreSQL) is awaited as before.
 */
export class CommitGroup {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly storage: BoardStorage) {}

  /** Queues a room's appends for this batch's transaction; `stored` or `failed` is called once. */
  append(appends: readonly UpdateAppend[], stored: (results: AppendedUpdate[]) => void, failed: (error: unknown) => void): void {
    this.waiting.push({ appends, stored, failed });
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flush);
  }

  /** Commits everything queued, now (a room's `stored` can queue more: committed in turn). */
  readonly flush = (): void => {
    this.scheduled = false;
    // Bounded: a round's callbacks queue only what was waiting behind its commits.
    while (this.waiting.length > 0) {
      const waiting = this.waiting;
      this.waiting = [];
      if (this.storage.appendUpdatesNow) this.commitNow(waiting, this.storage.appendUpdatesNow.bind(this.storage));
      else this.commitLater(waiting);
    }
  };

  private commitNow(waiting: readonly Waiting[], append: (appends: readonly UpdateAppend[]) => AppendedUpdate[]): void {
    if (waiting.length === 1) {
      const only = waiting[0] as Waiting;
      let results: AppendedUpdate[];
      try {
        results = append(only.appends);
      } catch (error) {
        return settle(() => only.failed(error));
      }
      return settle(() => only.stored(results));
    }
    let results: AppendedUpdate[] | null = null;
    try {
      results = append(waiting.flatMap((entry) => entry.appends));
    } catch {
      // One board's failure must fail only that board: each is tried in a transaction of its own.
    }
    if (results !== null) {
      let at = 0;
      for (const entry of waiting) {
        const mine = results.slice(at, at + entry.appends.length);
        at += entry.appends.length;
        settle(() => entry.stored(mine));
      }
      return;
    }
    for (const entry of waiting) {
      let mine: AppendedUpdate[];
      try {
        mine = append(entry.appends);
      } catch (error) {
        settle(() => entry.failed(error));
        continue;
      }
      settle(() => entry.stored(mine));
    }
  }

  private commitLater(waiting: readonly Waiting[]): void {
    if (waiting.length === 1) {
      const only = waiting[0] as Waiting;
      this.storage.appendUpdates(only.appends).then(only.stored, only.failed);
      return;
    }
    this.storage.appendUpdates(waiting.flatMap((entry) => entry.appends)).then(
      (results) => {
        let at = 0;
        for (const entry of waiting) {
          entry.stored(results.slice(at, at + entry.appends.length));
          at += entry.appends.length;
        }
      },
      () => {
        for (const entry of waiting) this.storage.appendUpdates(entry.appends).then(entry.stored, entry.failed);
      },
    );
  }
}

/**
 * Runs a room's callback; an error in it is thrown again on its own (as an unhandled error, as
 * from a promise callback before) instead of stopping the other rooms of the transaction.
 */
function settle(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
