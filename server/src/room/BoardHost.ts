import { BoardCommandError, buildSampleBoard, CloseCode, createBoard, customRetroColumns, SCHEMA_VERSION, updateBoardMeta, validateBoard, describeProblems, type TemplateId } from '@lanewise/shared';
import * as Y from 'yjs';
import { importBoardFile } from '../import/importBoardFile.ts';
import { ImportError } from '../import/ImportError.ts';
import type { Logger } from '../logger.ts';
import type { BoardRule } from '../rules/BoardRule.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { BoardNotFoundError, BoardUnavailableError } from '../sync/boardErrors.ts';
import type { BusySlot } from '../threads/BusySlot.ts';
import type { NewBoardInput, ToBoardThread } from '../threads/protocol.ts';
import type { CommandFailure } from './commands/BoardCommand.ts';
import { CommitGroup } from './CommitGroup.ts';
import { BoardRoom, type OffloadBounds, type RoomLimits } from './BoardRoom.ts';
import type { Outbox } from './Outbox.ts';
import { RoomConnection } from './RoomConnection.ts';

export interface BoardHostDeps {
  readonly storage: BoardStorage;
  readonly outbox: Outbox;
  readonly busy: BusySlot;
  readonly logger: Logger;
  readonly rules: readonly BoardRule[];
  readonly limits: RoomLimits;
  /** The main thread's host only: when a board asks to move to a board thread (DECISIONS 105). */
  readonly offload?: OffloadBounds;
  /** Several instances share the boards (REDIS_URL): rooms take other instances' updates and publish their presence. */
  readonly fanout?: boolean;
}

/** A message for one board (not a new board, not the whole thread). */
type BoardOp = Exclude<ToBoardThread, { t: 'shutdown' } | { t: 'createBoard' } | { t: 'importBoard' }>;

/** A board on this thread: loading (work waits in `backlog`), live, or failed to load. */
interface RoomSlot {
  room: BoardRoom | null;
  readonly backlog: ToBoardThread[];
  /** Why it could not be loaded; every later message for it is answered with this. */
  failure: unknown;
}

function failureOf(error: unknown): CommandFailure {
  if (error instanceof BoardCommandError) return { name: 'BoardCommandError', code: error.code, message: error.message };
  if (error instanceof ImportError) return { name: 'ImportError', status: error.status, code: error.code, message: error.message, ...(error.line === undefined ? {} : { line: error.line }) };
  if (error instanceof Error && (error.name === 'BoardNotFoundError' || error.name === 'SnapshotNotFoundError' || error.name === 'BoardUnavailableError' || error.name === 'ChangeNotStoredError')) {
    return { name: error.name, message: error.message };
  }
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * The boards one board thread owns. Messages from the main thread arrive in batches; each goes
 * to its board's room in order (work for a board that is still loading waits for the load), and
 * each room stores what the batch applied in one transaction at the end of the batch.
 */
export class BoardHost {
  private readonly slots = new Map<string, RoomSlot>();
  /** Boards being unloaded: a new load of the same board waits for the unload to finish. */
  private readonly unloading = new Map<string, Promise<void>>();

  /** One storage transaction for the updates all boards applied from a batch. */
  private readonly commits: CommitGroup;

  constructor(private readonly deps: BoardHostDeps) {
    this.commits = new CommitGroup(deps.storage);
  }

  handle(ops: readonly ToBoardThread[]): void {
    const touched = new Set<BoardRoom>();
    for (const op of ops) {
      if (op.t === 'shutdown') {
        void this.shutdown();
        continue;
      }
      if (op.t === 'createBoard') {
        this.answer(op.id, this.createBoard(op.boardId, op.input).then(() => op.boardId));
        continue;
      }
      if (op.t === 'importBoard') {
        this.answer(op.id, importBoardFile(this.deps.storage, op.boardId, op.input, this.deps.limits.maxBoardBytes));
        continue;
      }
      const room = this.dispatch(op);
      if (room) touched.add(room);
    }
    for (const room of touched) room.endOfBatch();
    // The batch's updates are stored now and what the rooms said (their relays among it) goes at
    // once, in this turn (DECISIONS 125).
    this.commits.flush();
    this.deps.outbox.flush();
  }

  /** Routes one message to its board's room; returns the room if it took it now. */
  private dispatch(op: BoardOp): BoardRoom | null {
    if (op.t === 'unload') {
      const slot = this.slots.get(op.boardId);
      if (!slot) return null;
      this.slots.delete(op.boardId);
      const done = (slot.room ? slot.room.unload(undefined, op.moving !== true) : Promise.resolve()).then(() => {
        if (this.unloading.get(op.boardId) === done) this.unloading.delete(op.boardId);
        this.letGo(op.boardId); // before the main thread hears of it: the board's next owner starts from storage
        this.deps.outbox.push({ t: 'unloaded', boardId: op.boardId });
      });
      this.unloading.set(op.boardId, done);
      return null;
    }
    let slot = this.slots.get(op.boardId);
    if (!slot) {
      // Leaving or talking to a board this thread does not hold (it failed, or was unloaded): nothing to do.
      if (op.t === 'leave' || op.t === 'message' || op.t === 'remoteUpdates' || op.t === 'remotePresence' || op.t === 'catchUp' || op.t === 'instanceGone' || op.t === 'announcePresence') return null;
      slot = this.open(op.boardId, op.t === 'open' ? op.knownSeq : 0);
    }
    if (op.t === 'open') return null;
    if (slot.failure !== null) {
      this.answerFailed(op, slot.failure);
      return null;
    }
    if (!slot.room) {
      slot.backlog.push(op);
      return null;
    }
    this.deliver(slot.room, op);
    return slot.room;
  }

  private deliver(room: BoardRoom, op: Exclude<BoardOp, { t: 'unload' } | { t: 'open' }>): void {
    switch (op.t) {
      case 'join':
        room.join(op.conn, new RoomConnection(op.conn, op.identity, op.decisions, this.deps.limits), op.rejoin);
        return;
      case 'leave':
        room.leave(op.conn);
        return;
      case 'message':
        room.receive(op.conn, op.data);
        return;
      case 'command':
        this.answer(op.id, room.run(op.command));
        return;
      case 'remoteUpdates':
        room.remote.receive(op.updates);
        return;
      case 'remotePresence':
        room.remote.presence(op.instance, op.data);
        return;
      case 'catchUp':
        room.remote.catchUp();
        return;
      case 'instanceGone':
        room.remote.instanceGone(op.instance);
        return;
      case 'announcePresence':
        room.remote.announce();
        return;
    }
  }

  /** Sends the main thread the outcome of request `id` (a command, a new board). */
  private answer(id: number, work: Promise<unknown>): void {
    work.then(
      (value) => this.deps.outbox.push({ t: 'result', id, ok: true, value }),
      (error: unknown) => this.deps.outbox.push({ t: 'result', id, ok: false, error: failureOf(error) }),
    );
  }

  private open(boardId: string, knownSeq: number): RoomSlot {
    const slot: RoomSlot = { room: null, backlog: [], failure: null };
    this.slots.set(boardId, slot);
    const previous = this.unloading.get(boardId) ?? Promise.resolve();
    const deps = { ...this.deps, commits: this.commits, onFailed: (room: BoardRoom) => this.forget(room) };
    previous
      // Unloaded while it waited: not loaded (nor claimed) at all, since the board may have a new owner already.
      .then(() => (this.slots.get(boardId) === slot ? BoardRoom.load(boardId, deps, knownSeq) : null))
      .then(
        (room) => {
          if (!room) return;
          if (this.slots.get(boardId) !== slot) {
            // Unloaded while it loaded: let go without compacting (a new owner may be writing it).
            void room.unload(undefined, false).then(() => this.letGo(boardId));
            return;
          }
          slot.room = room;
          this.deps.outbox.push({ t: 'loaded', boardId, lastSeq: room.lastSeq, storedBytes: room.storedBytes });
          for (const op of slot.backlog.splice(0)) this.dispatch(op as BoardOp);
          room.endOfBatch();
          this.commits.flush();
          this.deps.outbox.flush();
        },
        (error: unknown) => {
          if (!(error instanceof BoardNotFoundError)) this.deps.logger.error({ err: error, boardId }, 'board failed to load');
          slot.failure = error instanceof BoardNotFoundError ? error : new BoardUnavailableError(`Board "${boardId}" could not be loaded; try again.`);
          for (const op of slot.backlog.splice(0)) this.answerFailed(op, slot.failure);
          if (this.slots.get(boardId) === slot) this.slots.delete(boardId);
          this.letGo(boardId);
          this.deps.outbox.push({ t: 'failed', boardId });
        },
      );
    return slot;
  }

  /** No room of this thread writes the board any more: storage moves what it holds for it aside (DECISIONS 156). */
  private letGo(boardId: string): void {
    if (this.slots.has(boardId)) return; // opened here again meanwhile: that room writes it
    try {
      this.deps.storage.release?.(boardId);
    } catch (error) {
      this.deps.logger.error({ err: error, boardId }, "the board's journaled updates could not be moved into the database; they stay journaled and its next load moves them");
    }
  }

  private answerFailed(op: ToBoardThread, failure: unknown): void {
    if (op.t === 'join') {
      const notFound = failure instanceof BoardNotFoundError;
      this.deps.outbox.push({ t: 'close', conn: op.conn, code: notFound ? CloseCode.BoardNotFound : CloseCode.BoardUnavailable, reason: notFound ? 'board not found' : 'board could not be loaded' });
    } else if (op.t === 'command') {
      this.deps.outbox.push({ t: 'result', id: op.id, ok: false, error: failureOf(failure) });
    }
  }

  private forget(room: BoardRoom): void {
    const slot = this.slots.get(room.boardId);
    if (slot?.room === room) this.slots.delete(room.boardId);
    this.letGo(room.boardId);
    this.deps.outbox.push({ t: 'failed', boardId: room.boardId });
  }

  /** A new board: built with the shared commands here (board work stays off the main thread), validated, stored. */
  private async createBoard(boardId: string, input: NewBoardInput): Promise<void> {
    const doc = new Y.Doc();
    try {
      if (input.sample) {
        buildSampleBoard(doc);
        updateBoardMeta(doc, { title: input.title });
      } else {
        const template = input.template as TemplateId;
        // A custom retro's columns are its prompts; every other template brings its own lanes.
        const lanes = template === 'retro-custom' ? customRetroColumns(input.prompts ?? []).map((name) => ({ name })) : undefined;
        createBoard(doc, { title: input.title, template, ...(lanes ? { lanes } : {}) });
      }
      const validation = validateBoard(doc);
      if (!validation.ok) throw new Error(`a new board does not match the schema: ${describeProblems(validation.problems)}`);
      const now = Date.now();
      const data = Y.encodeStateAsUpdate(doc);
      await this.deps.storage.createBoard({ id: boardId, title: input.title, template: input.template, createdAt: now, updatedAt: now }, data, {
        validated: { data, stateVector: Y.encodeStateVector(doc), schemaVersion: SCHEMA_VERSION },
      });
    } finally {
      doc.destroy();
    }
  }

  private async shutdown(): Promise<void> {
    const rooms = [...this.slots.values()].flatMap((slot) => (slot.room ? [slot.room] : []));
    this.slots.clear();
    await Promise.all([...this.unloading.values(), ...rooms.map((room) => room.unload({ code: CloseCode.GoingAway, reason: 'server going away' }))]);
    await this.deps.storage.close();
    this.deps.outbox.push({ t: 'stopped' });
    this.deps.outbox.flush();
  }
}
