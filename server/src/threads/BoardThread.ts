import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import { BusySlot } from './BusySlot.ts';
import { TurnBatch } from './TurnBatch.ts';
import type { BoardThreadData, BoardThreadSettings, FromBoardThread, ToBoardThread } from './protocol.ts';

/** Young-generation cap of each board thread's heap (see the constructor). */
const BOARD_THREAD_YOUNG_GENERATION_MB = 4;

/** USER_HZ: /proc reports CPU time in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Where a board thread's code is: compiled, `dist/boardThread.js` beside the bundle this runs
 * from; from source (tests, `pnpm dev`), the TypeScript entry loaded through tsx.
 */
function entryPoint(): { script: URL; entry: string } {
  if (import.meta.url.endsWith('.js')) {
    const script = new URL('./boardThread.js', import.meta.url);
    return { script, entry: script.href };
  }
  return { script: new URL('./tsxWorker.boot.mjs', import.meta.url), entry: new URL('../room/boardThread.ts', import.meta.url).href };
}

export interface BoardThreadEvents {
  onOps(thread: BoardThread, ops: readonly FromBoardThread[]): void;
  /** The thread died on its own (an uncaught error, out of memory). */
  onExit(thread: BoardThread): void;
}

/**
 * The main thread's handle on one board thread: posts messages to it in batches (one
 * `postMessage` per turn) and reads its busy slot for the watchdog.
 */
export class BoardThread {
  readonly busy = new BusySlot();
  /** Boards assigned to this thread (loaded, loading or unloading). */
  readonly boards = new Set<string>();
  /** False once terminated: anything it still sends is ignored. */
  alive = true;
  /** Asked to stop because it had no boards for a while; takes no new boards. */
  retiring = false;
  /** When it last had no boards (for reaping idle threads). */
  idleSince = Date.now();
  /** Its Linux thread id once it booted (its CPU time is in /proc/self/task/<tid>/stat). */
  tid: number | null = null;
  private readonly worker: Worker;
  /** One `postMessage` per turn: messages from many sockets travel in one batch. */
  private readonly outgoing = new TurnBatch<ToBoardThread>((ops) => {
    if (this.alive) this.worker.postMessage(ops);
  });

  constructor(
    readonly id: number,
    settings: BoardThreadSettings,
    private readonly events: BoardThreadEvents,
    private readonly logger: Logger,
  ) {
    const { script, entry } = entryPoint();
    const workerData: BoardThreadData & { entry: string } = { threadId: id, busy: this.busy.buffer, settings, entry };
    // A small nursery: a board thread's garbage is short-lived (decoded updates, validation
    // scratch); V8's default young generation for a new isolate costs ~16 MB of resident memory.
    this.worker = new Worker(script, { workerData, resourceLimits: { maxYoungGenerationSizeMb: BOARD_THREAD_YOUNG_GENERATION_MB } });
    this.worker.on('message', (ops: FromBoardThread[]) => {
      if (!this.alive) return;
      for (const op of ops) if (op.t === 'ready') this.tid = op.tid;
      this.events.onOps(this, ops);
    });
    this.worker.on('error', (error) => this.logger.error({ err: error, boardThread: id }, 'board thread failed'));
    this.worker.on('exit', (code) => {
      if (!this.alive) return;
      this.alive = false;
      this.logger.error({ boardThread: id, code }, 'board thread exited');
      this.events.onExit(this);
    });
  }

  post(op: ToBoardThread): void {
    if (this.alive) this.outgoing.push(op);
  }

  /** CPU time the thread has used so far (ms), or null where it cannot be read (not Linux, not booted). */
  cpuMs(): number | null {
    if (this.tid === null) return null;
    try {
      const stat = readFileSync(`/proc/self/task/${this.tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
      return null;
    }
  }

  /** Stops the thread at once (the watchdog, or after it stopped cleanly). */
  terminate(): Promise<void> {
    this.alive = false;
    this.outgoing.clear();
    return this.worker.terminate().then(() => undefined);
  }
}
