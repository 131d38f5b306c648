import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { DecisionDraft, DecisionEntry } from '../decisions/DecisionEntry.ts';
import { AnchorSigner, SqliteDecisionAnchors } from '../decisions/DecisionAnchors.ts';
import { SqliteDecisionLog } from '../decisions/SqliteDecisionLog.ts';
import type { SnapshotRetention } from '../snapshots/SnapshotRetention.ts';
import { SqliteSnapshotStore } from '../snapshots/SqliteSnapshotStore.ts';
import type {
  AppendedUpdate,
  BoardStorage,
  BoardSummary,
  DecisionLog,
  LoadOptions,
  NewBoardOptions,
  SnapshotStore,
  StoredBoard,
  StoredUpdate,
  UpdateAppend,
  ValidatedState,
} from './BoardStorage.ts';
import { ensureColumn } from './ensureColumn.ts';
import { snapshotChecksum } from './snapshotChecksum.ts';
import { createPrivateFile, PRIVATE_DIRECTORY_MODE } from './privateFiles.ts';
import { type JournalRecord, JournalTakenOverError, UpdateJournal } from './UpdateJournal.ts';

interface BoardRow {
  id: string;
  title: string;
  template: string;
  created_at: number;
  updated_at: number;
}

interface SnapshotRow {
  data: Buffer;
  upto_seq: number;
  state_vector: Buffer | null;
  schema_version: number | null;
  checksum: string | null;
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

/** Columns added to `board_snapshots` after its first release; older databases get them on open. */
const SNAPSHOT_COLUMNS = [
  ['state_vector', 'BLOB'],
  ['schema_version', 'INTEGER'],
  ['checksum', 'TEXT'],
] as const;

function toSummary(row: BoardRow): BoardSummary {
  return { id: row.id, title: row.title, template: row.template, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** How often (at most) a board's `updated_at` is rewritten while updates stream in. */
const TOUCH_EVERY_MS = 5000;

/** How long journaled updates wait before they are moved into the database together (DECISIONS 156, 157). */
const JOURNAL_DRAIN_MS = 4000;
/** Journaled updates waiting past this count are moved before the next is taken. */
const JOURNAL_PENDING_LIMIT = 2048;
/** After a failed move, the next try waits this long. */
const JOURNAL_RETRY_MS = 1000;
/** A move inserts its rows this many per statement. */
const MOVE_ROWS_PER_STATEMENT = 32;
/** A timed move's transactions hold about this many rows (whole boards): a few milliseconds each. */
const MOVE_SLICE_ROWS = 100;

/** The decision entries of a journaled update (it has none): one shared, frozen list. */
const NO_DECISIONS: readonly DecisionEntry[] = Object.freeze([]);

/** Whole boards, in the order first journaled, up to about `rows` records (at least one board). */
function sliceOfBoards(counts: ReadonlyMap<string, number>, rows: number): string[] {
  const slice: string[] = [];
  let taken = 0;
  for (const [boardId, count] of counts) {
    if (slice.length > 0 && taken + count > rows) continue;
    slice.push(boardId);
    taken += count;
  }
  return slice;
}

const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export interface SqliteStorageOptions {
  readonly synchronous?: 'NORMAL' | 'FULL';
  readonly snapshotRetention?: SnapshotRetention;
  /** The server secret: decision-log heads are signed with a key derived from it at every snapshot and export. */
  readonly anchorSecret?: Uint8Array;
  /**
   * Shared by every connection of the server (main and board threads): each counts its commits
   * here, so the decision log's verifier can tell the server's own writes from anyone else's.
   */
  readonly commitCounter?: Int32Array;
  /**
   * The update journal (DECISIONS 156): a board's plain updates (no decision entry, snapshot or
   * title) are durable once appended to its journal file and moved into the database together
   * `drainMs` later. On by default with `synchronous=NORMAL`; `false`, or `synchronous=FULL`
   * (whose promise, surviving a power loss, an unsynced file does not keep), commits each group
   * of updates to the database before it is relayed.
   */
  readonly journal?: false | { readonly drainMs?: number };
}

/**
 * The embedded default: one SQLite file in WAL mode (`<dataDir>/lanewise.db`). Each thread that
 * writes boards opens its own connection (better-sqlite3 is synchronous; a connection belongs to
 * one thread); writes are `BEGIN IMMEDIATE` transactions and wait for each other (busy_timeout).
 */
export class SqliteStorage implements BoardStorage {
  readonly path: string;
  readonly decisions: DecisionLog;
  readonly snapshots: SnapshotStore;
  private readonly db: Database.Database;
  /** The decision log itself, synchronous (benchmarks and tools on this thread). */
  readonly decisionLog: SqliteDecisionLog;
  /** The snapshot store itself, synchronous (a new board's imported snapshots join its transaction). */
  private readonly snapshotStore: SqliteSnapshotStore;
  private readonly statements;
  /** Last sequence number per board, so appends need no read. */
  private readonly lastSeq = new Map<string, number>();
  /** When each board's `updated_at` was last written by this connection. */
  private readonly touchedAt = new Map<string, number>();
  /** Counts a commit of this connection in the shared counter (if any). */
  private readonly counted: () => void;
  private readonly appendTransaction: Database.Transaction<(appends: readonly UpdateAppend[], seqs: Map<string, number>) => AppendedUpdate[]>;
  /**
   * Always there to recover what earlier writers journaled (a server that ran with the journal
   * before a restart with it off must not lose those updates); written only when `journalWrites`.
   */
  private readonly journal: UpdateJournal;
  private readonly journalWrites: boolean;
  private readonly journalDrainMs: number;
  /**
   * Boards with journaled updates not yet in the database, and how many. A move reads the records
   * back from the journal's mapped file: no per-update object outlives its relay (kept here for
   * seconds, each was copied by scavenges and died in old space; DECISIONS 160).
   */
  private readonly journaled = new Map<string, number>();
  private journaledCount = 0;
  private drainTimer: NodeJS.Timeout | null = null;
  /** Boards this connection writes (their room is here): only they are journaled. */
  private readonly claimed = new Set<string>();
  private readonly drainTransaction: Database.Transaction<(records: readonly JournalRecord[]) => void>;
  private readonly recoverTransaction: Database.Transaction<(boardId: string, records: readonly JournalRecord[]) => void>;

  constructor(dataDir: string, options: SqliteStorageOptions = {}) {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
    this.path = join(dataDir, 'lanewise.db');
    // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    createPrivateFile(this.path);
    this.db = new Database(this.path);
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma('foreign_keys = ON');
    this.db.transaction(() => {
      this.db.exec(SCHEMA);
      for (const [name, type] of SNAPSHOT_COLUMNS) ensureColumn(this.db, 'board_snapshots', name, type);
    }).immediate();
    const anchors = options.anchorSecret ? new SqliteDecisionAnchors(this.db, new AnchorSigner(options.anchorSecret)) : null;
    const counter = options.commitCounter ?? null;
    this.counted = counter ? () => void Atomics.add(counter, 0, 1) : () => {};
    this.decisionLog = new SqliteDecisionLog(this.db, anchors, counter ? () => Atomics.load(counter, 0) : undefined);
    const log = this.decisionLog;
    const counted = <T>(result: T): T => {
      this.counted();
      return result;
    };
    this.snapshotStore = new SqliteSnapshotStore(this.db, options.snapshotRetention ?? null, (snapshot) => log.signHead(snapshot.boardId, 'snapshot', snapshot.createdAt));
    const snapshotStore = this.snapshotStore;
    this.decisions = {
      list: async (boardId, query) => log.list(boardId, query),
      verify: async (boardId, verifyOptions) => log.verify(boardId, verifyOptions),
      append: async (boardId, drafts) => counted(log.append(boardId, drafts)),
      signHead: async (boardId, reason, now) => counted(log.signHead(boardId, reason, now)),
    };
    this.snapshots = {
      save: async (input) => counted(snapshotStore.save(input)),
      list: async (boardId) => snapshotStore.list(boardId),
      get: async (boardId, snapshotId) => snapshotStore.get(boardId, snapshotId),
      pruneExpired: async (now) => counted(snapshotStore.pruneExpired(now)),
    };
    this.statements = {
      insertBoard: this.db.prepare('INSERT INTO boards (id, title, template, created_at, updated_at) VALUES (?, ?, ?, ?, ?)'),
      board: this.db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
      boards: this.db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY updated_at DESC'),
      snapshot: this.db.prepare<[string], SnapshotRow>('SELECT data, upto_seq, state_vector, schema_version, checksum FROM board_snapshots WHERE board_id = ?'),
      snapshotSeq: this.db.prepare<[string], { upto_seq: number }>('SELECT upto_seq FROM board_snapshots WHERE board_id = ?'),
      updates: this.db.prepare<[string, number], { seq: number; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = ? AND seq > ? ORDER BY seq'),
      maxSeq: this.db.prepare<[string], { seq: number | null }>('SELECT MAX(seq) AS seq FROM board_updates WHERE board_id = ?'),
      insertUpdate: this.db.prepare('INSERT INTO board_updates (board_id, seq, data) VALUES (?, ?, ?)'),
      // A journaled update a later writer of the board already moved (it took the board over) is there once.
      insertJournaled: this.db.prepare('INSERT OR IGNORE INTO board_updates (board_id, seq, data) VALUES (?, ?, ?)'),
      // A move's rows, many per statement: a third less time per move than a statement per row.
      insertJournaledMany: this.db.prepare(`INSERT OR IGNORE INTO board_updates (board_id, seq, data) VALUES ${Array.from({ length: MOVE_ROWS_PER_STATEMENT }, () => '(?, ?, ?)').join(', ')}`),
      touch: this.db.prepare('UPDATE boards SET updated_at = ? WHERE id = ?'),
      touchTitle: this.db.prepare('UPDATE boards SET updated_at = ?, title = ? WHERE id = ?'),
      upsertSnapshot: this.db.prepare(
        `INSERT INTO board_snapshots (board_id, data, upto_seq, created_at, state_vector, schema_version, checksum) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, created_at = excluded.created_at,
           state_vector = excluded.state_vector, schema_version = excluded.schema_version, checksum = excluded.checksum`,
      ),
      deleteUpdates: this.db.prepare('DELETE FROM board_updates WHERE board_id = ? AND seq <= ?'),
      countUpdates: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM board_updates WHERE board_id = ?'),
    };
    this.appendTransaction = this.db.transaction((appends: readonly UpdateAppend[], seqs: Map<string, number>) => this.appendWithin(appends, seqs));
    const journalOn = options.journal !== false && (options.synchronous ?? 'NORMAL') === 'NORMAL';
    this.journal = new UpdateJournal(dataDir);
    this.journalWrites = journalOn;
    this.journalDrainMs = (options.journal || undefined)?.drainMs ?? JOURNAL_DRAIN_MS;
    this.drainTransaction = this.db.transaction((records: readonly JournalRecord[]) => this.drainWithin(records));
    this.recoverTransaction = this.db.transaction((boardId: string, records: readonly JournalRecord[]) => {
      const stored = this.storedLastSeq(boardId);
      for (const record of records) if (record.seq > stored) this.statements.insertJournaled.run(boardId, record.seq, record.data);
    });
  }

  /** The open database, for stores that keep their own tables in the same file (share links). */
  get database(): Database.Database {
    return this.db;
  }

  async createBoard(summary: BoardSummary, initialState: Uint8Array, { validated, history }: NewBoardOptions = {}): Promise<void> {
    let decisions: DecisionEntry[];
    try {
      decisions = this.db
        .transaction(() => {
          this.statements.insertBoard.run(summary.id, summary.title, summary.template, summary.createdAt, summary.updatedAt);
          if (validated) this.writeSnapshot(summary.id, validated, 0, summary.createdAt);
          else this.statements.insertUpdate.run(summary.id, 1, initialState);
          for (const snapshot of history?.snapshots ?? []) this.snapshotStore.save({ ...snapshot, boardId: summary.id });
          return this.decisionLog.appendWithin(summary.id, history?.decisions ?? []);
        })
        .immediate();
    } catch (error) {
      this.decisionLog.resetHead(summary.id);
      throw error;
    }
    this.decisionLog.commit(summary.id, decisions);
    this.counted();
    this.lastSeq.set(summary.id, validated ? 0 : 1);
  }

  async loadBoard(boardId: string, options: LoadOptions = {}): Promise<StoredBoard | null> {
    this.drain([boardId]);
    // The new writer moves what an earlier one left in the board's journal (a killed process, a
    // replaced thread) into the database; a reader adds it to what it read, changing nothing.
    if (options.claim) this.recover(boardId);
    const tail = options.claim ? [] : this.journalTail(boardId);
    const board = this.db.transaction(() => {
      const row = this.statements.board.get(boardId);
      if (!row) return null;
      const snapshot = this.statements.snapshot.get(boardId);
      const uptoSeq = snapshot?.upto_seq ?? 0;
      const updates = withTail(
        this.statements.updates.all(boardId, uptoSeq).map((update) => ({ seq: update.seq, data: asBytes(update.data) })),
        uptoSeq,
        tail,
      );
      const lastSeq = updates.at(-1)?.seq ?? uptoSeq;
      // Another thread (or process) may have written this board since this connection last did.
      this.lastSeq.set(boardId, lastSeq);
      this.decisionLog.resetHead(boardId);
      return {
        summary: toSummary(row),
        snapshot: snapshot
          ? {
              data: asBytes(snapshot.data),
              uptoSeq,
              stateVector: snapshot.state_vector ? asBytes(snapshot.state_vector) : null,
              schemaVersion: snapshot.schema_version,
              checksum: snapshot.checksum,
            }
          : null,
        updates,
        lastSeq,
      };
    })();
    if (board && options.claim && this.journalWrites) this.claimed.add(boardId);
    return board;
  }

  /**
   * The board is no longer written here (its room was let go): its journaled updates are moved
   * into the database and its journal file removed, so the board's next writer starts clean.
   * If the move fails the file stays, and the next writer moves it.
   */
  release(boardId: string): void {
    this.claimed.delete(boardId);
    this.drain([boardId]);
    this.journal.remove(boardId);
  }

  async loadBoardSummary(boardId: string): Promise<BoardSummary | null> {
    const row = this.statements.board.get(boardId);
    return row ? toSummary(row) : null;
  }

  async listBoards(): Promise<BoardSummary[]> {
    return this.statements.boards.all().map(toSummary);
  }

  async appendUpdates(appends: readonly UpdateAppend[]): Promise<AppendedUpdate[]> {
    return this.appendUpdatesNow(appends);
  }

  /**
   * `appendUpdates`, synchronously: durable when it returns (the group commit's path, DECISIONS
   * 125). Plain updates of boards written here go to the journal (DECISIONS 156); the rest is
   * committed to the database, after every journaled update, so sequence numbers and decision
   * entries are read from a complete log.
   */
  appendUpdatesNow(appends: readonly UpdateAppend[]): AppendedUpdate[] {
    if (appends.length === 0) return [];
    const boards = () => appends.map((append) => append.boardId);
    if (this.journaledCount >= JOURNAL_PENDING_LIMIT) this.drain(boards());
    if (this.journalWrites && appends.every((append) => this.journalable(append))) return this.appendToJournal(appends);
    this.drain(boards());
    // A board written here for the first time: whatever an earlier writer journaled comes first.
    for (const append of appends) if (!this.claimed.has(append.boardId) && !this.lastSeq.has(append.boardId)) this.recover(append.boardId);
    const seqs = new Map<string, number>();
    let results: AppendedUpdate[];
    try {
      results = this.appendTransaction.immediate(appends, seqs);
    } catch (error) {
      for (const boardId of seqs.keys()) {
        this.decisionLog.resetHead(boardId);
        this.lastSeq.delete(boardId); // read again from the database next time
        this.touchedAt.delete(boardId);
      }
      throw error;
    }
    this.counted();
    for (const [boardId, seq] of seqs) this.lastSeq.set(boardId, seq);
    return results;
  }

  private journalable(append: UpdateAppend): boolean {
    return append.decisions.length === 0 && append.snapshot === undefined && append.title === undefined && this.claimed.has(append.boardId);
  }

  /** Appends plain updates to their boards' journals: durable when it returns; nothing changed if it throws. */
  private appendToJournal(appends: readonly UpdateAppend[]): AppendedUpdate[] {
    // Once per update on the hot path: plain loops, and a map of sequence numbers only for a group.
    const records: JournalRecord[] = [];
    const results: AppendedUpdate[] = [];
    const seqs = appends.length > 1 ? new Map<string, number>() : null;
    for (const append of appends) {
      const seq = (seqs?.get(append.boardId) ?? this.lastSeqOf(append.boardId)) + 1;
      seqs?.set(append.boardId, seq);
      records.push({ boardId: append.boardId, seq, data: append.update });
      results.push({ seq, decisions: NO_DECISIONS });
    }
    try {
      this.journal.append(records);
    } catch (error) {
      // Another writer claimed the board (this thread was given up on): it is not written here any more.
      if (error instanceof JournalTakenOverError) this.claimed.delete(error.boardId);
      throw error;
    }
    for (const record of records) {
      this.lastSeq.set(record.boardId, record.seq);
      this.journaled.set(record.boardId, (this.journaled.get(record.boardId) ?? 0) + 1);
    }
    this.journaledCount += records.length;
    this.drainTimer ??= this.drainLater(this.journalDrainMs);
    return results;
  }

  private drainLater(ms: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.drainTimer = null;
      try {
        this.drain(undefined, MOVE_SLICE_ROWS);
      } catch {
        // Still in the journal files, so nothing is lost; a call that needs the board reports
        // the failure (it moves the journal first), and `drain` has set this to try again.
      }
    }, ms);
    timer.unref();
    return timer;
  }

  /**
   * Moves every journaled update into the database in one transaction, read back from the
   * journal (the files are emptied). If that fails, each board is tried in a transaction of its
   * own, so one board's failure holds back only its own updates; they stay journaled, are tried
   * again a second later, and the error is thrown if one of `needed` (default: every board) is
   * among them.
   *
   * `sliceRows` (the timer's moves): only whole boards' updates up to about that many rows move
   * in this transaction, and the rest in the next, a millisecond later. A move of 4 s of S3's
   * updates (800 rows) held the thread for ~19 ms in one transaction, and the updates that
   * arrived meanwhile waited for it (DECISIONS 159).
   */
  private drain(needed?: ReadonlySet<string> | readonly string[], sliceRows = Infinity): void {
    if (this.journaled.size === 0) return;
    const boards = this.journaledCount > sliceRows ? sliceOfBoards(this.journaled, sliceRows) : [...this.journaled.keys()];
    let failed: Set<string> | null = null;
    let failure: unknown = null;
    try {
      this.drainTransaction.immediate(boards.flatMap((boardId) => this.journal.pending(boardId)));
      this.drained(boards);
    } catch (error) {
      failure = error;
      failed = new Set();
      for (const boardId of boards) {
        try {
          if (boards.length === 1) throw error;
          this.drainTransaction.immediate(this.journal.pending(boardId));
          this.drained([boardId]);
        } catch {
          failed.add(boardId);
        }
      }
    } finally {
      if (this.drainTimer) clearTimeout(this.drainTimer);
      this.drainTimer = this.journaled.size === 0 ? null : this.drainLater(failed ? JOURNAL_RETRY_MS : 0);
    }
    if (failed && (needed === undefined || [...needed].some((boardId) => failed.has(boardId)))) throw failure;
  }

  /** After a move: counted as the server's own commit, the boards' files emptied. */
  private drained(boards: readonly string[]): void {
    this.counted();
    for (const boardId of boards) {
      this.journaledCount -= this.journaled.get(boardId) ?? 0;
      this.journaled.delete(boardId);
      try {
        this.journal.moved(boardId);
      } catch {
        // The file keeps records the database has: a later read skips them by sequence number.
      }
    }
  }

  private drainWithin(records: readonly JournalRecord[]): void {
    const now = Date.now();
    const params: unknown[] = [];
    let at = 0;
    for (; at + MOVE_ROWS_PER_STATEMENT <= records.length; at += MOVE_ROWS_PER_STATEMENT) {
      params.length = 0;
      for (let row = at; row < at + MOVE_ROWS_PER_STATEMENT; row++) {
        const record = records[row] as JournalRecord;
        params.push(record.boardId, record.seq, record.data);
      }
      this.statements.insertJournaledMany.run(params);
    }
    for (; at < records.length; at++) {
      const record = records[at] as JournalRecord;
      this.statements.insertJournaled.run(record.boardId, record.seq, record.data);
    }
    for (const boardId of new Set(records.map((record) => record.boardId))) {
      if (now - (this.touchedAt.get(boardId) ?? 0) < TOUCH_EVERY_MS) continue;
      this.statements.touch.run(now, boardId);
      this.touchedAt.set(boardId, now);
    }
  }

  /** Moves what the board's journal holds beyond the database into it, then removes the file. */
  private recover(boardId: string): void {
    const records = this.journal.read(boardId);
    if (records.length > 0) {
      this.recoverTransaction.immediate(boardId, records);
      this.counted();
    }
    this.journal.removeAll(boardId);
    this.lastSeq.delete(boardId); // read again, with what was moved
  }

  /** Journaled updates of a board written elsewhere (none for a board written here: drained first). */
  private journalTail(boardId: string): JournalRecord[] {
    return this.claimed.has(boardId) ? [] : this.journal.read(boardId);
  }

  /** The body of `appendUpdates`, prepared once (better-sqlite3 builds a wrapper per `transaction` call). */
  private appendWithin(appends: readonly UpdateAppend[], seqs: Map<string, number>): AppendedUpdate[] {
    const now = Date.now();
    return appends.map((append) => {
      const seq = (seqs.get(append.boardId) ?? this.lastSeqOf(append.boardId)) + 1;
      seqs.set(append.boardId, seq);
      this.statements.insertUpdate.run(append.boardId, seq, append.update);
      // The listing's "updated at" follows the board at most every few seconds: a row write less per update.
      if (append.title !== undefined || now - (this.touchedAt.get(append.boardId) ?? 0) >= TOUCH_EVERY_MS) {
        if (append.title === undefined) this.statements.touch.run(now, append.boardId);
        else this.statements.touchTitle.run(now, append.title, append.boardId);
        this.touchedAt.set(append.boardId, now);
      }
      const decisions = this.decisionLog.appendWithin(append.boardId, append.decisions);
      if (append.snapshot) this.snapshotStore.save({ ...append.snapshot, boardId: append.boardId, decisionSeq: decisions[0]?.seq ?? 0 });
      // The next update of the same board in this transaction chains onto these (reset on rollback).
      this.decisionLog.commit(append.boardId, decisions);
      return { seq, decisions };
    });
  }

  /** One update, for callers outside the update pipeline (tests, tools). */
  async appendUpdate(boardId: string, update: Uint8Array, options: { title?: string; decisions?: readonly DecisionDraft[] } = {}): Promise<AppendedUpdate> {
    const [result] = await this.appendUpdates([{ boardId, update, decisions: options.decisions ?? [], ...(options.title !== undefined ? { title: options.title } : {}) }]);
    return result as AppendedUpdate;
  }

  async updatesAfter(boardId: string, seq: number): Promise<StoredUpdate[] | null> {
    this.drain([boardId]);
    const tail = this.journalTail(boardId);
    return this.db.transaction(() => {
      // The log holds (snapshotSeq, last]; earlier entries were folded into the compacted state.
      if (seq < (this.statements.snapshotSeq.get(boardId)?.upto_seq ?? 0)) return null;
      return withTail(
        this.statements.updates.all(boardId, seq).map((update) => ({ seq: update.seq, data: asBytes(update.data) })),
        seq,
        tail,
      );
    })();
  }

  async compact(boardId: string, state: ValidatedState, uptoSeq: number): Promise<void> {
    this.drain([boardId]);
    this.db
      .transaction(() => {
        this.writeSnapshot(boardId, state, uptoSeq, Date.now());
        this.statements.deleteUpdates.run(boardId, uptoSeq);
      })
      .immediate();
    this.counted();
  }

  async pendingUpdateCount(boardId: string): Promise<number> {
    this.drain([boardId]);
    const tail = this.journalTail(boardId);
    const stored = this.statements.countUpdates.get(boardId)?.n ?? 0;
    if (tail.length === 0) return stored;
    const last = this.storedLastSeq(boardId);
    return stored + tail.filter((record) => record.seq > last).length;
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      this.drain();
      // Everything is in the database: the boards written here leave no journal behind.
      for (const boardId of this.claimed) this.journal.remove(boardId);
      this.claimed.clear();
    } finally {
      if (this.drainTimer) clearTimeout(this.drainTimer);
      this.drainTimer = null;
      this.journal.close();
      this.db.close();
    }
  }

  private writeSnapshot(boardId: string, state: ValidatedState, uptoSeq: number, at: number): void {
    const checksum = state.schemaVersion === null ? null : snapshotChecksum(state.data);
    this.statements.upsertSnapshot.run(boardId, state.data, uptoSeq, at, state.stateVector, state.schemaVersion, checksum);
  }

  private lastSeqOf(boardId: string): number {
    return this.lastSeq.get(boardId) ?? this.storedLastSeq(boardId);
  }

  /** The board's last sequence number in the database. */
  private storedLastSeq(boardId: string): number {
    const snapshotSeq = this.statements.snapshotSeq.get(boardId)?.upto_seq ?? 0;
    return Math.max(this.statements.maxSeq.get(boardId)?.seq ?? 0, snapshotSeq);
  }
}

/** `updates` read from the database (after `after`), followed by the journal's records beyond them. */
function withTail(updates: StoredUpdate[], after: number, tail: readonly JournalRecord[]): StoredUpdate[] {
  let last = updates.at(-1)?.seq ?? after;
  for (const record of tail) {
    if (record.seq <= last) continue;
    updates.push({ seq: record.seq, data: record.data });
    last = record.seq;
  }
  return updates;
}
