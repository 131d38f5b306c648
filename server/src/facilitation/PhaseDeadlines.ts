import type { PhaseDeadline, RetroRecords } from '../retro/RetroRecords.ts';

export type { PhaseDeadline } from '../retro/RetroRecords.ts';

/** setTimeout's longest wait; a later deadline is re-armed when it is reached. */
const MAX_WAIT_MS = 2 ** 31 - 1;
/** A deadline whose phase change failed is tried again after this long. */
const RETRY_MS = 60_000;
/** How long a claim holds: an instance that dies while closing a phase leaves it to another after this. */
const CLAIM_LEASE_MS = 120_000;
/** How often the stored deadlines are read again (deadlines set, changed or cleared by other instances). */
const DEFAULT_SWEEP_MS = 15_000;

export interface PhaseDeadlinesOptions {
  /** How often to re-read the stored deadlines; default 15 s. */
  readonly sweepMs?: number;
  readonly onError?: (error: unknown, deadline: PhaseDeadline | null) => void;
}

/**
 * The server-side scheduler of async retro phases: "reflect closes on Friday at 17:00". Each
 * deadline is a row of RetroRecords (SQLite in DATA_DIR, or PostgreSQL shared by every instance),
 * armed as a timer while the server runs. Every instance arms every stored deadline: at start, when
 * it sets one, and at each sweep (which also picks up deadlines other instances set or cleared),
 * so a restart or a dead instance does not lose one; one that passed while no server ran fires
 * right after the next start. When a deadline is due, the instance first claims it
 * (RetroRecords.claimDeadline): exactly one instance wins and runs `onDue`, which moves the phase
 * on only if the board still shows this deadline. Its row then goes; if closing fails, the claim
 * is released and tried again a minute later.
 */
export class PhaseDeadlines {
  private readonly timers = new Map<string, { timer: ReturnType<typeof setTimeout>; deadline: PhaseDeadline }>();
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private readonly onError: (error: unknown, deadline: PhaseDeadline | null) => void;

  constructor(
    private readonly records: RetroRecords,
    private readonly onDue: (deadline: PhaseDeadline) => Promise<void>,
    private readonly options: PhaseDeadlinesOptions = {},
  ) {
    this.onError = options.onError ?? (() => {});
  }

  /** Arms every stored deadline and starts the sweep (call once the server can run board commands). */
  start(): void {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.options.sweepMs ?? DEFAULT_SWEEP_MS);
    this.sweeper.unref?.();
  }

  /** Re-reads the stored deadlines: arms new or changed ones, disarms the ones that are gone. */
  async sweep(): Promise<void> {
    let stored: PhaseDeadline[];
    try {
      stored = await this.records.listDeadlines();
    } catch (error) {
      if (!this.stopped) this.onError(error, null);
      return;
    }
    if (this.stopped) return;
    const byBoard = new Map(stored.map((deadline) => [deadline.boardId, deadline]));
    for (const [boardId, armed] of this.timers) {
      const now = byBoard.get(boardId);
      if (!now || now.at !== armed.deadline.at || now.phase !== armed.deadline.phase) this.disarm(boardId);
    }
    for (const deadline of stored) if (!this.timers.has(deadline.boardId)) this.arm(deadline);
  }

  list(): Promise<PhaseDeadline[]> {
    return this.records.listDeadlines();
  }

  /** Sets (or replaces) a board's deadline. */
  async set(deadline: PhaseDeadline): Promise<void> {
    await this.records.setDeadline(deadline);
    this.arm(deadline);
  }

  async clear(boardId: string): Promise<void> {
    this.disarm(boardId);
    await this.records.clearDeadline(boardId);
  }

  /** Stops the timers (the rows stay for the next start). */
  stop(): void {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const boardId of [...this.timers.keys()]) this.disarm(boardId);
  }

  private arm(deadline: PhaseDeadline, wait = Math.max(0, deadline.at - Date.now())): void {
    this.disarm(deadline.boardId);
    if (this.stopped) return;
    const capped = Math.min(wait, MAX_WAIT_MS);
    const timer = setTimeout(() => {
      this.timers.delete(deadline.boardId);
      if (capped === MAX_WAIT_MS) return this.arm(deadline);
      void this.fire(deadline);
    }, capped);
    timer.unref?.();
    this.timers.set(deadline.boardId, { timer, deadline });
  }

  private disarm(boardId: string): void {
    const armed = this.timers.get(boardId);
    if (armed !== undefined) clearTimeout(armed.timer);
    this.timers.delete(boardId);
  }

  private async fire(deadline: PhaseDeadline): Promise<void> {
    let claimed = false;
    try {
      const now = Date.now();
      claimed = await this.records.claimDeadline(deadline, now, now + CLAIM_LEASE_MS);
      // Not ours: another instance closes it, or it was changed or cleared meanwhile (the sweep
      // arms whatever the table holds now; a lapsed claim is taken over then).
      if (!claimed) return;
      await this.onDue(deadline);
      await this.records.finishDeadline(deadline);
    } catch (error) {
      // Not lost: a deadline that fires while the server stops waits for the next start (its
      // claim lapses); any other failure (the board briefly unavailable) is tried again later.
      if (this.stopped) return;
      this.onError(error, deadline);
      if (claimed) await this.records.releaseDeadline(deadline).catch(() => {});
      this.arm(deadline, RETRY_MS);
    }
  }
}
