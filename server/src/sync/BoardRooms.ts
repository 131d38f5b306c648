import { BoardCommandError, CloseCode, MessageType, newId, type BoardErrorCode } from '@lanewise/shared';
import type { BoardFileImport, ImportedBoard } from '../import/importBoardFile.ts';
import { ImportError } from '../import/ImportError.ts';
import type { SyncObserver } from '../metrics/Metrics.ts';
import type { Logger } from '../logger.ts';
import type { BoardCommand, BoardCommandResult, CommandFailure } from '../room/commands/BoardCommand.ts';
import type { BoardThread } from '../threads/BoardThread.ts';
import { BoardThreadPool } from '../threads/BoardThreadPool.ts';
import { MainThreadOwner, type BoardOwner } from '../threads/MainThreadOwner.ts';
import type { BoardThreadSettings, FromBoardThread, NewBoardInput, RemoteUpdate, ToBoardThread } from '../threads/protocol.ts';
import { BoardNotFoundError, BoardUnavailableError, ChangeNotStoredError, SnapshotNotFoundError } from './boardErrors.ts';
import type { SyncConnection } from './SyncConnection.ts';
import { binaryFrame } from './websocketFrame.ts';

export interface BoardRoomsOptions {
  readonly logger: Logger;
  /** Most board threads (BOARD_THREADS). */
  readonly threads: number;
  readonly settings: BoardThreadSettings;
  readonly maxBufferedBytes: number;
  readonly unloadDelayMs: number;
  /** A board thread without boards for this long is stopped. */
  readonly idleThreadMs?: number;
  /**
   * The main thread owns boards (DECISIONS 105) unless this is null: every board opens there and
   * moves to a board thread before work that can be slow — a client message larger than
   * `maxMessageBytes`, a heavy command, or when its room asks (`offload`).
   */
  readonly mainThread?: { readonly maxMessageBytes: number; readonly offload: { readonly updateMs: number; readonly boardBytes: number } } | null;
  /** Told about messages, relays and closes (metrics). */
  readonly observer?: SyncObserver & { forget(conn: number): void };
}

/**
 * Where the fan-out (`fanout/`) plugs into the sync core: told when a board is loaded or let go,
 * when an update committed here is relayed (with its `seq`), and when a connection here changed
 * presence. Its way back in is `remoteUpdates`, `remotePresence`, `catchUp` and `instanceGone`.
 */
export interface FanoutHook {
  boardLoaded(boardId: string, lastSeq: number): void;
  boardReleased(boardId: string): void;
  committed(boardId: string, seq: number, update: Uint8Array): void;
  presence(boardId: string, data: Uint8Array): void;
  /** Decision entries this instance stored, for the live feeds of the board's clients on other instances. */
  decisions(boardId: string, data: Uint8Array): void;
}

/** What a transport calls for one connection: messages in order, then close. */
export interface ConnectionHandle {
  message(data: Uint8Array): void;
  close(): void;
}

/** A connection as the main thread routes it. */
interface LiveConnection {
  readonly id: number;
  readonly connection: SyncConnection;
  readonly board: LiveBoard;
  /** The client's latest sync step 1, until the board answered one (replayed if its thread is replaced). */
  lastSyncStep1: Uint8Array | null;
  answered: boolean;
}

/** A board assigned to a thread: its connections and what is in flight for it. */
interface LiveBoard {
  readonly boardId: string;
  thread: BoardOwner;
  /**
   * Moving from the main thread to a board thread: the main thread's host stores and unloads it,
   * then `target` loads it and the connections join again. Meanwhile its messages wait in `queue`.
   */
  moving: { target: BoardThread; readonly queue: ToBoardThread[]; readonly members: Set<number> } | null;
  readonly connections: Map<number, LiveConnection>;
  commands: number;
  /** The last stored update relayed (a replacement thread sends anything after it). */
  lastSeq: number;
  unloadTimer: NodeJS.Timeout | null;
  /** "unload" was sent and not yet confirmed: a new connection reopens it on the same thread. */
  unloading: boolean;
  /** Its stored bytes passed the main thread's bound at load: served from storage there, moved before its document is built. */
  large: boolean;
  /** How many times it was loaded (tests: concurrent joins share one load). */
  loads: number;
}

interface PendingRequest {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly thread: BoardOwner;
  readonly board: LiveBoard | null;
}

const isSyncStep1 = (data: Uint8Array) => data[0] === MessageType.Sync && data[1] === 0;
const isSyncStep2 = (data: Uint8Array) => data[0] === MessageType.Sync && data[1] === 1;

/** Commands whose work grows with the board or the upload: a board on the main thread moves to a board thread first. */
const HEAVY_COMMANDS: ReadonlySet<BoardCommand['type']> = new Set(['restoreSnapshot', 'previewImport', 'applyImport', 'diffSnapshot', 'viewSnapshot', 'exportBoard', 'readRoadmap']);

function errorOf(failure: CommandFailure): Error {
  switch (failure.name) {
    case 'BoardNotFoundError':
      return new BoardNotFoundError(failure.message);
    case 'SnapshotNotFoundError':
      return new SnapshotNotFoundError(failure.message);
    case 'BoardUnavailableError':
      return new BoardUnavailableError(failure.message);
    case 'ChangeNotStoredError':
      return new ChangeNotStoredError(failure.message);
    case 'BoardCommandError':
      return new BoardCommandError((failure.code ?? 'invalid_input') as BoardErrorCode, failure.message);
    case 'ImportError':
      return new ImportError(failure.status ?? 422, failure.code ?? 'invalid_import', failure.message, failure.line);
    default:
      return new Error(failure.message);
  }
}

/**
 * The sync core's entry point on the main thread. One thread owns a board: this class assigns
 * boards to board threads, routes each connection's messages to its board's owner, writes the
 * bytes the owner sends to the sockets it names, and carries commands (`run`) to the owner. It
 * never decodes a Yjs update or holds a board document. Knows nothing about HTTP or websockets;
 * the route adapts a socket onto `connect` / `ConnectionHandle`.
 */
export class BoardRooms {
  private readonly boards = new Map<string, LiveBoard>();
  private readonly byConnection = new Map<number, LiveConnection>();
  private readonly requests = new Map<number, PendingRequest>();
  private readonly pool: BoardThreadPool;
  private readonly maxMainThreadMessage: number;
  private readonly largeBoardBytes: number;
  /** The main thread's own board host, or null when every board lives on a board thread. */
  private readonly main: MainThreadOwner | null;
  private nextConnection = 1;
  private nextRequest = 1;
  private shuttingDown = false;
  private stopped: { remaining: Set<BoardOwner>; done: () => void } | null = null;
  private fanout: FanoutHook | null = null;
  /**
   * Inside `fromThread`, or inside a synchronous flush of the main thread's host (`promote`): what
   * an owner says meanwhile — the main thread's host hands its output over at the end of its batch,
   * in the same call — waits in `deferred` and is handled, in order, at the end of the turn.
   */
  private delivering = false;
  private deferred: Array<{ thread: BoardOwner; ops: readonly FromBoardThread[] }> = [];

  constructor(private readonly options: BoardRoomsOptions) {
    this.pool = new BoardThreadPool({
      size: options.threads,
      settings: options.settings,
      updateTimeoutMs: options.settings.updateTimeoutMs,
      idleThreadMs: options.idleThreadMs ?? 60_000,
      logger: options.logger,
      onOps: (thread, ops) => this.fromThread(thread, ops),
      onReplaced: (old, replacement, stuck) => this.replaced(old, replacement, stuck),
    });
    const main = options.mainThread ?? null;
    this.maxMainThreadMessage = main?.maxMessageBytes ?? Infinity;
    this.largeBoardBytes = main?.offload.boardBytes ?? Infinity;
    this.main = main ? new MainThreadOwner(options.settings, main.offload, (ops) => this.fromThread(this.main as MainThreadOwner, ops), options.logger) : null;
  }

  /** Plugs the fan-out in (several instances, REDIS_URL). */
  attachFanout(hook: FanoutHook): void {
    this.fanout = hook;
  }

  /** Boards live here (the fan-out reads their streams). */
  liveBoards(): string[] {
    return [...this.boards.values()].filter((board) => !board.unloading).map((board) => board.boardId);
  }

  /** Updates another instance committed, for the board's owner thread (applied in seq order there). */
  remoteUpdates(boardId: string, updates: readonly RemoteUpdate[]): void {
    if (updates.length > 0) this.toLiveBoard(boardId, (board) => this.post(board, { t: 'remoteUpdates', boardId, updates }));
  }

  remotePresence(boardId: string, instance: string, data: Uint8Array): void {
    this.toLiveBoard(boardId, (board) => this.post(board, { t: 'remotePresence', boardId, instance, data }));
  }

  /** Decision entries another instance stored: its message goes as it came to the clients here that follow the feed. */
  remoteDecisions(boardId: string, data: Uint8Array): void {
    this.toClients(boardId, data, (live) => live.connection.receivesDecisions);
  }

  /** A protocol message for the board's clients on this instance, from the fan-out rather than the owner. */
  toClients(boardId: string, data: Uint8Array, which: (live: LiveConnection) => boolean = () => true): void {
    const board = this.boards.get(boardId);
    if (!board || board.unloading || this.shuttingDown) return;
    for (const live of board.connections.values()) if (which(live)) this.send(live, data);
  }

  /** The fan-out may have lost messages: the owner reads what storage has after its last applied update. */
  catchUp(boardId: string): void {
    this.toLiveBoard(boardId, (board) => this.post(board, { t: 'catchUp', boardId }));
  }

  /** Another instance loaded the board: the owner publishes this instance's presence on it. */
  announcePresence(boardId: string): void {
    this.toLiveBoard(boardId, (board) => this.post(board, { t: 'announcePresence', boardId }));
  }

  instanceGone(boardId: string, instance: string): void {
    this.toLiveBoard(boardId, (board) => this.post(board, { t: 'instanceGone', boardId, instance }));
  }

  private toLiveBoard(boardId: string, post: (board: LiveBoard) => void): void {
    const board = this.boards.get(boardId);
    if (board && !board.unloading && !this.shuttingDown) post(board);
  }

  /** Starts the first board thread (at server start) when boards open on board threads; the main thread needs none. */
  warm(): void {
    if (!this.main) this.pool.warm();
  }

  /** Whether a board is live (assigned to a thread), and its numbers. */
  info(boardId: string): { connections: number; loads: number; thread: number } | undefined {
    const board = this.boards.get(boardId);
    return board && !board.unloading ? { connections: board.connections.size, loads: board.loads, thread: board.thread.id } : undefined;
  }

  /** Whether a board is still held by a thread at all — live, or unloading and not yet confirmed. */
  holds(boardId: string): boolean {
    return this.boards.has(boardId);
  }

  stats(): { rooms: number; connections: number; threads: number } {
    let connections = 0;
    for (const board of this.boards.values()) connections += board.connections.size;
    return { rooms: this.boards.size, connections, threads: this.pool.size };
  }

  connect(boardId: string, connection: SyncConnection): ConnectionHandle {
    if (this.shuttingDown) {
      connection.close(CloseCode.GoingAway, 'server going away');
      return { message: () => {}, close: () => {} };
    }
    const board = this.open(boardId);
    const live: LiveConnection = { id: this.nextConnection++, connection, board, lastSyncStep1: null, answered: false };
    board.connections.set(live.id, live);
    this.byConnection.set(live.id, live);
    this.post(board, { t: 'join', boardId, conn: live.id, identity: connection.identity, decisions: connection.receivesDecisions, rejoin: false });
    let closed = false;
    return {
      message: (data) => {
        if (closed || !this.byConnection.has(live.id)) return;
        // A copy of exactly these bytes: `ws` hands out views into larger receive buffers.
        const copy = new Uint8Array(data);
        if (isSyncStep1(copy) && !live.answered) live.lastSyncStep1 = copy;
        if (copy[0] === 0 && copy[1] === 2) this.options.observer?.messageIn(live.id); // a sync update
        // Before a large message (a conflict bomb is ~100 KB; an edit < 1 KB) the board leaves the main thread.
        // A large board's first sync is served from its stored bytes here; anything that would build
        // its document (an update, a non-empty state vector) moves it first (DECISIONS 105).
        if (live.board.thread === this.main && (copy.length > this.maxMainThreadMessage || (live.board.large && copy[0] === MessageType.Sync && copy.length > 8))) this.promote(live.board);
        this.post(live.board, { t: 'message', boardId, conn: live.id, data: copy });
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.drop(live);
      },
    };
  }

  /** Runs a command on the board's owner thread, in order with its updates; loads the board if needed. */
  run<C extends BoardCommand>(boardId: string, command: C): Promise<BoardCommandResult<C>> {
    if (this.shuttingDown) return Promise.reject(new BoardUnavailableError('The server is shutting down; try again shortly.'));
    const board = this.open(boardId);
    if (board.thread === this.main && (board.large || HEAVY_COMMANDS.has(command.type))) this.promote(board);
    board.commands++;
    const id = this.nextRequest++;
    this.post(board, { t: 'command', id, boardId, command });
    const owner = board.moving?.target ?? board.thread;
    return new Promise<unknown>((resolve, reject) => this.requests.set(id, { resolve, reject, thread: owner, board })).finally(() => {
      board.commands--;
      this.scheduleUnloadIfIdle(board);
    }) as Promise<BoardCommandResult<C>>;
  }

  /** Creates a board on a board thread (built, validated and stored there); resolves with its id. */
  async createBoard(input: NewBoardInput): Promise<string> {
    const boardId = newId();
    // A new board from a template is small: built where it will most likely be opened.
    await this.newBoard((id, thread) => thread.post({ t: 'createBoard', id, boardId, input }), true);
    return boardId;
  }

  /** Creates a board from a JSON board export on a board thread (read, built and stored there, with its history). */
  async importBoard(input: BoardFileImport): Promise<ImportedBoard & { id: string }> {
    const boardId = newId();
    const imported = (await this.newBoard((id, thread) => thread.post({ t: 'importBoard', id, boardId, input }))) as ImportedBoard;
    return { ...imported, id: boardId };
  }

  /** Sends request `post` to the least-loaded board thread; resolves with its answer. */
  private newBoard(post: (id: number, thread: BoardOwner) => void, small = false): Promise<unknown> {
    if (this.shuttingDown) return Promise.reject(new BoardUnavailableError('The server is shutting down; try again shortly.'));
    const thread: BoardOwner = small && this.main ? this.main : this.pool.any((candidate) => this.loadOf(candidate));
    const id = this.nextRequest++;
    post(id, thread);
    return new Promise<unknown>((resolve, reject) => this.requests.set(id, { resolve, reject, thread, board: null }));
  }

  /** Stores every board, closes every connection with "going away" and stops the board threads. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const board of this.boards.values()) if (board.unloadTimer) clearTimeout(board.unloadTimer);
    const threads: BoardOwner[] = [...(this.main ? [this.main] : []), ...this.pool.all()];
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.stopped = {
        remaining: new Set(threads),
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      if (threads.length === 0) this.stopped.done();
      for (const thread of threads) thread.post({ t: 'shutdown' });
    });
    for (const live of [...this.byConnection.values()]) live.connection.close(CloseCode.GoingAway, 'server going away');
    for (const request of this.requests.values()) request.reject(new BoardUnavailableError('The server is shutting down; try again shortly.'));
    this.requests.clear();
    await this.pool.close();
  }

  // ---- boards ------------------------------------------------------------------------------------

  private open(boardId: string): LiveBoard {
    let board = this.boards.get(boardId);
    if (board) {
      this.cancelUnload(board);
      if (board.unloading) {
        // Still on its thread: the thread finishes the unload, then loads it again.
        board.unloading = false;
        board.loads++;
        board.thread.post({ t: 'open', boardId, knownSeq: 0 });
      }
      return board;
    }
    let thread: BoardOwner;
    if (this.main) {
      thread = this.main;
      this.main.boards.add(boardId);
    } else {
      thread = this.pool.assign(boardId, (candidate) => this.loadOf(candidate));
    }
    board = { boardId, thread, moving: null, large: false, connections: new Map(), commands: 0, lastSeq: 0, unloadTimer: null, unloading: false, loads: 1 };
    this.boards.set(boardId, board);
    thread.post({ t: 'open', boardId, knownSeq: 0 });
    return board;
  }

  /** Posts to the board's owner, or queues it while the board moves to a board thread. */
  private post(board: LiveBoard, op: ToBoardThread): void {
    if (board.moving) board.moving.queue.push(op);
    else board.thread.post(op);
  }

  /**
   * Moves a board from the main thread to a board thread (DECISIONS 105), the way the watchdog
   * moves a replaced thread's boards: the main thread's host takes everything posted before,
   * stores the board and lets it go; then the board thread loads it from storage, every
   * connection joins again (sync step 1 from the new owner, any stored update not yet relayed,
   * an unanswered first sync asked again) and the messages that arrived meanwhile follow in order.
   */
  private promote(board: LiveBoard): void {
    if (!this.main || board.thread !== this.main || board.moving || board.unloading || this.shuttingDown) return;
    this.cancelUnload(board);
    const target = this.pool.assign(board.boardId, (candidate) => this.loadOf(candidate));
    board.moving = { target, queue: [], members: new Set(board.connections.keys()) };
    this.options.logger.info({ boardId: board.boardId, boardThread: target.id }, 'board moves from the main thread to a board thread');
    this.main.post({ t: 'unload', boardId: board.boardId, moving: true });
    // Called from a socket's message, a command or `fromThread`: what the host says back comes after.
    const was = this.delivering;
    this.delivering = true;
    try {
      this.main.flush();
    } finally {
      this.delivering = was;
    }
  }

  /** The main thread's host let the board go: the board thread takes it. */
  private moved(board: LiveBoard): void {
    const moving = board.moving;
    if (!moving) return;
    board.moving = null;
    this.main?.boards.delete(board.boardId);
    let target = moving.target;
    if (!target.alive) target = this.pool.assign(board.boardId, (candidate) => this.loadOf(candidate));
    board.thread = target;
    board.loads++;
    target.post({ t: 'open', boardId: board.boardId, knownSeq: board.lastSeq });
    for (const live of board.connections.values()) {
      if (!moving.members.has(live.id)) continue; // joined during the move: its join is queued
      const { identity, receivesDecisions } = live.connection;
      target.post({ t: 'join', boardId: board.boardId, conn: live.id, identity, decisions: receivesDecisions, rejoin: true });
      if (!live.answered && live.lastSyncStep1) target.post({ t: 'message', boardId: board.boardId, conn: live.id, data: live.lastSyncStep1 });
    }
    for (const op of moving.queue) target.post(op);
    this.scheduleUnloadIfIdle(board);
  }

  private loadOf(thread: BoardOwner): number {
    let load = 0;
    for (const boardId of thread.boards) load += 1 + (this.boards.get(boardId)?.connections.size ?? 0) / 1000;
    return load;
  }

  private drop(live: LiveConnection): void {
    if (!this.byConnection.delete(live.id)) return;
    this.options.observer?.forget(live.id);
    const board = live.board;
    board.connections.delete(live.id);
    this.post(board, { t: 'leave', boardId: board.boardId, conn: live.id });
    this.scheduleUnloadIfIdle(board);
  }

  private scheduleUnloadIfIdle(board: LiveBoard): void {
    if (board.connections.size > 0 || board.commands > 0 || board.unloading || board.moving || this.shuttingDown || this.boards.get(board.boardId) !== board) return;
    this.cancelUnload(board);
    board.unloadTimer = setTimeout(() => {
      board.unloadTimer = null;
      if (board.connections.size > 0 || board.commands > 0 || board.moving || this.boards.get(board.boardId) !== board) return;
      board.unloading = true;
      board.thread.post({ t: 'unload', boardId: board.boardId });
    }, this.options.unloadDelayMs);
    board.unloadTimer.unref();
  }

  private cancelUnload(board: LiveBoard): void {
    if (board.unloadTimer) clearTimeout(board.unloadTimer);
    board.unloadTimer = null;
  }

  // ---- from board threads ---------------------------------------------------------------------------

  private fromThread(thread: BoardOwner, ops: readonly FromBoardThread[]): void {
    if (this.delivering) {
      if (this.deferred.push({ thread, ops }) === 1) queueMicrotask(this.deliverDeferred);
      return;
    }
    this.delivering = true;
    try {
      this.handleOps(thread, ops);
    } finally {
      this.delivering = false;
    }
  }

  private readonly deliverDeferred = (): void => {
    const deferred = this.deferred;
    this.deferred = [];
    for (const { thread, ops } of deferred) this.fromThread(thread, ops);
  };

  private handleOps(thread: BoardOwner, ops: readonly FromBoardThread[]): void {
    for (const op of ops) {
      switch (op.t) {
        case 'relay': {
          // Update committed → relay (from whichever thread owns the board, the main thread
          // included): the point where a fan-out to other instances hooks in.
          const board = this.boards.get(op.boardId);
          if (!board || board.thread !== thread) break;
          if (op.seq > board.lastSeq) board.lastSeq = op.seq;
          if (op.update) this.fanout?.committed(op.boardId, op.seq, op.update);
          // Framed once for every recipient.
          const frame = board.connections.size > 2 ? binaryFrame(op.data) : null;
          for (const live of board.connections.values()) if (live.id !== op.except) this.send(live, op.data, frame);
          // Counted once written (the metrics' relay latency then includes the writes), not before the first one.
          this.options.observer?.relayed(op.except);
          break;
        }
        case 'presence': {
          const board = this.boards.get(op.boardId);
          if (board && board.thread === thread) this.fanout?.presence(op.boardId, op.data);
          break;
        }
        case 'decisions': {
          const board = this.boards.get(op.boardId);
          if (!board || board.thread !== thread) break;
          for (const live of board.connections.values()) if (live.connection.receivesDecisions) this.send(live, op.data);
          this.fanout?.decisions(op.boardId, op.data);
          this.options.observer?.decisions();
          break;
        }
        case 'send': {
          const live = this.byConnection.get(op.conn);
          if (!live || live.board.thread !== thread) break;
          if (isSyncStep2(op.data)) {
            live.answered = true;
            live.lastSyncStep1 = null;
          }
          this.send(live, op.data);
          break;
        }
        case 'close': {
          const live = this.byConnection.get(op.conn);
          if (!live || live.board.thread !== thread) break;
          live.connection.close(op.code, op.reason);
          this.options.observer?.closed(op.code);
          this.drop(live);
          break;
        }
        case 'result': {
          const request = this.requests.get(op.id);
          if (!request || request.thread !== thread) break;
          this.requests.delete(op.id);
          if (op.ok) request.resolve(op.value);
          else request.reject(errorOf(op.error));
          break;
        }
        case 'loaded': {
          const board = this.boards.get(op.boardId);
          if (board && board.thread === thread && op.lastSeq > board.lastSeq) board.lastSeq = op.lastSeq;
          if (board && board.thread === thread) this.fanout?.boardLoaded(op.boardId, op.lastSeq);
          if (board && board.thread === thread) board.large = op.storedBytes > this.largeBoardBytes;
          break;
        }
        case 'unloaded': {
          const board = this.boards.get(op.boardId);
          if (board && board.thread === thread && board.moving) {
            this.moved(board);
            break;
          }
          if (board && board.thread === thread && board.unloading) {
            this.boards.delete(op.boardId);
            this.release(op.boardId, thread);
            this.fanout?.boardReleased(op.boardId);
            this.options.logger.debug({ boardId: op.boardId }, 'board unloaded');
          }
          break;
        }
        case 'failed': {
          const board = this.boards.get(op.boardId);
          if (!board || board.thread !== thread) break;
          // Its connections were closed by the thread (close messages came first).
          for (const live of [...board.connections.values()]) this.drop(live);
          this.boards.delete(op.boardId);
          this.release(op.boardId, thread);
          if (board.moving) this.pool.release(op.boardId, board.moving.target);
          this.fanout?.boardReleased(op.boardId);
          break;
        }
        case 'promote': {
          const board = this.boards.get(op.boardId);
          // A slow board's request comes only after its batch was seen using the CPU (MainThreadOwner).
          if (board && board.thread === thread) this.promote(board);
          break;
        }
        case 'stopped': {
          if (!this.stopped) break;
          this.stopped.remaining.delete(thread);
          if (this.stopped.remaining.size === 0) this.stopped.done();
          break;
        }
        case 'ready':
          break;
      }
    }
  }

  private release(boardId: string, owner: BoardOwner): void {
    if (owner === this.main) this.main.boards.delete(boardId);
    else this.pool.release(boardId, owner as BoardThread);
  }

  private send(live: LiveConnection, data: Uint8Array, frame: Buffer | null = null): void {
    if (live.connection.bufferedAmount() > this.options.maxBufferedBytes) {
      live.connection.close(CloseCode.ClientTooSlow, 'client too slow to keep up');
      this.drop(live);
      return;
    }
    if (frame && live.connection.sendFrame) live.connection.sendFrame(frame, data);
    else live.connection.send(data);
  }

  /**
   * The watchdog replaced a thread. The sender of the stuck update is closed; every other
   * connection of its boards is joined again on the new thread, which loads the boards from
   * storage and sends each client its state vector (so clients send anything it lacks) and
   * whatever stored update the old thread had not relayed yet.
   */
  private replaced(old: BoardThread, replacement: BoardThread, stuck: number | null): void {
    for (const [id, request] of [...this.requests]) {
      if (request.thread !== old) continue;
      this.requests.delete(id);
      request.reject(new BoardUnavailableError('The board was reloading; try again.'));
    }
    for (const board of this.boards.values()) if (board.moving?.target === old) board.moving.target = replacement;
    const stuckConnection = stuck === null ? undefined : this.byConnection.get(stuck);
    if (stuckConnection) {
      stuckConnection.connection.close(CloseCode.PolicyViolation, 'update took too long to apply');
      this.drop(stuckConnection);
    }
    for (const board of this.boards.values()) {
      if (board.thread !== old) continue;
      board.thread = replacement;
      if (board.unloading) {
        // Its unload never finished; what is stored is complete. Forget it.
        this.boards.delete(board.boardId);
        this.pool.release(board.boardId, replacement);
        this.fanout?.boardReleased(board.boardId);
        continue;
      }
      board.loads++;
      replacement.post({ t: 'open', boardId: board.boardId, knownSeq: board.lastSeq });
      for (const live of board.connections.values()) {
        const { identity, receivesDecisions } = live.connection;
        replacement.post({ t: 'join', boardId: board.boardId, conn: live.id, identity, decisions: receivesDecisions, rejoin: true });
        // A first sync the old thread never answered is asked again.
        if (!live.answered && live.lastSyncStep1) replacement.post({ t: 'message', boardId: board.boardId, conn: live.id, data: live.lastSyncStep1 });
      }
    }
  }
}
