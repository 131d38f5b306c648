import type { Logger } from '../logger.ts';
import { BoardHost } from '../room/BoardHost.ts';
import type { OffloadBounds } from '../room/BoardRoom.ts';
import { Outbox } from '../room/Outbox.ts';
import { BOARD_RULES } from '../rules/boardRules.ts';
import { BusySlot } from './BusySlot.ts';
import { openOwnerStorage, ownerLimits } from './ownerSetup.ts';
import { TurnBatch } from './TurnBatch.ts';
import type { BoardThreadSettings, FromBoardThread, ToBoardThread } from './protocol.ts';

/** How long a board slow by the wall clock alone has its batches' CPU measured. */
const SUSPECT_MS = 60_000;

type PromoteOp = Extract<FromBoardThread, { t: 'promote' }>;
const isSlowPromote = (op: FromBoardThread): op is PromoteOp => op.t === 'promote' && op.slow;

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
 * board thread runs, with its own storage connection, here. A client's message is handled in its
 * socket's callback; other work arrives in batches (one per turn, after the poll phase), and what
 * the host says back — the relays of committed updates among it — is handed to `BoardRooms` at
 * the end of the same call, with no thread hop. A board whose work can be slow asks to be moved (`promote`) to a board
 * thread, where the watchdog can stop it; the main thread keeps the small, quick boards.
 */
export class MainThreadOwner implements BoardOwner {
  readonly id = 0;
  readonly boards = new Set<string>();
  alive = true;
  /**
   * Boards whose update was slow by the wall clock in a batch whose CPU was not measured, until
   * when (ms, `performance.now()`): an update slow by the wall clock is only slow if its batch
   * used the CPU, not if the machine stalled (DECISIONS 105, 157). `process.cpuUsage` (a
   * `getrusage` over every thread) is read only around a batch that holds a message for one of
   * them, so a board is moved at its second slow update within a minute, and a quick board's
   * batch never pays for the clock.
   */
  private readonly suspects = new Map<string, number>();
  /**
   * Inside `handle` (non-null exactly then): the slow boards' `promote` requests, held until the
   * batch's CPU is known. What is posted meanwhile waits for the turn batch.
   */
  private heldPromotes: PromoteOp[] | null = null;
  private readonly slowBatchMs: number;
  private readonly host: BoardHost;
  private readonly deliver: (ops: readonly FromBoardThread[]) => void;
  /** After the current poll phase: what is not handled at once (`post`) forms one batch (one commit per board). */
  private readonly incoming = new TurnBatch<ToBoardThread>((ops) => this.handle(ops));

  constructor(settings: BoardThreadSettings, offload: OffloadBounds, deliver: (ops: readonly FromBoardThread[]) => void, logger: Logger) {
    this.slowBatchMs = offload.updateMs;
    this.deliver = deliver;
    const storage = openOwnerStorage(settings, logger);
    this.host = new BoardHost({
      storage,
      outbox: new Outbox((ops) => this.fromHost(ops)),
      // Nobody watches it: the main thread cannot be replaced. The offload bounds keep slow work away.
      busy: new BusySlot(),
      logger: logger.child({ boardThread: 0 }),
      rules: BOARD_RULES,
      limits: ownerLimits(settings),
      offload,
      fanout: settings.fanout,
    });
  }

  /**
   * A client's message is handled at once, in the socket's callback, as the reference server does
   * (DECISIONS 160): its relay is written before the next socket is read. Anything else, and a
   * message while something waits in the batch or the host is busy (a socket closed by what the
   * host said), waits for the end of the poll phase, in order.
   */
  post(op: ToBoardThread): void {
    if (!this.alive) return;
    if (op.t === 'message' && this.heldPromotes === null && this.incoming.empty) this.handle([op]);
    else this.incoming.push(op);
  }

  /** Hands the host what was posted so far (also called before a board moves away, to keep order). */
  flush(): void {
    this.incoming.flush();
  }

  private handle(ops: ToBoardThread[]): void {
    const before = this.suspects.size > 0 && this.holdsSuspect(ops) ? process.cpuUsage() : null;
    const held: PromoteOp[] = [];
    this.heldPromotes = held;
    try {
      this.host.handle(ops);
    } finally {
      this.heldPromotes = null;
    }
    if (held.length === 0) return;
    let cpuMs = 0;
    if (before !== null) {
      const { user, system } = process.cpuUsage(before);
      cpuMs = (user + system) / 1000;
    }
    this.judgeSlow(held, cpuMs);
  }

  /** What the host says; a slow board's `promote` waits for its batch's CPU (outside a batch: not measured). */
  private fromHost(ops: readonly FromBoardThread[]): void {
    if (!ops.some(isSlowPromote)) return this.deliver(ops);
    const slow = ops.filter(isSlowPromote);
    this.deliver(ops.filter((op) => !isSlowPromote(op)));
    if (this.heldPromotes) this.heldPromotes.push(...slow);
    else this.judgeSlow(slow, 0);
  }

  /** Moves the slow boards if their batch used the CPU; otherwise remembers them for a minute. */
  private judgeSlow(promotes: readonly PromoteOp[], cpuMs: number): void {
    if (cpuMs > this.slowBatchMs) {
      for (const op of promotes) this.suspects.delete(op.boardId);
      this.deliver(promotes);
      return;
    }
    const until = performance.now() + SUSPECT_MS;
    for (const op of promotes) this.suspects.set(op.boardId, until);
  }

  private holdsSuspect(ops: readonly ToBoardThread[]): boolean {
    const now = performance.now();
    for (const [boardId, until] of this.suspects) if (until < now) this.suspects.delete(boardId);
    return ops.some((op) => 'boardId' in op && this.suspects.has(op.boardId));
  }
}
