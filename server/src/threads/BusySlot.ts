/**
 * "This board thread is applying an update from connection C since time T", in shared memory:
 * the board thread writes it around each update it applies, the main thread's watchdog reads it
 * without asking (a thread stuck in `Y.applyUpdate` answers no messages).
 */
export class BusySlot {
  static readonly BYTES = 16;
  private readonly connection: Int32Array;
  private readonly since: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(BusySlot.BYTES)) {
    this.connection = new Int32Array(buffer, 0, 1);
    this.since = new Float64Array(buffer, 8, 1);
  }

  /** Marks the start of work on behalf of `connection` (a positive id). */
  enter(connection: number): void {
    this.since[0] = Date.now();
    Atomics.store(this.connection, 0, connection);
  }

  leave(): void {
    Atomics.store(this.connection, 0, 0);
  }

  /** The connection being served and for how long, or null when idle. */
  read(now = Date.now()): { connection: number; forMs: number; since: number } | null {
    const connection = Atomics.load(this.connection, 0);
    if (connection === 0) return null;
    const since = this.since[0] as number;
    return { connection, forMs: now - since, since };
  }
}
