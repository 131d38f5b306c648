import type Database from 'better-sqlite3';
import { newId } from '@lanewise/shared';
import type { DecisionActor } from '../decisions/DecisionEntry.ts';
import { isAutomatic, type SnapshotRetention } from './SnapshotRetention.ts';

export const SNAPSHOT_KINDS = ['manual', 'session-end', 'interval', 'before-restore'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];

export interface SnapshotSummary {
  readonly id: string;
  readonly boardId: string;
  readonly name: string;
  readonly kind: SnapshotKind;
  readonly createdAt: number;
  readonly createdBy: DecisionActor;
  /** The decision log's length when the snapshot was taken. */
  readonly decisionSeq: number;
}

export interface StoredSnapshot extends SnapshotSummary {
  /** The whole board as one Yjs update. */
  readonly data: Uint8Array;
}

/** A row of `board_named_snapshots`: the same columns on SQLite and PostgreSQL. */
export interface SnapshotRow {
  id: string;
  board_id: string;
  name: string;
  kind: SnapshotKind;
  created_at: number;
  created_by: string;
  decision_seq: number;
  data?: Buffer;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS board_named_snapshots (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    decision_seq INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE INDEX IF NOT EXISTS board_named_snapshots_board ON board_named_snapshots (board_id, created_at);
`;

export function snapshotSummaryOf(row: SnapshotRow): SnapshotSummary {
  return {
    id: row.id,
    boardId: row.board_id,
    name: row.name,
    kind: row.kind,
    createdAt: row.created_at,
    createdBy: JSON.parse(row.created_by) as DecisionActor,
    decisionSeq: row.decision_seq,
  };
}

/**
 * Named and automatic snapshots of whole boards (distinct from the log-compaction snapshot).
 * Saving an automatic snapshot prunes that board's automatic snapshots to the retention policy in
 * the same transaction; named ones are never pruned.
 */
export class SqliteSnapshotStore {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly retention: SnapshotRetention | null = null,
    /** Runs inside the transaction that saves a snapshot (the decision log signs its head there). */
    private readonly onSaved: ((snapshot: SnapshotSummary) => void) | null = null,
  ) {
    db.exec(SCHEMA);
    this.statements = {
      pruneBoard: db.prepare<[string, number, string, number]>(
        `DELETE FROM board_named_snapshots WHERE board_id = ? AND kind != 'manual' AND (created_at < ? OR id IN (
           SELECT id FROM board_named_snapshots WHERE board_id = ? AND kind != 'manual' ORDER BY created_at DESC, rowid DESC LIMIT -1 OFFSET ?))`,
      ),
      pruneExpired: db.prepare<[number]>(`DELETE FROM board_named_snapshots WHERE kind != 'manual' AND created_at < ?`),
      insert: db.prepare('INSERT INTO board_named_snapshots (id, board_id, name, kind, created_at, created_by, decision_seq, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      list: db.prepare<[string], SnapshotRow>(
        'SELECT id, board_id, name, kind, created_at, created_by, decision_seq FROM board_named_snapshots WHERE board_id = ? ORDER BY created_at, rowid',
      ),
      get: db.prepare<[string, string], SnapshotRow>('SELECT * FROM board_named_snapshots WHERE board_id = ? AND id = ?'),
    };
  }

  save(input: Omit<StoredSnapshot, 'id' | 'createdAt'> & { id?: string; createdAt?: number }): SnapshotSummary {
    const id = input.id ?? newId(12);
    const createdAt = input.createdAt ?? Date.now();
    const summary: SnapshotSummary = { id, boardId: input.boardId, name: input.name, kind: input.kind, createdAt, createdBy: input.createdBy, decisionSeq: input.decisionSeq };
    const pruned = this.db.transaction(() => {
      this.statements.insert.run(id, input.boardId, input.name, input.kind, createdAt, JSON.stringify(input.createdBy), input.decisionSeq, input.data);
      this.onSaved?.(summary);
      if (!this.retention || !isAutomatic(input.kind)) return 0;
      const { keep, maxAgeMs } = this.retention;
      return this.statements.pruneBoard.run(input.boardId, maxAgeMs === null ? Number.MIN_SAFE_INTEGER : createdAt - maxAgeMs, input.boardId, keep).changes;
    })();
    if (pruned > 0) this.retention?.onPruned?.(input.boardId, pruned);
    return summary;
  }

  /** Removes automatic snapshots past the age limit on every board; returns how many. */
  pruneExpired(now: number): number {
    const maxAgeMs = this.retention?.maxAgeMs ?? null;
    if (maxAgeMs === null) return 0;
    const removed = this.statements.pruneExpired.run(now - maxAgeMs).changes;
    if (removed > 0) this.retention?.onPruned?.(null, removed);
    return removed;
  }

  list(boardId: string): SnapshotSummary[] {
    return this.statements.list.all(boardId).map(snapshotSummaryOf);
  }

  get(boardId: string, snapshotId: string): StoredSnapshot | undefined {
    const row = this.statements.get.get(boardId, snapshotId);
    if (!row?.data) return undefined;
    return { ...snapshotSummaryOf(row), data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) };
  }
}
