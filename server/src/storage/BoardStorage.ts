import type { DecisionDraft, DecisionEntry } from '../decisions/DecisionEntry.ts';
import type { ChainVerification } from '../decisions/ChainVerifier.ts';
import type { AnchorReason, DecisionAnchor } from '../decisions/DecisionAnchors.ts';
import type { DecisionQuery } from '../decisions/SqliteDecisionLog.ts';
import type { SnapshotSummary, StoredSnapshot } from '../snapshots/SqliteSnapshotStore.ts';

/** A board as listed by the API. */
export interface BoardSummary {
  readonly id: string;
  readonly title: string;
  readonly template: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * The compacted state of a board (the update log folded into one Yjs update). A snapshot written
 * from a board known to be valid carries its schema version and a checksum, so a later load can
 * trust it without validating the whole board again; a mismatch is reported, never trusted.
 */
export interface StoredState {
  readonly data: Uint8Array;
  /** Sequence number of the last update folded into it (0: the board's initial state). */
  readonly uptoSeq: number;
  /** Yjs state vector of `data`: a cold board answers "what do you have" without decoding it. */
  readonly stateVector: Uint8Array | null;
  /** Schema version the board had when it was validated; null when it was not known to be valid. */
  readonly schemaVersion: number | null;
  /** `snapshotChecksum(data)` when it was written from a validated board, else null. */
  readonly checksum: string | null;
}

/** One entry of the append-only update log. */
export interface StoredUpdate {
  readonly seq: number;
  readonly data: Uint8Array;
}

/** What a board's document is rebuilt from: the compacted state (if any), then the log in order. */
export interface StoredBoard {
  readonly summary: BoardSummary;
  readonly snapshot: StoredState | null;
  readonly updates: readonly StoredUpdate[];
  /** Sequence number of the last stored update (the snapshot's if the log is empty; 0 if none). */
  readonly lastSeq: number;
}

export interface LoadOptions {
  /**
   * The caller will write the board (its room opens here, the only writer while it is loaded).
   * SQLite moves whatever an earlier writer left in the board's update journal (a killed process,
   * a replaced thread) into the database first, and journals this writer's updates from then on.
   */
  readonly claim?: boolean;
}

/** A validated state to store: what a new board starts from, or a compaction of a live one. */
export interface ValidatedState {
  readonly data: Uint8Array;
  readonly stateVector: Uint8Array;
  /** Null: the board is not known to be valid, so no checksum is written (the next load validates it). */
  readonly schemaVersion: number | null;
}

/** One update to append, with what the server derived from it. */
export interface UpdateAppend {
  readonly boardId: string;
  readonly update: Uint8Array;
  /** The board's title after this update, if it changed (kept in the listing). */
  readonly title?: string;
  readonly decisions: readonly DecisionDraft[];
  /**
   * A named snapshot stored in the same transaction (a restore's "before restore" state). Its
   * `decisionSeq` is the seq of the first of `decisions` (which should record it).
   */
  readonly snapshot?: SnapshotAlongside;
}

/** A named snapshot written with an update; its id is chosen by the caller (decisions name it). */
export type SnapshotAlongside = Omit<StoredSnapshot, 'boardId' | 'decisionSeq'>;

export interface AppendedUpdate {
  readonly seq: number;
  readonly decisions: readonly DecisionEntry[];
}

/** The decision log: append-only, hash-chained, per board. */
export interface DecisionLog {
  list(boardId: string, query?: DecisionQuery): Promise<DecisionEntry[]>;
  /** Checks the hash chain and signed anchors (incremental unless `full`). */
  verify(boardId: string, options?: { full?: boolean }): Promise<ChainVerification>;
  append(boardId: string, drafts: readonly DecisionDraft[]): Promise<DecisionEntry[]>;
  /** Signs the chain's current head (at snapshots and exports); null without a signer or entries. */
  signHead(boardId: string, reason: AnchorReason, now?: number): Promise<DecisionAnchor | null>;
}

/** Named and automatic snapshots of whole boards (distinct from the compacted state). */
export interface SnapshotStore {
  save(input: Omit<StoredSnapshot, 'id' | 'createdAt'> & { createdAt?: number }): Promise<SnapshotSummary>;
  list(boardId: string): Promise<SnapshotSummary[]>;
  get(boardId: string, snapshotId: string): Promise<StoredSnapshot | undefined>;
  /** Removes expired automatic snapshots of every board; returns how many. */
  pruneExpired(now: number): Promise<number>;
}

/** History carried into a new board by a JSON import: written with the board, in one transaction. */
export interface ImportedHistory {
  readonly snapshots: ReadonlyArray<Omit<StoredSnapshot, 'boardId'>>;
  readonly decisions: readonly DecisionDraft[];
}

/** What a new board is stored with besides its initial state. */
export interface NewBoardOptions {
  /**
   * The initial state, validated: stored as the board's first compacted state (checksummed, loads
   * without re-validation). Without it the initial state is update 1 of the log.
   */
  readonly validated?: ValidatedState;
  /** History from a JSON import: its snapshots and decision entries, stored with the board. */
  readonly history?: ImportedHistory;
}

/**
 * Persistence for boards: an append-only update log per board, folded into one compacted state
 * now and then, plus the decision log and named snapshots. Every method either completes durably
 * or rejects. The interface is asynchronous so that a backend whose commits are truly
 * asynchronous (PostgreSQL) fits under the same update pipeline; SQLite answers at once.
 */
export interface BoardStorage {
  /**
   * Stores a new board, with everything in `options` (its validated first compacted state, the
   * history of an import), in one transaction: all of it is stored, or none.
   */
  createBoard(summary: BoardSummary, initialState: Uint8Array, options?: NewBoardOptions): Promise<void>;
  /** The board as stored; with `claim`, the caller becomes its writer (its room opens here). */
  loadBoard(boardId: string, options?: LoadOptions): Promise<StoredBoard | null>;
  /**
   * The caller no longer writes the board (its room was let go): a backend that holds some of
   * its updates outside its database (SQLite's update journal) moves them there first. Throws
   * if that fails; the updates stay where they are, and the board's next writer moves them.
   */
  release?(boardId: string): void;
  /** The board's listing without its document, or null if it does not exist. */
  loadBoardSummary(boardId: string): Promise<BoardSummary | null>;
  listBoards(): Promise<BoardSummary[]>;
  /**
   * Appends updates (of one or several boards) with the decisions derived from each, in one
   * transaction: all are stored, or none. Results are in the order of `appends`.
   */
  appendUpdates(appends: readonly UpdateAppend[]): Promise<AppendedUpdate[]>;
  /**
   * `appendUpdates` for a backend that commits synchronously (SQLite): committed when it returns,
   * or throws. The group commit uses it so an update is relayed in the turn that applied it.
   */
  appendUpdatesNow?(appends: readonly UpdateAppend[]): AppendedUpdate[];
  /** Log entries of a board after `seq`, or null when the log no longer reaches back that far. */
  updatesAfter(boardId: string, seq: number): Promise<StoredUpdate[] | null>;
  /** Replaces the compacted state and drops the log up to `uptoSeq`, in one transaction. */
  compact(boardId: string, state: ValidatedState, uptoSeq: number): Promise<void>;
  /** Updates in the log (since the last compaction). */
  pendingUpdateCount(boardId: string): Promise<number>;
  readonly decisions: DecisionLog;
  readonly snapshots: SnapshotStore;
  close(): Promise<void>;
}
