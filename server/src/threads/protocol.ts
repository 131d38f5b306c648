/**
 * Messages between the main thread and a board thread. The main thread moves bytes between
 * sockets and the thread that owns a board; it never decodes a Yjs update. Each side sends its
 * messages in batches (one `postMessage` per turn), in order.
 */
import type { BoardFileImport } from '../import/importBoardFile.ts';
import type { BoardCommand, CommandFailure } from '../room/commands/BoardCommand.ts';
import type { ConnectionIdentity } from '../sync/SyncConnection.ts';

/** What a board thread needs to know about itself; the rest of the configuration travels in `workerData`. */
export interface BoardThreadData {
  readonly threadId: number;
  /** `BusySlot`'s shared memory: the watchdog reads it from the main thread. */
  readonly busy: SharedArrayBuffer;
  readonly settings: BoardThreadSettings;
}

export interface BoardThreadSettings {
  readonly dataDir: string;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** SQLITE_JOURNAL_MS (0: no update journal). */
  readonly sqliteJournalMs: number;
  /** DATABASE_URL (PostgreSQL) or null (SQLite in dataDir). */
  readonly databaseUrl: string | null;
  readonly databaseSchema: string;
  readonly instanceId: string;
  /** REDIS_URL is set: boards are shared with other instances (the fan-out, DECISIONS 95). */
  readonly fanout: boolean;
  readonly logLevel: string;
  readonly compactAfterUpdates: number;
  readonly snapshotIntervalMs: number;
  readonly maxBoardBytes: number;
  readonly updateCpuMsPerSecond: number;
  readonly updateTimeoutMs: number;
  /** The server secret: decision-log heads are signed with a key derived from it (at snapshots). */
  readonly anchorSecret: Uint8Array;
  /** AUTO_SNAPSHOTS_KEEP / AUTO_SNAPSHOTS_MAX_AGE_DAYS, applied when a board thread saves a snapshot. */
  readonly snapshotRetention: { readonly keep: number; readonly maxAgeMs: number | null };
  /** Shared memory the thread reports into (/metrics): persist latency histogram, decision entries stored. */
  readonly metrics: { readonly persistLatency: SharedArrayBuffer; readonly decisionEntries: SharedArrayBuffer };
  /** The server's shared commit counter (backed by a SharedArrayBuffer). */
  readonly commitCounter: Int32Array;
}

export type ToBoardThread =
  /** Load a board (queued work for it waits for the load). `knownSeq`: the last update the main thread relayed. */
  | { readonly t: 'open'; readonly boardId: string; readonly knownSeq: number }
  | { readonly t: 'join'; readonly boardId: string; readonly conn: number; readonly identity: ConnectionIdentity; readonly decisions: boolean; readonly rejoin: boolean }
  | { readonly t: 'leave'; readonly boardId: string; readonly conn: number }
  | { readonly t: 'message'; readonly boardId: string; readonly conn: number; readonly data: Uint8Array }
  | { readonly t: 'command'; readonly id: number; readonly boardId: string; readonly command: BoardCommand }
  | { readonly t: 'createBoard'; readonly id: number; readonly boardId: string; readonly input: NewBoardInput }
  /** A new board from a JSON board export (answered with an `ImportedBoard`). */
  | { readonly t: 'importBoard'; readonly id: number; readonly boardId: string; readonly input: BoardFileImport }
  /** Fan-out (`fanout/`): updates another instance committed (`seq` order is restored here; a gap backfills from storage). */
  | { readonly t: 'remoteUpdates'; readonly boardId: string; readonly updates: readonly RemoteUpdate[] }
  /** Fan-out: an awareness update from a connection on another instance (already checked there). */
  | { readonly t: 'remotePresence'; readonly boardId: string; readonly instance: string; readonly data: Uint8Array }
  /** Fan-out: the stream may have lost entries (Redis reconnected): read what storage has after the last applied seq. */
  | { readonly t: 'catchUp'; readonly boardId: string }
  /** Fan-out: another instance just loaded the board: publish the presence of this instance's connections. */
  | { readonly t: 'announcePresence'; readonly boardId: string }
  /** Fan-out: an instance stopped answering; the presence it carried is removed. */
  | { readonly t: 'instanceGone'; readonly boardId: string; readonly instance: string }
  /** The board has no connections and no commands (or `moving`: it moves to another thread): store it and let it go. */
  | { readonly t: 'unload'; readonly boardId: string; readonly moving?: boolean }
  /** Store every board and stop. */
  | { readonly t: 'shutdown' };

/** A committed update of another instance, as the fan-out carries it. */
export interface RemoteUpdate {
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface NewBoardInput {
  readonly title: string;
  readonly template: string;
  readonly sample: boolean;
  /** A custom retro's prompts (template `retro-custom`), one column each. */
  readonly prompts?: readonly string[];
}

export type FromBoardThread =
  /** Booted; `tid`: its Linux thread id (the watchdog reads its CPU time from /proc), if known. */
  | { readonly t: 'ready'; readonly tid: number | null }
  /**
   * Send `data` to every connection of the board except `except` (0: none). `seq`: the stored
   * update it carries. `update`: the raw update, on relays of updates committed here (the fan-out
   * publishes them to other instances); absent on presence and on updates that came from another instance.
   */
  | { readonly t: 'relay'; readonly boardId: string; readonly except: number; readonly data: Uint8Array; readonly seq: number; readonly update?: Uint8Array }
  /** Fan-out: an awareness update from one of this instance's connections (admitted), for the other instances. */
  | { readonly t: 'presence'; readonly boardId: string; readonly data: Uint8Array }
  /** Decision-log entries: to the board's connections that asked for them. */
  | { readonly t: 'decisions'; readonly boardId: string; readonly data: Uint8Array }
  | { readonly t: 'send'; readonly conn: number; readonly data: Uint8Array }
  | { readonly t: 'close'; readonly conn: number; readonly code: number; readonly reason: string }
  | { readonly t: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'result'; readonly id: number; readonly ok: false; readonly error: CommandFailure }
  /** The board is loaded; `lastSeq`: its last stored update; `storedBytes`: its compacted state and log tail. */
  | { readonly t: 'loaded'; readonly boardId: string; readonly lastSeq: number; readonly storedBytes: number }
  | { readonly t: 'unloaded'; readonly boardId: string }
  /** The board could not be loaded or hit a storage failure; its connections were closed. */
  | { readonly t: 'failed'; readonly boardId: string }
  /**
   * The main thread's own host only (DECISIONS 60, 105): this board's work can be slow (an update
   * took long — `slow`, by the wall clock — or left structs waiting for their dependencies, the board is large): move it to a
   * board thread, where the watchdog can stop a stuck update.
   */
  | { readonly t: 'promote'; readonly boardId: string; readonly slow: boolean }
  | { readonly t: 'stopped' };
