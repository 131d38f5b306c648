import type Database from 'better-sqlite3';
import { ChainVerifier, type ChainVerification } from './ChainVerifier.ts';
import type { AnchorReason, DecisionAnchor, SqliteDecisionAnchors } from './DecisionAnchors.ts';
import { chainHash, entryBody, GENESIS_HASH, type DecisionAction, type DecisionDraft, type DecisionEntry } from './DecisionEntry.ts';

export type { ChainVerification };

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS board_decisions (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    item_id TEXT,
    body TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS board_decisions_item ON board_decisions (board_id, item_id);
  -- Append-only: the database itself refuses to change or remove an entry.
  CREATE TRIGGER IF NOT EXISTS board_decisions_no_update BEFORE UPDATE ON board_decisions
    BEGIN SELECT RAISE(ABORT, 'decision log is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS board_decisions_no_delete BEFORE DELETE ON board_decisions
    BEGIN SELECT RAISE(ABORT, 'decision log is append-only'); END;
`;

interface DecisionRow {
  board_id: string;
  seq: number;
  at: number;
  action: string;
  actor_name: string;
  item_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
}

export interface DecisionQuery {
  readonly itemId?: string;
  readonly actor?: string;
  readonly sinceTime?: number;
  /** Entries with seq greater than this. */
  readonly afterSeq?: number;
  /** Entries with seq less than this (paging backwards from the newest). */
  readonly beforeSeq?: number;
  readonly limit?: number;
  /** 'desc' (newest first, the default) or 'asc'. */
  readonly order?: 'asc' | 'desc';
}

function toEntry(row: DecisionRow): DecisionEntry {
  const body = JSON.parse(row.body) as DecisionDraft & { boardId: string; seq: number };
  return { ...body, prevHash: row.prev_hash, hash: row.hash };
}

/**
 * A number that changes when a connection outside the server wrote the database: `data_version`
 * moved while the server's own commit count (its board threads write through connections of
 * their own) did not. If both moved between two checks the change is taken as the server's own;
 * an outside write made at the same moment is then found by the next full check or an anchor.
 */
function outsideWritesOf(dataVersion: () => number, ownCommits: () => number): () => number {
  let lastVersion = dataVersion();
  let lastOwn = ownCommits();
  let outside = 0;
  return () => {
    const version = dataVersion();
    const own = ownCommits();
    if (version !== lastVersion && own === lastOwn) outside++;
    lastVersion = version;
    lastOwn = own;
    return outside;
  };
}

/**
 * The decision log in SQLite: append-only rows, each hashed over its content and the previous
 * hash; with `anchors`, the chain head is signed now and then (at snapshots and exports) so a
 * rewrite that recomputes the hashes is still found.
 */
export class SqliteDecisionLog {
  private readonly head = new Map<string, { seq: number; hash: string }>();
  private readonly statements;
  private readonly verifier: ChainVerifier;

  constructor(
    private readonly db: Database.Database,
    private readonly anchors: SqliteDecisionAnchors | null = null,
    /**
     * Commits made by the server's other connections to this file (its board threads), counted
     * in shared memory: a `data_version` change while this count stayed put was someone else.
     */
    ownCommits: () => number = () => 0,
  ) {
    db.exec(SCHEMA);
    this.statements = {
      head: db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM board_decisions WHERE board_id = ? ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO board_decisions (board_id, seq, at, action, actor_name, item_id, body, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      after: db.prepare<[string, number], DecisionRow>('SELECT * FROM board_decisions WHERE board_id = ? AND seq > ? ORDER BY seq'),
      hashAt: db.prepare<[string, number], { hash: string }>('SELECT hash FROM board_decisions WHERE board_id = ? AND seq = ?'),
    };
    this.verifier = new ChainVerifier(
      {
        after: (boardId, afterSeq) => this.statements.after.iterate(boardId, afterSeq),
        hashAt: (boardId, seq) => this.statements.hashAt.get(boardId, seq)?.hash,
        outsideWrites: outsideWritesOf(() => db.pragma('data_version', { simple: true }) as number, ownCommits),
      },
      anchors,
    );
  }

  /**
   * Appends drafts in order. Call inside the caller's SQLite transaction (with the update they
   * came from) so that an update and its decisions are stored together or not at all.
   */
  appendWithin(boardId: string, drafts: readonly DecisionDraft[]): DecisionEntry[] {
    if (drafts.length === 0) return [];
    let head = this.head.get(boardId) ?? this.statements.head.get(boardId) ?? { seq: 0, hash: GENESIS_HASH };
    const entries: DecisionEntry[] = [];
    for (const draft of drafts) {
      const seq = head.seq + 1;
      const body = entryBody(boardId, seq, draft);
      const hash = chainHash(head.hash, body);
      this.statements.insert.run(boardId, seq, draft.at, draft.action, draft.actor.name, draft.item?.id ?? null, body, head.hash, hash);
      entries.push({ boardId, seq, ...draft, prevHash: head.hash, hash });
      head = { seq, hash };
    }
    return entries;
  }

  /** Marks the in-memory head as committed; call after the surrounding transaction commits. */
  commit(boardId: string, entries: readonly DecisionEntry[]): void {
    const last = entries.at(-1);
    if (last) this.head.set(boardId, { seq: last.seq, hash: last.hash });
  }

  /** Forgets cached heads (after a rolled-back transaction). */
  resetHead(boardId: string): void {
    this.head.delete(boardId);
  }

  append(boardId: string, drafts: readonly DecisionDraft[]): DecisionEntry[] {
    try {
      const entries = this.db.transaction(() => this.appendWithin(boardId, drafts))();
      this.commit(boardId, entries);
      return entries;
    } catch (error) {
      this.resetHead(boardId);
      throw error;
    }
  }

  list(boardId: string, query: DecisionQuery = {}): DecisionEntry[] {
    const where = ['board_id = ?'];
    const params: Array<string | number> = [boardId];
    if (query.itemId !== undefined) {
      where.push('item_id = ?');
      params.push(query.itemId);
    }
    if (query.actor !== undefined) {
      where.push('actor_name = ?');
      params.push(query.actor);
    }
    if (query.sinceTime !== undefined) {
      where.push('at >= ?');
      params.push(query.sinceTime);
    }
    if (query.afterSeq !== undefined) {
      where.push('seq > ?');
      params.push(query.afterSeq);
    }
    if (query.beforeSeq !== undefined) {
      where.push('seq < ?');
      params.push(query.beforeSeq);
    }
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    const rows = this.db.prepare<Array<string | number>, DecisionRow>(`SELECT * FROM board_decisions WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT ${limit}`).all(...params);
    return rows.map(toEntry);
  }

  /**
   * Checks the hash chain (and the signed anchors) and says where it breaks. Incremental after the
   * first check: the cost follows the entries appended since. `full` re-hashes everything.
   */
  verify(boardId: string, options: { full?: boolean } = {}): ChainVerification {
    return this.verifier.verify(boardId, options);
  }

  /**
   * Signs the chain's current head (read from the database, not a cache) unless it is signed
   * already. Returns the newest anchor, or null without a signer or entries.
   */
  signHead(boardId: string, reason: AnchorReason, now = Date.now()): DecisionAnchor | null {
    return this.anchors?.sign(boardId, this.statements.head.get(boardId) ?? null, reason, now) ?? null;
  }
}

export type { DecisionAction };
