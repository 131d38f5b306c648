import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DecisionDraft, DecisionEntry } from '../decisions/DecisionEntry.ts';
import { AnchorSigner, SqliteDecisionAnchors } from '../decisions/DecisionAnchors.ts';
import { SqliteDecisionLog } from '../decisions/SqliteDecisionLog.ts';
import type { SnapshotRetention } from '../snapshots/SnapshotRetention.ts';
import { SqliteSnapshotStore } from '../snapshots/SqliteSnapshotStore.ts';
import type { BoardStorage, BoardSummary, ImportedHistory, StoredBoard } from './BoardStorage.ts';
import { createPrivateFile, PRIVATE_DIRECTORY_MODE } from './privateFiles.ts';

interface BoardRow {
  id: string;
  title: string;
  template: string;
  created_at: number;
  updated_at: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS boards (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS board_updates (
    board_id TEXT NOT NULL REFERENCES boards(id),
    seq INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS board_snapshots (
    board_id TEXT PRIMARY KEY REFERENCES boards(id),
    data BLOB NOT NULL,
    upto_seq INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
`;

function toSummary(row: BoardRow): BoardSummary {
  return { id: row.id, title: row.title, template: row.template, createdAt: row.created_at, updatedAt: row.updated_at };
}

const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

/** The embedded default: one SQLite file in WAL mode (`<dataDir>/lanewise.db`). */
export class SqliteStorage implements BoardStorage {
  readonly path: string;
  readonly decisions: SqliteDecisionLog;
  readonly snapshots: SqliteSnapshotStore;
  private readonly db: Database.Database;

  /** The open database, for stores that keep their own tables in the same file (share links). */
  get database(): Database.Database {
    return this.db;
  }
  private readonly statements;
  /** Last sequence number per board, so appends need no read. */
  private readonly lastSeq = new Map<string, number>();

  constructor(
    dataDir: string,
    options: {
      synchronous?: 'NORMAL' | 'FULL';
      snapshotRetention?: SnapshotRetention;
      /** The server secret: decision-log heads are signed with a key derived from it at every snapshot and export. */
      anchorSecret?: Uint8Array;
    } = {},
  ) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    this.path = join(dataDir, 'lanewise.db');
    // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    createPrivateFile(this.path);
    this.db = new Database(this.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const anchors = options.anchorSecret ? new SqliteDecisionAnchors(this.db, new AnchorSigner(options.anchorSecret)) : null;
    this.decisions = new SqliteDecisionLog(this.db, anchors);
    this.snapshots = new SqliteSnapshotStore(this.db, options.snapshotRetention ?? null, (snapshot) => this.decisions.signHead(snapshot.boardId, 'snapshot', snapshot.createdAt));
    this.statements = {
      insertBoard: this.db.prepare('INSERT INTO boards (id, title, template, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
      board: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      boards: this.db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY updated_at DESC'),
      snapshot: this.db.prepare<[string], { data: Buffer; upto_seq: number }>('SELECT data, upto_seq FROM board_snapshots WHERE board_id = ?'),
      updates: this.db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
      maxSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM board_updates WHERE board_id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO board_updates (board_id, seq, data) VALUES (?, ?, ?)'),
      touch: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      touchTitle: this.db.prepare('UPDATE boards SET updated_at = ?, title = ? WHERE id = ?'),
      upsertSnapshot: this.db.prepare(
        'INSERT INTO board_snapshots (board_id, data, upto_seq, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, created_at = excluded.created_at',
      ),
      deleteUpdates: this.db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
      countUpdates: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM board_updates WHERE board_id = ?'),
    };
  }

  createBoard(summary: BoardSummary, initialUpdate: Uint8Array, history?: ImportedHistory): void {
    let decisions: DecisionEntry[] = [];
    try {
      decisions = this.db.transaction(() => {
        this.statements.insertBoard.run(summary.id, summary.title, summary.template, summary.createdAt, summary.updatedAt);
        this.statements.insertUpdate.run(summary.id, 1, initialUpdate);
        for (const snapshot of history?.snapshots ?? []) this.snapshots.save({ ...snapshot, boardId: summary.id });
        return this.decisions.appendWithin(summary.id, history?.decisions ?? []);
      })();
    } catch (error) {
      this.decisions.resetHead(summary.id);
      throw error;
    }
    this.decisions.commit(summary.id, decisions);
    this.lastSeq.set(summary.id, 1);
  }

  loadBoard(boardId: string): StoredBoard | null {
    const row = this.statements.board.get(boardId);
    if (!row) return null;
    const snapshot = this.statements.snapshot.get(boardId);
    const uptoSeq = snapshot?.upto_seq ?? 0;
    const rows = this.statements.updates.all(boardId, uptoSeq);
    const lastSeq = rows.at(-1)?.seq ?? uptoSeq;
    this.lastSeq.set(boardId, lastSeq);
    return {
      summary: toSummary(row),
      snapshot: snapshot ? asBytes(snapshot.data) : null,
      updates: rows.map((update) => asBytes(update.data)),
      lastSeq,
    };
  }

  loadBoardSummary(boardId: string): BoardSummary | null {
    const row = this.statements.board.get(boardId);
    return row ? toSummary(row) : null;
  }

  listBoards(): BoardSummary[] {
    return this.statements.boards.all().map(toSummary);
  }

  appendUpdate(
    boardId: string,
    update: Uint8Array,
    options: { title?: string; decisions?: readonly DecisionDraft[] } = {},
  ): { seq: number; decisions: DecisionEntry[] } {
    const seq = this.nextSeq(boardId);
    const now = Date.now();
    let decisions: DecisionEntry[];
    try {
      decisions = this.db.transaction(() => {
        this.statements.insertUpdate.run(boardId, seq, update);
        if (options.title === undefined) this.statements.touch.run(now, boardId);
        else this.statements.touchTitle.run(now, options.title, boardId);
        return this.decisions.appendWithin(boardId, options.decisions ?? []);
      })();
    } catch (error) {
      this.decisions.resetHead(boardId);
      throw error;
    }
    this.decisions.commit(boardId, decisions);
    this.lastSeq.set(boardId, seq);
    return { seq, decisions };
  }

  compact(boardId: string, snapshot: Uint8Array, uptoSeq: number): void {
    this.db.transaction(() => {
      this.statements.upsertSnapshot.run(boardId, snapshot, uptoSeq, Date.now());
      this.statements.deleteUpdates.run(boardId, uptoSeq);
    })();
  }

  pendingUpdateCount(boardId: string): number {
    return this.statements.countUpdates.get(boardId)?.n ?? 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private nextSeq(boardId: string): number {
    let last = this.lastSeq.get(boardId);
    if (last === undefined) {
      const snapshotSeq = this.statements.snapshot.get(boardId)?.upto_seq ?? 0;
      last = Math.max(this.statements.maxSeq.get(boardId)?.seq ?? 0, snapshotSeq);
    }
    return last + 1;
  }
}
