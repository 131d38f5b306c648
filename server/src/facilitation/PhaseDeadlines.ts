import type Database from 'better-sqlite3';
import type { RetroPhase } from '@lanewise/shared';

/** setTimeout's longest wait; a later deadline is re-armed when it is reached. */
const MAX_WAIT_MS = 2 ** 31 - 1;
/** A deadline whose phase change failed is tried again after this long. */
const RETRY_MS = 60_000;

export interface PhaseDeadline {
  readonly boardId: string;
  readonly phase: RetroPhase;
  readonly at: number;
}

/**
 * The server-side scheduler of async retro phases: "reflect closes on Friday at 17:00". Each
 * deadline is a row in DATA_DIR's SQLite file (one per board), armed as a timer while the server
 * runs and re-armed from the table when it starts again, so a restart does not lose one; a
 * deadline that passed while the server was down fires right after the start. When a deadline
 * fires, `onDue` decides what to do (it moves the phase on only if the board still shows this
 * deadline: the facilitator may have moved on or changed it) and the row goes.
 */
export class PhaseDeadlines {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private stopped = false;

  constructor(
    private readonly db: Database.Database,
    private readonly onDue: (deadline: PhaseDeadline) => Promise<void>,
    private readonly onError: (error: unknown, deadline: PhaseDeadline) => void = () => {},
  ) {
    db.exec('CREATE TABLE IF NOT EXISTS retro_phase_deadlines (board_id TEXT PRIMARY KEY, phase TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID');
  }

  /** Arms every stored deadline (call once the server can run board commands). */
  start(): void {
    for (const deadline of this.list()) this.arm(deadline);
  }

  list(): PhaseDeadline[] {
    const rows = this.db.prepare('SELECT board_id, phase, at FROM retro_phase_deadlines ORDER BY at').all() as Array<{ board_id: string; phase: RetroPhase; at: number }>;
    return rows.map((row) => ({ boardId: row.board_id, phase: row.phase, at: row.at }));
  }

  /** Sets (or replaces) a board's deadline. */
  set(deadline: PhaseDeadline): void {
    this.db.prepare('INSERT INTO retro_phase_deadlines (board_id, phase, at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET phase = excluded.phase, at = excluded.at').run(deadline.boardId, deadline.phase, deadline.at);
    this.arm(deadline);
  }

  clear(boardId: string): void {
    this.disarm(boardId);
    this.db.prepare('DELETE FROM retro_phase_deadlines WHERE board_id = ?').run(boardId);
  }

  /** Stops the timers (the rows stay for the next start). */
  stop(): void {
    this.stopped = true;
    for (const boardId of [...this.timers.keys()]) this.disarm(boardId);
  }

  private arm(deadline: PhaseDeadline): void {
    this.disarm(deadline.boardId);
    if (this.stopped) return;
    const wait = Math.max(0, deadline.at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(deadline.boardId);
      if (wait === MAX_WAIT_MS) return this.arm(deadline);
      void this.fire(deadline);
    }, Math.min(wait, MAX_WAIT_MS));
    timer.unref?.();
    this.timers.set(deadline.boardId, timer);
  }

  private disarm(boardId: string): void {
    const timer = this.timers.get(boardId);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(boardId);
  }

  private async fire(deadline: PhaseDeadline): Promise<void> {
    try {
      await this.onDue(deadline);
    } catch (error) {
      // Not lost: a deadline that fires while the server stops waits for the next start; any
      // other failure (the board briefly unavailable) is tried again a minute later.
      if (this.stopped) return;
      this.onError(error, deadline);
      const retry = setTimeout(() => {
        this.timers.delete(deadline.boardId);
        void this.fire(deadline);
      }, RETRY_MS);
      retry.unref?.();
      this.timers.set(deadline.boardId, retry);
      return;
    }
    // Only this deadline's row: a new one set meanwhile stays.
    this.db.prepare('DELETE FROM retro_phase_deadlines WHERE board_id = ? AND at = ? AND phase = ?').run(deadline.boardId, deadline.at, deadline.phase);
  }
}
