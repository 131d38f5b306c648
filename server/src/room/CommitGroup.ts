import type { AppendedUpdate, BoardStorage, UpdateAppend } from '../storage/BoardStorage.ts';

/** What happens when a commit ends: `stored` with its results in order, or `failed`. */
interface Outcome {
  readonly stored: (results: AppendedUpdate[]) => void;
  readonly failed: (error: unknown) => void;
}

interface Waiting extends Outcome {
  readonly appends: readonly UpdateAppend[];
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
 * storage (PostgreSQL) is awaited as before. Both go through the same policy (`commitAll`); only
 * `commit` tells them apart.
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
      this.commitAll(waiting);
    }
  };

  /** One transaction for every room's appends, each room's results its own; alone after a failure. */
  private commitAll(waiting: readonly Waiting[]): void {
    if (waiting.length === 1) {
      const only = waiting[0] as Waiting;
      this.commit(only.appends, only);
      return;
    }
    this.commit(waiting.flatMap((entry) => entry.appends), {
      stored: (results) => {
        let at = 0;
        for (const entry of waiting) {
          const mine = results.slice(at, at + entry.appends.length);
          at += entry.appends.length;
          settle(entry.stored, mine);
        }
      },
      // One board's failure must fail only that board: each is tried in a transaction of its own.
      failed: () => {
        for (const entry of waiting) this.commit(entry.appends, entry);
      },
    });
  }

  /**
   * One transaction. A synchronous storage's outcome is handled before this returns (no promise,
   * no microtask: DECISIONS 125); an asynchronous one's when its promise settles.
   */
  private commit(appends: readonly UpdateAppend[], outcome: Outcome): void {
    let results: AppendedUpdate[] | Promise<AppendedUpdate[]>;
    try {
      results = this.storage.appendUpdatesNow ? this.storage.appendUpdatesNow(appends) : this.storage.appendUpdates(appends);
    } catch (error) {
      settle(outcome.failed, error);
      return;
    }
    if (Array.isArray(results)) settle(outcome.stored, results);
    else
      results.then(
        (stored) => settle(outcome.stored, stored),
        (error: unknown) => settle(outcome.failed, error),
      );
  }
}

/**
 * Runs a room's callback; an error in it is thrown again on its own (as an unhandled error, as
 * from a promise callback before) instead of stopping the other rooms of the transaction, or
 * being taken for a storage failure.
 */
function settle<T>(callback: (value: T) => void, value: T): void {
  try {
    callback(value);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
