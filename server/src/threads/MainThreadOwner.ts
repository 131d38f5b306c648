import type { Logger } from '../logger.ts';
import { BoardHost } from '../room/BoardHost.ts';
import type { OffloadBounds } from '../room/BoardRoom.ts';
import { Outbox } from '../room/Outbox.ts';
import { BOARD_RULES } from '../rules/boardRules.ts';
import { BusySlot } from './BusySlot.ts';
import { openOwnerStorage, ownerLimits } from './ownerSetup.ts';
import { TurnBatch } from './TurnBatch.ts';
import type { BoardThreadSettings, FromBoardThread, ToBoardThread } from './protocol.ts';

/** What `BoardRooms` routes a board's messages to: a board thread, or the main thread's own host. */
export interface BoardOwner {
  /** 0 for the main thread, 1… for board threads. */
  readonly id: number;
  /** Boards assigned to it (loaded, loading or unloading). */
  readonly boards: Set<string>;
  readonly alive: boolean;
  post(op: ToBoardThread): void;
}

/**
 * The main thread as a board owner (DECISIONS 60, 105): the same `BoardHost` and `BoardRoom` a
 * board thread runs, with its own storage connection, here. Messages arrive in batches (one per
 * turn, after the poll phase that read them from the sockets), and what the host says back — the
 * relays of committed updates among it — is handed to `BoardRooms` at the end of the same turn,
 * with no thread hop. A board whose work can be slow asks to be moved (`promote`) to a board
 * thread, where the watchdog can stop it; the main thread keeps the small, quick boards.
 */
export class MainThreadOwner implements BoardOwner {
  readonly id = 0;
  readonly boards = new Set<string>();
  alive = true;
  /**
   * The process's CPU time during the last batch (ms; an upper bound of this thread's): an update
   * slow by the wall clock is only slow if its batch used the CPU, not if the machine stalled.
   * Read only while armed (DECISIONS 117): `process.cpuUsage` costs ~8 µs per call, twice per batch
   * was ~5 % of the server's CPU in S3. A batch slow by the wall clock arms it for a minute; the
   * unmeasured batch that armed it counts as 0 (its slow update is not acted on; the next one is).
   */
  lastBatchCpuMs = 0;
  private measureCpuUntil = 0;
  private readonly slowBatchMs: number;
  private readonly host: BoardHost;
  /** After the current poll phase: the messages read from many sockets form one batch (one commit per board). */
  private readonly incoming = new TurnBatch<ToBoardThread>((ops) => this.handle(ops));

  constructor(settings: BoardThreadSettings, offload: OffloadBounds, deliver: (ops: readonly FromBoardThread[]) => void, logger: Logger) {
    this.slowBatchMs = offload.updateMs;
    const storage = openOwnerStorage(settings, logger);
    this.host = new BoardHost({
      storage,
      outbox: new Outbox((ops) => deliver(ops)),
      // Nobody watches it: the main thread cannot be replaced. The offload bounds keep slow work away.
      busy: new BusySlot(),
      logger: logger.child({ boardThread: 0 }),
      rules: BOARD_RULES,
      limits: ownerLimits(settings),
      offload,
      fanout: settings.fanout,
    });
  }

  post(op: ToBoardThread): void {
    if (this.alive) this.incoming.push(op);
  }

  /** Hands the host what was posted so far (also called before a board moves away, to keep order). */
  flush(): void {
    this.incoming.flush();
  }

  private handle(ops: ToBoardThread[]): void {
    const started = performance.now();
    const before = started < this.measureCpuUntil ? process.cpuUsage() : null;
    this.host.handle(ops);
    if (before !== null) {
      const { user, system } = process.cpuUsage(before);
      this.lastBatchCpuMs = (user + system) / 1000;
      return;
    }
    this.lastBatchCpuMs = 0;
    const ended = performance.now();
    if (ended - started > this.slowBatchMs) this.measureCpuUntil = ended + 60_000;
  }
}
