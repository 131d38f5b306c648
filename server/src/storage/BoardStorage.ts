import type { DecisionDraft, DecisionEntry } from '../decisions/DecisionEntry.ts';
import type { SqliteDecisionLog } from '../decisions/SqliteDecisionLog.ts';
import type { SqliteSnapshotStore, StoredSnapshot } from '../snapshots/SqliteSnapshotStore.ts';

/** A board as listed by the API. */
export interface BoardSummary {
  readonly id: string;
  readonly title: string;
  readonly template: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** What a board's document is rebuilt from: the snapshot (if any), then the log in order. */
export interface StoredBoard {
  readonly summary: BoardSummary;
  readonly snapshot: Uint8Array | null;
  readonly updates: readonly Uint8Array[];
  /** Sequence number of the last stored update (0 if none). */
  readonly lastSeq: number;
}

/** History carried into a new board by a JSON import: written with the board, in one transaction. */
export interface ImportedHistory {
  readonly snapshots: ReadonlyArray<Omit<StoredSnapshot, 'boardId'>>;
  readonly decisions: readonly DecisionDraft[];
}

/**
 * Persistence for boards: an append-only update log per board, folded into one snapshot row now
 * and then. SQLite is the embedded default; the interface is small so that another backend can
 * take its place. Every method either completes durably or throws.
 */
export interface BoardStorage {
  /** Stores a new board; `history` (from a JSON import) is stored with it or not at all. */
  createBoard(summary: BoardSummary, initialUpdate: Uint8Array, history?: ImportedHistory): void;
  loadBoard(boardId: string): StoredBoard | null;
  /** The board's listing without its document, or null if it does not exist. */
  loadBoardSummary(boardId: string): BoardSummary | null;
  listBoards(): BoardSummary[];
  /**
   * Appends one update to the log, with the decisions derived from it, in one transaction.
   * Returns the update's sequence number and the decision entries as stored.
   */
  appendUpdate(boardId: string, update: Uint8Array, options?: { title?: string; decisions?: readonly DecisionDraft[] }): { seq: number; decisions: DecisionEntry[] };
  /** Replaces the snapshot with `snapshot` and drops the log up to `uptoSeq`, in one transaction. */
  compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): void;
  /** Updates since the last compaction. */
  pendingUpdateCount(boardId: string): number;
  readonly decisions: SqliteDecisionLog;
  readonly snapshots: SqliteSnapshotStore;
  close(): void;
}
