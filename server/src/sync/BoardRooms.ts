import { CloseCode } from '@lanewise/shared';
import type { UpdateAdmission } from '../hardening/UpdateAdmission.ts';
import type { Logger } from '../logger.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { BoardNotFoundError, BoardRoom } from './BoardRoom.ts';
import type { SyncConnection } from './SyncConnection.ts';

export interface BoardRoomsOptions {
  readonly storage: BoardStorage;
  readonly logger: Logger;
  readonly compactAfterUpdates: number;
  readonly maxBufferedBytes: number;
  readonly unloadDelayMs: number;
  readonly snapshotIntervalMs: number;
  /** Checks client updates (role, schema, size, time limit) before a room applies them. */
  readonly admission?: UpdateAdmission;
}

/** What a transport calls for one connection: messages in order, then close. */
export interface ConnectionHandle {
  message(data: Uint8Array): void;
  close(): void;
}

/**
 * The sync core's entry point: keeps one BoardRoom per live board. Knows nothing about HTTP or
 * websockets; the route adapts a socket onto `connect` / `ConnectionHandle`.
 */
export class BoardRooms {
  private readonly rooms = new Map<string, BoardRoom>();
  private readonly loading = new Map<string, Promise<BoardRoom>>();
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();
  private shuttingDown = false;

  constructor(private readonly options: BoardRoomsOptions) {}

  /** The live room of a board, if it is loaded. */
  get(boardId: string): BoardRoom | undefined {
    return this.rooms.get(boardId);
  }

  stats(): { rooms: number; connections: number } {
    let connections = 0;
    for (const room of this.rooms.values()) connections += room.connectionCount;
    return { rooms: this.rooms.size, connections };
  }

  /** Loads a board once; concurrent callers wait for the same load. */
  open(boardId: string): Promise<BoardRoom> {
    const live = this.rooms.get(boardId);
    if (live) return Promise.resolve(live);
    const pending = this.loading.get(boardId);
    if (pending) return pending;
    const load = Promise.resolve()
      .then(() => {
        const room = BoardRoom.load(boardId, { ...this.options, onFailure: (failed) => this.forget(failed) });
        this.rooms.set(boardId, room);
        return room;
      })
      .finally(() => this.loading.delete(boardId));
    this.loading.set(boardId, load);
    return load;
  }

  connect(boardId: string, connection: SyncConnection): ConnectionHandle {
    const backlog: Uint8Array[] = [];
    let room: BoardRoom | null = null;
    let closed = false;
    this.cancelUnload(boardId);

    if (this.shuttingDown) connection.close(CloseCode.GoingAway, 'server going away');
    else {
      this.open(boardId).then(
        (opened) => {
          if (closed) {
            this.scheduleUnloadIfIdle(opened);
            return;
          }
          room = opened;
          room.join(connection);
          for (const data of backlog.splice(0)) this.deliver(room, connection, data);
        },
        (error: unknown) => {
          if (error instanceof BoardNotFoundError) {
            connection.close(CloseCode.BoardNotFound, 'board not found');
          } else {
            this.options.logger.error({ err: error, boardId }, 'board failed to load');
            connection.close(CloseCode.BoardUnavailable, 'board could not be loaded');
          }
        },
      );
    }

    return {
      message: (data) => {
        if (closed) return;
        if (room) this.deliver(room, connection, data);
        else backlog.push(data);
      },
      close: () => {
        if (closed) return;
        closed = true;
        if (room) {
          room.leave(connection);
          if (room.connectionCount === 0) room.sessionEnded();
          this.scheduleUnloadIfIdle(room);
        }
      },
    };
  }

  /** Runs `use` on a board's live room, loading it if needed and letting it unload after. */
  async withRoom<T>(boardId: string, use: (room: BoardRoom) => T): Promise<T> {
    this.cancelUnload(boardId);
    const room = await this.open(boardId);
    try {
      return use(room);
    } finally {
      this.scheduleUnloadIfIdle(room);
    }
  }

  private deliver(room: BoardRoom, connection: SyncConnection, data: Uint8Array): void {
    if (this.options.admission) this.options.admission.receive(room, connection, data);
    else room.receive(connection, data);
  }

  /** Closes every connection with "going away" and stores every board. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const timer of this.unloadTimers.values()) clearTimeout(timer);
    this.unloadTimers.clear();
    for (const room of this.rooms.values()) room.close(CloseCode.GoingAway, 'server going away');
    this.rooms.clear();
  }

  private scheduleUnloadIfIdle(room: BoardRoom): void {
    if (room.connectionCount > 0 || room.isClosed || this.shuttingDown) return;
    this.cancelUnload(room.boardId);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.boardId);
      if (room.connectionCount > 0 || this.rooms.get(room.boardId) !== room) return;
      this.rooms.delete(room.boardId);
      room.close(CloseCode.Normal, 'board unloaded');
      this.options.logger.debug({ boardId: room.boardId }, 'board unloaded');
    }, this.options.unloadDelayMs);
    timer.unref();
    this.unloadTimers.set(room.boardId, timer);
  }

  private cancelUnload(boardId: string): void {
    const timer = this.unloadTimers.get(boardId);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(boardId);
  }

  private forget(room: BoardRoom): void {
    if (this.rooms.get(room.boardId) === room) this.rooms.delete(room.boardId);
  }
}
