import { Worker } from 'node:worker_threads';
import { CloseCode, newId } from '@lanewise/shared';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { GateRequest, GateResponse } from './gateProtocol.ts';

const BOOT = new URL('./updateGateWorker.boot.mjs', import.meta.url);
const ENTRY = new URL('./updateGateWorker.ts', import.meta.url).href;

export type GateVerdict = { readonly ok: true; readonly ms: number; readonly changes: boolean } | { readonly ok: false; readonly code: number; readonly reason: string };

interface Job {
  readonly type: 'admit' | 'probe';
  readonly key: string;
  readonly update: Uint8Array;
  readonly doc: Y.Doc;
  readonly maxBoardBytes: number;
  readonly timeoutMs: number;
  readonly resolve: (verdict: GateVerdict) => void;
}

/**
 * The one worker of this process (several servers in one test process share it). Jobs run one at
 * a time, in order; a job that outlives its time limit gets the worker terminated and replaced,
 * and each mirror is rebuilt from its room's document when next needed.
 */
class GateWorker {
  private worker: Worker | null = null;
  /** Bumped whenever the worker is replaced: mirrors of older generations are gone. */
  private generation = 0;
  private readonly queue: Job[] = [];
  private running: { job: Job; id: number; timer: NodeJS.Timeout | null } | null = null;
  private loaded = false;
  private nextId = 1;
  private started: Promise<void> | null = null;
  /** The generation each document's mirror was built in, and its key. */
  private readonly mirrors = new WeakMap<Y.Doc, { key: string; generation: number }>();

  /** Resolves once a worker has loaded (tsx compiles it on first start: about a second). */
  ready(): Promise<void> {
    this.ensureWorker();
    return this.started ?? Promise.resolve();
  }

  run(job: Job): void {
    this.queue.push(job);
    this.pump();
  }

  /** The room's document changed other than through the gate: the mirror follows. */
  follow(doc: Y.Doc, update: Uint8Array): void {
    const mirror = this.mirrors.get(doc);
    if (mirror && mirror.generation === this.generation) this.ensureWorker().postMessage({ type: 'mirror', key: mirror.key, update } satisfies GateRequest);
  }

  drop(doc: Y.Doc): void {
    const mirror = this.mirrors.get(doc);
    if (!mirror) return;
    this.mirrors.delete(doc);
    if (mirror.generation === this.generation) this.ensureWorker().postMessage({ type: 'drop', key: mirror.key } satisfies GateRequest);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY } });
    worker.unref();
    this.loaded = false;
    this.started = new Promise((resolve) => {
      worker.once('message', () => {
        if (this.worker === worker) this.loaded = true;
        resolve();
      });
      worker.once('exit', () => resolve());
    });
    worker.on('message', (response: GateResponse | 'ready') => {
      if (response !== 'ready') this.finish(response);
    });
    worker.on('error', () => this.replace(worker));
    worker.on('exit', () => this.replace(worker));
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.running) return;
    const job = this.queue.shift();
    if (!job) return;
    if (job.doc.isDestroyed) {
      job.resolve({ ok: false, code: CloseCode.TryAgainLater, reason: 'board is reloading, reconnect' });
      return this.pump();
    }
    const worker = this.ensureWorker();
    const mirror = this.mirrors.get(job.doc);
    if (!mirror || mirror.generation !== this.generation) {
      // Built from the room's document as it is now: every earlier admitted update is applied.
      this.mirrors.set(job.doc, { key: job.key, generation: this.generation });
      worker.postMessage({ type: 'init', key: job.key, state: Y.encodeStateAsUpdate(job.doc), maxBoardBytes: job.maxBoardBytes } satisfies GateRequest);
    }
    const id = this.nextId++;
    const running: { job: Job; id: number; timer: NodeJS.Timeout | null } = { job, id, timer: null };
    this.running = running;
    worker.postMessage({ type: job.type, id, key: job.key, update: job.update } satisfies GateRequest);
    // The time limit is for the work, not for a replacement worker that is still loading.
    const startClock = () => {
      if (this.running === running) running.timer = setTimeout(() => this.timeOut(), job.timeoutMs);
    };
    if (this.loaded) startClock();
    else void this.started?.then(startClock);
  }

  private finish(response: GateResponse): void {
    const running = this.running;
    if (!running || running.id !== response.id) return;
    if (running.timer) clearTimeout(running.timer);
    this.running = null;
    if (response.ok) running.job.resolve({ ok: true, ms: response.ms, changes: response.changes });
    else {
      if (response.mirrorDropped) this.mirrors.delete(running.job.doc);
      running.job.resolve({ ok: false, code: response.code, reason: response.reason });
    }
    this.pumpLater();
  }

  /** After the verdict's continuation ran (the room applied the update), so a rebuilt mirror has it. */
  private pumpLater(): void {
    setImmediate(() => this.pump());
  }

  private timeOut(): void {
    const running = this.running;
    if (!running) return;
    this.running = null;
    if (this.worker) this.replace(this.worker);
    running.job.resolve({ ok: false, code: CloseCode.PolicyViolation, reason: 'update took too long to apply' });
    this.pumpLater();
  }

  private replace(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.generation++;
    void worker.terminate();
    const running = this.running;
    if (running) {
      // The worker died under a job: that job cannot be judged.
      if (running.timer) clearTimeout(running.timer);
      this.running = null;
      running.job.resolve({ ok: false, code: CloseCode.TryAgainLater, reason: 'update could not be checked, reconnect' });
      this.pumpLater();
    }
  }
}

let shared: GateWorker | null = null;
const gateWorker = (): GateWorker => (shared ??= new GateWorker());

export interface UpdateGateOptions {
  readonly timeoutMs: number;
  readonly maxBoardBytes: number;
  readonly logger: Logger;
}

/**
 * Checks client updates before a room applies them: decoded, applied to a mirror of the room's
 * document and validated (incrementally, `boardChanges.ts`) in a worker thread under a time
 * limit. The mirror follows every other change of the room's document, so it stays in lockstep.
 */
export class UpdateGate {
  private readonly prefix = newId(8);
  private readonly docs = new Set<Y.Doc>();

  constructor(private readonly options: UpdateGateOptions) {}

  /** Starts the worker; the server listens only once it has loaded, so no first update waits for it. */
  ready(): Promise<void> {
    return gateWorker().ready();
  }

  /** Applies `update` to the mirror if it keeps the board valid and small enough. */
  admit(doc: Y.Doc, boardId: string, update: Uint8Array): Promise<GateVerdict> {
    return this.run(doc, boardId, 'admit', update);
  }

  /** Whether `update` would change the board (for viewers: a redundant sync step 2 is not a write). */
  probe(doc: Y.Doc, boardId: string, update: Uint8Array): Promise<GateVerdict> {
    return this.run(doc, boardId, 'probe', update);
  }

  /** An admitted update was not applied after all: the mirror is rebuilt before the next check. */
  invalidate(doc: Y.Doc): void {
    gateWorker().drop(doc);
  }

  close(): void {
    for (const doc of this.docs) gateWorker().drop(doc);
    this.docs.clear();
  }

  private run(doc: Y.Doc, boardId: string, type: 'admit' | 'probe', update: Uint8Array): Promise<GateVerdict> {
    this.watch(doc);
    return new Promise((resolve) => {
      gateWorker().run({
        type,
        key: `${this.prefix}/${boardId}/${doc.guid}`,
        update,
        doc,
        maxBoardBytes: this.options.maxBoardBytes,
        timeoutMs: this.options.timeoutMs,
        resolve,
      });
    });
  }

  private watch(doc: Y.Doc): void {
    if (this.docs.has(doc)) return;
    this.docs.add(doc);
    // Changes that did not come through the gate (server writes: restores, migrations) follow the
    // room's document into the mirror; the gate applied the connections' own before the room did.
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if ((origin as { source?: unknown } | null)?.source !== 'connection') gateWorker().follow(doc, update);
    });
    doc.on('destroy', () => {
      gateWorker().drop(doc);
      this.docs.delete(doc);
    });
  }
}
