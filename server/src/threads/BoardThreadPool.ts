import type { Logger } from '../logger.ts';
import { BoardThread } from './BoardThread.ts';
import type { BoardThreadSettings, FromBoardThread } from './protocol.ts';

export interface BoardThreadPoolOptions {
  /** Most board threads (BOARD_THREADS). They are started when boards need them, not up front. */
  readonly size: number;
  readonly settings: BoardThreadSettings;
  /** An update applying for longer than this gets its thread replaced (UPDATE_TIMEOUT_MS). */
  readonly updateTimeoutMs: number;
  /** A thread without boards for this long is stopped (one always stays). */
  readonly idleThreadMs: number;
  readonly logger: Logger;
  onOps(thread: BoardThread, ops: readonly FromBoardThread[]): void;
  /**
   * `old` was terminated and `replacement` takes its boards: `stuckConnection` is the connection
   * whose update it was stuck on (null if the thread died on its own).
   */
  onReplaced(old: BoardThread, replacement: BoardThread, stuckConnection: number | null): void;
}

/**
 * The board threads: started lazily up to `size`, a board assigned to the least-loaded one when
 * it is opened (it stays there while loaded), idle ones stopped. The watchdog reads each
 * thread's busy slot; a thread stuck on one update past the time limit is terminated and a new
 * one takes over its boards, which reload from storage.
 */
export class BoardThreadPool {
  private readonly threads: BoardThread[] = [];
  private nextId = 1;
  private readonly watchdog: NodeJS.Timeout;
  private closed = false;
  /** Per busy thread: when its current update started, and its CPU time when the watchdog first saw it. */
  private readonly episodes = new Map<BoardThread, { since: number; cpuAtFirstSeen: number; before: number }>();

  constructor(private readonly options: BoardThreadPoolOptions) {
    const tick = Math.max(5, Math.min(250, Math.floor(options.updateTimeoutMs / 4)));
    this.watchdog = setInterval(() => this.check(), tick);
    this.watchdog.unref();
  }

  get size(): number {
    return this.threads.length;
  }

  /** Starts the first board thread now, so the first board opened does not wait for a thread to boot. */
  warm(): void {
    if (this.threads.length === 0 && !this.closed) this.spawn();
  }

  /** A thread for a board being opened: an idle one, a new one while below `size`, else the least loaded. */
  assign(boardId: string, load: (thread: BoardThread) => number): BoardThread {
    const thread = this.pick(load);
    thread.boards.add(boardId);
    return thread;
  }

  /** The board was unloaded from the thread. */
  release(boardId: string, thread: BoardThread): void {
    thread.boards.delete(boardId);
    if (thread.boards.size === 0) thread.idleSince = Date.now();
  }

  /** A thread for work that belongs to no loaded board (creating one). */
  any(load: (thread: BoardThread) => number): BoardThread {
    return this.pick(load);
  }

  /** Every live thread (for shutdown). */
  all(): readonly BoardThread[] {
    return this.threads.filter((thread) => thread.alive);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    this.threads.length = 0;
  }

  private pick(load: (thread: BoardThread) => number): BoardThread {
    const usable = this.threads.filter((thread) => thread.alive && !thread.retiring);
    const idle = usable.find((thread) => thread.boards.size === 0);
    if (idle) return idle;
    if (usable.length < this.options.size || usable.length === 0) return this.spawn();
    return usable.reduce((best, thread) => (load(thread) < load(best) ? thread : best));
  }

  private spawn(): BoardThread {
    const thread = new BoardThread(
      this.nextId++,
      this.options.settings,
      {
        onOps: (from, ops) => {
          if (ops.some((op) => op.t === 'stopped') && from.retiring) this.remove(from);
          this.options.onOps(from, ops);
        },
        onExit: (dead) => this.replace(dead, null),
      },
      this.options.logger,
    );
    this.threads.push(thread);
    return thread;
  }

  /**
   * How long the update a thread is on has been running, in the thread's CPU time where the
   * system tells it (a thread that waits for a core is not "taking long"), else wall time. Past
   * five time limits of wall time it counts as stuck in any case.
   */
  private updateTime(thread: BoardThread, busy: { connection: number; forMs: number; since: number }): number {
    const cpu = thread.cpuMs();
    if (cpu === null || busy.forMs > 5 * this.options.updateTimeoutMs) return busy.forMs;
    let episode = this.episodes.get(thread);
    if (!episode || episode.since !== busy.since) {
      // First seen now: count the time before this tick as CPU (at most what it can have been).
      episode = { since: busy.since, cpuAtFirstSeen: cpu, before: busy.forMs };
      this.episodes.set(thread, episode);
    }
    return episode.before + (cpu - episode.cpuAtFirstSeen);
  }

  private check(): void {
    if (this.closed) return;
    const now = Date.now();
    for (const thread of [...this.threads]) {
      if (!thread.alive) continue;
      const busy = thread.busy.read(now);
      if (!busy) this.episodes.delete(thread);
      else if (this.updateTime(thread, busy) > this.options.updateTimeoutMs) {
        this.options.logger.warn({ boardThread: thread.id, connection: busy.connection, ms: busy.forMs }, 'board thread stuck on an update; replacing it');
        this.episodes.delete(thread);
        this.replace(thread, busy.connection);
        continue;
      }
      const others = this.threads.filter((other) => other !== thread && other.alive && !other.retiring).length;
      if (thread.boards.size === 0 && !thread.retiring && others > 0 && now - thread.idleSince > this.options.idleThreadMs) {
        thread.retiring = true;
        thread.post({ t: 'shutdown' });
      }
    }
  }

  /** Terminates `old` and moves its boards to a new thread (they reload from storage there). */
  private replace(old: BoardThread, stuckConnection: number | null): void {
    if (this.closed) return;
    const wasAlive = old.alive;
    void old.terminate();
    this.remove(old);
    if (!wasAlive && old.boards.size === 0) return;
    const replacement = this.spawn();
    for (const boardId of old.boards) replacement.boards.add(boardId);
    old.boards.clear();
    this.options.onReplaced(old, replacement, stuckConnection);
  }

  private remove(thread: BoardThread): void {
    const at = this.threads.indexOf(thread);
    if (at !== -1) this.threads.splice(at, 1);
    if (thread.alive) void thread.terminate();
  }
}
