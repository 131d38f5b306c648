import type Database from 'better-sqlite3';
import { newId, type RetroPhase } from '@lanewise/shared';
import { ensureColumn } from '../storage/ensureColumn.ts';
import { toDraft, voteRefusal, walkEarlierRetros, type DraftRow, type PhaseDeadline, type RetroRecords, type RetroSeriesLink, type StoredDraft } from './RetroRecords.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS retro_drafts (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    participant TEXT NOT NULL,
    lane_id TEXT NOT NULL,
    text TEXT NOT NULL,
    perspective TEXT,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seq INTEGER
  );
  CREATE INDEX IF NOT EXISTS retro_drafts_participant ON retro_drafts (board_id, participant);
  CREATE TABLE IF NOT EXISTS retro_votes (
    board_id TEXT NOT NULL,
    participant TEXT NOT NULL,
    item_id TEXT NOT NULL,
    votes INTEGER NOT NULL,
    PRIMARY KEY (board_id, participant, item_id)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS retro_done (
    board_id TEXT NOT NULL,
    phase TEXT NOT NULL,
    participant TEXT NOT NULL,
    PRIMARY KEY (board_id, phase, participant)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS retro_series (
    board_id TEXT PRIMARY KEY,
    planning_board_id TEXT,
    previous_id TEXT,
    linked_at INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS retro_series_previous ON retro_series (previous_id);
  CREATE TABLE IF NOT EXISTS retro_perspectives (
    board_id TEXT NOT NULL,
    perspective TEXT NOT NULL,
    participant TEXT NOT NULL,
    PRIMARY KEY (board_id, perspective, participant)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS retro_phase_deadlines (board_id TEXT PRIMARY KEY, phase TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * RetroRecords in the SQLite file of DATA_DIR (the default, one instance). Every method runs
 * synchronously on the main thread's connection, so a check and its write (the vote budget, a
 * deadline's claim) cannot interleave with another request's.
 */
export class SqliteRetroRecords implements RetroRecords {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    // The facilitator sees who is done (names, never what they wrote); older databases lack the column.
    ensureColumn(db, 'retro_done', 'name', "TEXT NOT NULL DEFAULT ''");
    // A deadline being closed is claimed until then (see RetroRecords.claimDeadline).
    ensureColumn(db, 'retro_phase_deadlines', 'claimed_until', 'INTEGER');
    // Drafts are listed in the order they were written: `seq`, raised by every insert (DECISIONS 145).
    // An older database's drafts are numbered once, by created_at, the order they were listed in.
    db.transaction(() => {
      ensureColumn(db, 'retro_drafts', 'seq', 'INTEGER');
      db.exec(`
        UPDATE retro_drafts SET seq = (SELECT ordered.n FROM (SELECT rowid AS r, row_number() OVER (ORDER BY created_at, rowid) AS n FROM retro_drafts) AS ordered WHERE ordered.r = retro_drafts.rowid)
          WHERE seq IS NULL;
        CREATE INDEX IF NOT EXISTS retro_drafts_seq ON retro_drafts (seq);
      `);
    })();
  }

  async addDraft(boardId: string, participant: string, draft: Omit<StoredDraft, 'id' | 'createdAt'>): Promise<StoredDraft> {
    const stored: StoredDraft = { ...draft, id: newId(), createdAt: Date.now() };
    // One statement: the next number is read and taken under the write lock, whichever connection writes.
    this.db
      .prepare('INSERT INTO retro_drafts (id, board_id, participant, lane_id, text, perspective, author, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM retro_drafts))')
      .run(stored.id, boardId, participant, stored.laneId, stored.text, stored.perspective, stored.author, stored.createdAt);
    return stored;
  }

  async draftsOf(boardId: string, participant: string): Promise<StoredDraft[]> {
    const rows = this.db.prepare('SELECT * FROM retro_drafts WHERE board_id = ? AND participant = ? ORDER BY seq').all(boardId, participant) as DraftRow[];
    return rows.map(toDraft);
  }

  async deleteDraft(boardId: string, participant: string, draftId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM retro_drafts WHERE board_id = ? AND participant = ? AND id = ?').run(boardId, participant, draftId).changes > 0;
  }

  async allDrafts(boardId: string): Promise<StoredDraft[]> {
    return (this.db.prepare('SELECT * FROM retro_drafts WHERE board_id = ? ORDER BY seq').all(boardId) as DraftRow[]).map(toDraft);
  }

  async draftCounts(boardId: string): Promise<{ drafts: number; writers: number }> {
    return this.db.prepare('SELECT COUNT(*) AS drafts, COUNT(DISTINCT participant) AS writers FROM retro_drafts WHERE board_id = ?').get(boardId) as { drafts: number; writers: number };
  }

  async deleteDrafts(boardId: string, ids: readonly string[]): Promise<void> {
    const remove = this.db.prepare('DELETE FROM retro_drafts WHERE board_id = ? AND id = ?');
    this.db.transaction(() => {
      for (const id of ids) remove.run(boardId, id);
    })();
  }

  async votesOf(boardId: string, participant: string): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT item_id, votes FROM retro_votes WHERE board_id = ? AND participant = ?').all(boardId, participant) as Array<{ item_id: string; votes: number }>;
    return new Map(rows.map((row) => [row.item_id, row.votes]));
  }

  async setVotes(boardId: string, participant: string, itemId: string, votes: number, limits: { budget: number; cap: number }): Promise<string | null> {
    return this.db.transaction((): string | null => {
      const others = this.db.prepare('SELECT COALESCE(SUM(votes), 0) AS used FROM retro_votes WHERE board_id = ? AND participant = ? AND item_id <> ?').get(boardId, participant, itemId) as { used: number };
      const refusal = voteRefusal(votes, others.used, limits);
      if (refusal) return refusal;
      if (votes === 0) this.db.prepare('DELETE FROM retro_votes WHERE board_id = ? AND participant = ? AND item_id = ?').run(boardId, participant, itemId);
      else this.db.prepare('INSERT INTO retro_votes (board_id, participant, item_id, votes) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET votes = excluded.votes').run(boardId, participant, itemId, votes);
      return null;
    })();
  }

  async voteTotals(boardId: string): Promise<Map<string, number>> {
    const rows = this.db.prepare('SELECT item_id, SUM(votes) AS total FROM retro_votes WHERE board_id = ? GROUP BY item_id').all(boardId) as Array<{ item_id: string; total: number }>;
    return new Map(rows.map((row) => [row.item_id, row.total]));
  }

  async linkSeries(boardId: string, link: { planningBoardId?: string | null; previousId?: string | null }, now = Date.now()): Promise<RetroSeriesLink> {
    const current = await this.seriesOf(boardId);
    const next: RetroSeriesLink = {
      planningBoardId: link.planningBoardId === undefined ? (current?.planningBoardId ?? null) : link.planningBoardId,
      previousId: link.previousId === undefined ? (current?.previousId ?? null) : link.previousId,
      linkedAt: current?.linkedAt ?? now,
    };
    this.db
      .prepare('INSERT INTO retro_series (board_id, planning_board_id, previous_id, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT (board_id) DO UPDATE SET planning_board_id = excluded.planning_board_id, previous_id = excluded.previous_id')
      .run(boardId, next.planningBoardId, next.previousId, next.linkedAt);
    return next;
  }

  async seriesOf(boardId: string): Promise<RetroSeriesLink | null> {
    const row = this.db.prepare('SELECT planning_board_id, previous_id, linked_at FROM retro_series WHERE board_id = ?').get(boardId) as { planning_board_id: string | null; previous_id: string | null; linked_at: number } | undefined;
    return row ? { planningBoardId: row.planning_board_id, previousId: row.previous_id, linkedAt: row.linked_at } : null;
  }

  earlierRetros(boardId: string, limit = 20): Promise<string[]> {
    return walkEarlierRetros(boardId, limit, (id) => this.seriesOf(id));
  }

  async notePerspectives(boardId: string, draftIds: readonly string[]): Promise<void> {
    const read = this.db.prepare('SELECT participant, perspective FROM retro_drafts WHERE board_id = ? AND id = ?');
    const insert = this.db.prepare('INSERT OR IGNORE INTO retro_perspectives (board_id, perspective, participant) VALUES (?, ?, ?)');
    this.db.transaction(() => {
      for (const id of draftIds) {
        const row = read.get(boardId, id) as { participant: string; perspective: string | null } | undefined;
        if (!row?.perspective) continue;
        for (const side of row.perspective === 'both' ? ['product', 'engineering'] : [row.perspective]) insert.run(boardId, side, row.participant);
      }
    })();
  }

  async perspectiveCounts(boardId: string): Promise<{ product: number; engineering: number }> {
    const rows = this.db.prepare('SELECT perspective, COUNT(*) AS n FROM retro_perspectives WHERE board_id = ? GROUP BY perspective').all(boardId) as Array<{ perspective: string; n: number }>;
    const count = (side: string) => rows.find((row) => row.perspective === side)?.n ?? 0;
    return { product: count('product'), engineering: count('engineering') };
  }

  async markDone(boardId: string, phase: string, participant: string, done: boolean, name = ''): Promise<void> {
    if (done) this.db.prepare('INSERT INTO retro_done (board_id, phase, participant, name) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name').run(boardId, phase, participant, name);
    else this.db.prepare('DELETE FROM retro_done WHERE board_id = ? AND phase = ? AND participant = ?').run(boardId, phase, participant);
  }

  async isDone(boardId: string, phase: string, participant: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM retro_done WHERE board_id = ? AND phase = ? AND participant = ?').get(boardId, phase, participant) !== undefined;
  }

  async doneNames(boardId: string, phase: string): Promise<string[]> {
    const rows = this.db.prepare('SELECT name FROM retro_done WHERE board_id = ? AND phase = ? ORDER BY name').all(boardId, phase) as Array<{ name: string }>;
    return rows.map((row) => row.name || 'Anonymous');
  }

  async doneCount(boardId: string, phase: string): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM retro_done WHERE board_id = ? AND phase = ?').get(boardId, phase) as { n: number }).n;
  }

  async listDeadlines(): Promise<PhaseDeadline[]> {
    const rows = this.db.prepare('SELECT board_id, phase, at FROM retro_phase_deadlines ORDER BY at').all() as Array<{ board_id: string; phase: RetroPhase; at: number }>;
    return rows.map((row) => ({ boardId: row.board_id, phase: row.phase, at: row.at }));
  }

  async setDeadline(deadline: PhaseDeadline): Promise<void> {
    this.db
      .prepare('INSERT INTO retro_phase_deadlines (board_id, phase, at, claimed_until) VALUES (?, ?, ?, NULL) ON CONFLICT DO UPDATE SET phase = excluded.phase, at = excluded.at, claimed_until = NULL')
      .run(deadline.boardId, deadline.phase, deadline.at);
  }

  async clearDeadline(boardId: string): Promise<void> {
    this.db.prepare('DELETE FROM retro_phase_deadlines WHERE board_id = ?').run(boardId);
  }

  async claimDeadline(deadline: PhaseDeadline, now: number, leaseUntil: number): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE retro_phase_deadlines SET claimed_until = ? WHERE board_id = ? AND phase = ? AND at = ? AND (claimed_until IS NULL OR claimed_until < ?)')
      .run(leaseUntil, deadline.boardId, deadline.phase, deadline.at, now);
    return result.changes === 1;
  }

  async finishDeadline(deadline: PhaseDeadline): Promise<void> {
    this.db.prepare('DELETE FROM retro_phase_deadlines WHERE board_id = ? AND phase = ? AND at = ?').run(deadline.boardId, deadline.phase, deadline.at);
  }

  async releaseDeadline(deadline: PhaseDeadline): Promise<void> {
    this.db.prepare('UPDATE retro_phase_deadlines SET claimed_until = NULL WHERE board_id = ? AND phase = ? AND at = ?').run(deadline.boardId, deadline.phase, deadline.at);
  }

  /** The database belongs to the server (it holds the share links too); closing it is not ours. */
  async close(): Promise<void> {}
}
