import * as decoding from 'lib0/decoding';
import type { Logger } from '../logger.ts';
import type { BoardStorage, StoredBoard } from '../storage/BoardStorage.ts';
import type { RemoteUpdate } from '../threads/protocol.ts';

/**
 * How long a hole in the sequence may stay open before storage is asked: another instance's
 * updates can reach the stream out of `seq` order (two instances publish concurrently), so a
 * hole usually fills by itself within milliseconds.
 */
export const GAP_GRACE_MS = 150;
/** A backfill that failed (storage unreachable) is tried again after this long. */
const BACKFILL_RETRY_MS = 1000;

/** What the feed needs from its room (the board's owner thread). */
export interface RemoteFeedRoom {
  readonly boardId: string;
  readonly storage: BoardStorage;
  readonly logger: Logger;
  /** Runs `run` once everything applied before is committed (the room's queue, a barrier). */
  enqueueBarrier(run: () => void): void;
  /** Runs asynchronous `work` alone, once everything applied before is committed. */
  enqueueWork(work: () => Promise<void>): void;
  /** Applies an update another instance committed as `seq` to the board and relays it to this instance's connections. */
  applyCommitted(seq: number, update: Uint8Array): void;
  /** The log was compacted past what this room has: take the stored board as it is now (and relay it). */
  replaceStored(stored: StoredBoard): void;
  /** Applies another instance's (admitted) awareness update; `added` and `removed` are its client ids. */
  applyRemotePresence(update: Uint8Array, instance: string, added: readonly number[], removed: readonly number[]): void;
  /** Removes presence client ids (their instance is gone). */
  removePresence(clientIds: number[]): void;
  /** Publishes the presence of every client id except these (the ones other instances brought). */
  announcePresence(except: ReadonlySet<number>): void;
}

/**
 * The fan-out's side on a board's owner thread (DECISIONS 95): updates committed by other
 * instances arrive here with their `seq` and are applied in `seq` order, each exactly once; a
 * hole (an update that never reached the stream, a trimmed stream, Redis restarted) is filled
 * from storage (`updatesAfter`), which holds every committed update. Presence from other
 * instances is applied here too, and remembered per instance so it can be removed when that
 * instance dies. Off (`enabled` false: SQLite, one instance) it does nothing.
 */
export class RemoteFeed {
  /** Every seq up to this one is in the room. */
  private watermark: number;
  /** Seqs above the watermark that are in the room (this instance's own commits, mostly). */
  private readonly above = new Set<number>();
  /** Remote updates waiting for the seqs before them. */
  private readonly waiting = new Map<number, Uint8Array>();
  private gapTimer: NodeJS.Timeout | null = null;
  private backfillQueued = false;
  private closed = false;
  /** Presence client ids per instance they came from. */
  private readonly presenceOf = new Map<string, Set<number>>();

  constructor(
    private readonly room: RemoteFeedRoom,
    lastSeq: number,
    private readonly enabled: boolean,
  ) {
    this.watermark = lastSeq;
  }

  /** Every update up to this seq is in the room (compaction folds no further). */
  get contiguousSeq(): number {
    return this.watermark;
  }

  /** This room stored `seq`. */
  committedHere(seq: number): void {
    if (!this.enabled) return;
    this.mark(seq);
    if (this.waiting.size > 0) this.room.enqueueBarrier(() => this.drain());
    else this.checkGap();
  }

  receive(updates: readonly RemoteUpdate[]): void {
    if (!this.enabled || this.closed) return;
    for (const update of updates) if (!this.has(update.seq)) this.waiting.set(update.seq, update.data);
    this.room.enqueueBarrier(() => this.drain());
  }

  /** The stream may have lost entries: read storage now. */
  catchUp(): void {
    if (!this.enabled || this.closed) return;
    this.queueBackfill();
  }

  presence(instance: string, update: Uint8Array): void {
    if (!this.enabled || this.closed) return;
    let owned = this.presenceOf.get(instance);
    if (!owned) this.presenceOf.set(instance, (owned = new Set()));
    const added: number[] = [];
    const removed: number[] = [];
    for (const entry of awarenessEntries(update)) {
      if (entry.removed) owned.delete(entry.clientId);
      else owned.add(entry.clientId);
      (entry.removed ? removed : added).push(entry.clientId);
    }
    this.room.applyRemotePresence(update, instance, added, removed);
  }

  /** Another instance loaded the board: tell it who is here. */
  announce(): void {
    if (!this.enabled || this.closed) return;
    const remote = new Set<number>();
    for (const owned of this.presenceOf.values()) for (const id of owned) remote.add(id);
    this.room.announcePresence(remote);
  }

  instanceGone(instance: string): void {
    const owned = this.presenceOf.get(instance);
    this.presenceOf.delete(instance);
    if (owned && owned.size > 0 && !this.closed) this.room.removePresence([...owned]);
  }

  close(): void {
    this.closed = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.waiting.clear();
  }

  private has(seq: number): boolean {
    return seq <= this.watermark || this.above.has(seq);
  }

  private mark(seq: number): void {
    if (seq <= this.watermark) return;
    this.above.add(seq);
    while (this.above.delete(this.watermark + 1)) this.watermark++;
  }

  /** Applies the waiting updates that are next in `seq` order. */
  private drain(): void {
    if (this.closed) return;
    for (const seq of [...this.waiting.keys()]) if (this.has(seq)) this.waiting.delete(seq);
    for (;;) {
      const seq = this.watermark + 1;
      const update = this.waiting.get(seq);
      if (!update) break;
      this.waiting.delete(seq);
      this.room.applyCommitted(seq, update);
      this.mark(seq);
    }
    this.checkGap();
  }

  private checkGap(): void {
    const gap = this.waiting.size > 0 || this.above.size > 0;
    if (!gap) {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
      return;
    }
    if (this.gapTimer || this.backfillQueued) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.waiting.size > 0 || this.above.size > 0) this.queueBackfill();
    }, GAP_GRACE_MS);
  }

  private queueBackfill(): void {
    if (this.backfillQueued) return;
    this.backfillQueued = true;
    this.room.enqueueWork(async () => {
      this.backfillQueued = false;
      if (this.closed) return;
      try {
        await this.backfill();
      } catch (error) {
        // Storage unreachable: try again in a second (the hole stays; nothing is applied out of order).
        this.room.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'fan-out backfill failed; retrying');
        if (this.gapTimer) clearTimeout(this.gapTimer);
        this.gapTimer = setTimeout(() => {
          this.gapTimer = null;
          this.queueBackfill();
        }, BACKFILL_RETRY_MS);
      }
    });
  }

  /** Storage has every committed update: apply the ones this room lacks, in order. */
  private async backfill(): Promise<void> {
    const from = this.watermark;
    const missed = await this.room.storage.updatesAfter(this.room.boardId, from);
    if (this.closed) return;
    if (missed === null) {
      // Compacted past our watermark: the stored board as it is now replaces what the room had.
      const stored = await this.room.storage.loadBoard(this.room.boardId);
      if (!stored || this.closed) return;
      this.room.replaceStored(stored);
      this.watermark = stored.lastSeq;
      for (const seq of [...this.above]) if (seq <= this.watermark) this.above.delete(seq);
      this.room.logger.info({ from, to: stored.lastSeq }, 'fan-out gap: took the compacted board from storage');
    } else {
      let filled = 0;
      for (const update of missed) {
        if (this.has(update.seq)) continue;
        this.waiting.delete(update.seq);
        this.room.applyCommitted(update.seq, update.data);
        this.mark(update.seq);
        filled++;
      }
      if (filled > 0) this.room.logger.info({ from, filled, to: this.watermark }, 'fan-out gap filled from storage');
    }
    // Storage commits a board's updates in seq order (row lock): what it did not have is not committed yet.
    for (const seq of [...this.above]) if (seq <= this.watermark) this.above.delete(seq);
    if (this.above.size > 0 && missed !== null) {
      // Seqs above a hole storage does not have: only possible while they commit; look again shortly.
      this.checkGap();
    }
    this.drain();
  }
}

/** The client ids of an awareness update and whether each one is a removal (state `null`). */
function awarenessEntries(update: Uint8Array): Array<{ clientId: number; removed: boolean }> {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: Array<{ clientId: number; removed: boolean }> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    const state = decoding.readVarString(decoder);
    entries.push({ clientId, removed: state === 'null' });
  }
  return entries;
}
