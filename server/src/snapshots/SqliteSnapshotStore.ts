import type Database from 'better-sqlite3';
import { newId } from '@lanewise/shared';
import type { DecisionActor } from '../decisions/DecisionEntry.ts';

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

interface SnapshotRow {
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

function toSummary(row: SnapshotRow): SnapshotSummary {
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

/** Named and automatic snapshots of whole boards (distinct from the log-compaction snapshot). */
export class SqliteSnapshotStore {
  private readonly statements;

  constructor(db: Database.Database) {
    db.exec(SCHEMA);
    this.statements = {
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
    this.statements.insert.run(id, input.boardId, input.name, input.kind, createdAt, JSON.stringify(input.createdBy), input.decisionSeq, input.data);
    return { id, boardId: input.boardId, name: input.name, kind: input.kind, createdAt, createdBy: input.createdBy, decisionSeq: input.decisionSeq };
  }

  list(boardId: string): SnapshotSummary[] {
    return this.statements.list.all(boardId).map(toSummary);
  }

  get(boardId: string, snapshotId: string): StoredSnapshot | undefined {
    const row = this.statements.get.get(boardId, snapshotId);
    if (!row?.data) return undefined;
    return { ...toSummary(row), data: new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength) };
  }
}
