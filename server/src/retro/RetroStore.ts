import type Database from 'better-sqlite3';
import { newId, type Perspective } from '@lanewise/shared';

/** A private card of the reflect phase, as stored: only its writer can list it before the reveal. */
export interface StoredDraft {
  readonly id: string;
  readonly laneId: string;
  readonly text: string;
  readonly perspective: Perspective | null;
  readonly author: string;
  readonly createdAt: number;
}

interface DraftRow {
  id: string;
  lane_id: string;
  text: string;
  perspective: Perspective | null;
  author: string;
  created_at: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS retro_drafts (
    id TEXT PRIMARY KEY,
    board_id TEXT NOT NULL,
    participant TEXT NOT NULL,
    lane_id TEXT NOT NULL,
    text TEXT NOT NULL,
    perspective TEXT,
    author TEXT NOT NULL,
    created_at INTEGER NOT NULL
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
`;

/** Where a retro sits in its series: the planning board it is linked to and the retro before it. */
export interface RetroSeriesLink {
  readonly planningBoardId: string | null;
  readonly previousId: string | null;
  readonly linkedAt: number;
}

const toDraft = (row: DraftRow): StoredDraft => ({ id: row.id, laneId: row.lane_id, text: row.text, perspective: row.perspective, author: row.author, createdAt: row.created_at });

/**
 * What a retro keeps out of the shared document until it may be seen: drafts (until the reveal)
 * and votes (until voting ends), per participant key (participantKey.ts), in the board database.
 * Nothing here reaches Yjs, presence, exports, snapshots or the decision log; the server reads it
 * only to answer its own writer and, at the reveal or the end of voting, to put it on the board.
 */
export class RetroStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
    // The facilitator sees who is done (names, never what they wrote); older databases lack the column.
    const columns = db.prepare('PRAGMA table_info(retro_done)').all() as Array<{ name: string }>;
    if (!columns.some((column) => column.name === 'name')) db.exec("ALTER TABLE retro_done ADD COLUMN name TEXT NOT NULL DEFAULT ''");
  }

  addDraft(boardId: string, participant: string, draft: Omit<StoredDraft, 'id' | 'createdAt'>): StoredDraft {
    const stored: StoredDraft = { ...draft, id: newId(), createdAt: Date.now() };
    this.db
      .prepare('INSERT INTO retro_drafts (id, board_id, participant, lane_id, text, perspective, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(stored.id, boardId, participant, stored.laneId, stored.text, stored.perspective, stored.author, stored.createdAt);
    return stored;
  }

  draftsOf(boardId: string, participant: string): StoredDraft[] {
    const rows = this.db.prepare('SELECT * FROM retro_drafts WHERE board_id = ? AND participant = ? ORDER BY created_at, id').all(boardId, participant) as DraftRow[];
    return rows.map(toDraft);
  }

  /** Deletes a participant's own draft; false if they have no draft with that id. */
  deleteDraft(boardId: string, participant: string, draftId: string): boolean {
    return this.db.prepare('DELETE FROM retro_drafts WHERE board_id = ? AND participant = ? AND id = ?').run(boardId, participant, draftId).changes > 0;
  }

  allDrafts(boardId: string): StoredDraft[] {
    return (this.db.prepare('SELECT * FROM retro_drafts WHERE board_id = ?').all(boardId) as DraftRow[]).map(toDraft);
  }

  /** Numbers only, for the facilitator: how many drafts, from how many people. */
  draftCounts(boardId: string): { drafts: number; writers: number } {
    const row = this.db.prepare('SELECT COUNT(*) AS drafts, COUNT(DISTINCT participant) AS writers FROM retro_drafts WHERE board_id = ?').get(boardId) as { drafts: number; writers: number };
    return row;
  }

  deleteDrafts(boardId: string, ids: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM retro_drafts WHERE board_id = ? AND id = ?');
    this.db.transaction(() => {
      for (const id of ids) remove.run(boardId, id);
    })();
  }

  votesOf(boardId: string, participant: string): Map<string, number> {
    const rows = this.db.prepare('SELECT item_id, votes FROM retro_votes WHERE board_id = ? AND participant = ?').all(boardId, participant) as Array<{ item_id: string; votes: number }>;
    return new Map(rows.map((row) => [row.item_id, row.votes]));
  }

  /**
   * Sets a participant's votes on one card, if the result stays within `budget` in all and `cap`
   * on the card; checked and written in one transaction, so two requests cannot both squeeze in.
   * Returns the refusal sentence, or null when stored.
   */
  setVotes(boardId: string, participant: string, itemId: string, votes: number, limits: { budget: number; cap: number }): string | null {
    return this.db.transaction((): string | null => {
      if (votes > limits.cap) return `At most ${limits.cap} votes on one card.`;
      const others = this.db.prepare('SELECT COALESCE(SUM(votes), 0) AS used FROM retro_votes WHERE board_id = ? AND participant = ? AND item_id <> ?').get(boardId, participant, itemId) as { used: number };
      if (others.used + votes > limits.budget) return `You have ${limits.budget} votes in all and ${limits.budget - others.used} left for this card.`;
      if (votes === 0) this.db.prepare('DELETE FROM retro_votes WHERE board_id = ? AND participant = ? AND item_id = ?').run(boardId, participant, itemId);
      else this.db.prepare('INSERT INTO retro_votes (board_id, participant, item_id, votes) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET votes = excluded.votes').run(boardId, participant, itemId, votes);
      return null;
    })();
  }

  /** Every card's total, for the end of voting. */
  voteTotals(boardId: string): Map<string, number> {
    const rows = this.db.prepare('SELECT item_id, SUM(votes) AS total FROM retro_votes WHERE board_id = ? GROUP BY item_id').all(boardId) as Array<{ item_id: string; total: number }>;
    return new Map(rows.map((row) => [row.item_id, row.total]));
  }

  /** Links a retro to a planning board and/or the retro before it (kept when not given). */
  linkSeries(boardId: string, link: { planningBoardId?: string | null; previousId?: string | null }, now = Date.now()): RetroSeriesLink {
    const current = this.seriesOf(boardId);
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

  seriesOf(boardId: string): RetroSeriesLink | null {
    const row = this.db.prepare('SELECT planning_board_id, previous_id, linked_at FROM retro_series WHERE board_id = ?').get(boardId) as { planning_board_id: string | null; previous_id: string | null; linked_at: number } | undefined;
    return row ? { planningBoardId: row.planning_board_id, previousId: row.previous_id, linkedAt: row.linked_at } : null;
  }

  /** The retros before this one in its series, newest first (at most `limit`; a cycle stops the walk). */
  earlierRetros(boardId: string, limit = 20): string[] {
    const seen = new Set([boardId]);
    const ids: string[] = [];
    let previous = this.seriesOf(boardId)?.previousId ?? null;
    while (previous !== null && !seen.has(previous) && ids.length < limit) {
      ids.push(previous);
      seen.add(previous);
      previous = this.seriesOf(previous)?.previousId ?? null;
    }
    return ids;
  }

  /**
   * At the reveal: who wrote cards of which perspective, as participant keys only (the joint
   * view counts them, never shows them). `both` counts for product and engineering.
   */
  notePerspectives(boardId: string, draftIds: readonly string[]): void {
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

  /** How many people wrote product- and engineering-tagged cards. */
  perspectiveCounts(boardId: string): { product: number; engineering: number } {
    const rows = this.db.prepare('SELECT perspective, COUNT(*) AS n FROM retro_perspectives WHERE board_id = ? GROUP BY perspective').all(boardId) as Array<{ perspective: string; n: number }>;
    const count = (side: string) => rows.find((row) => row.perspective === side)?.n ?? 0;
    return { product: count('product'), engineering: count('engineering') };
  }

  /** "I'm done" for a phase; the facilitator sees only the count. */
  markDone(boardId: string, phase: string, participant: string, done: boolean, name = ''): void {
    if (done) this.db.prepare('INSERT INTO retro_done (board_id, phase, participant, name) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET name = excluded.name').run(boardId, phase, participant, name);
    else this.db.prepare('DELETE FROM retro_done WHERE board_id = ? AND phase = ? AND participant = ?').run(boardId, phase, participant);
  }

  isDone(boardId: string, phase: string, participant: string): boolean {
    return this.db.prepare('SELECT 1 FROM retro_done WHERE board_id = ? AND phase = ? AND participant = ?').get(boardId, phase, participant) !== undefined;
  }

  /** The names of those done with a phase (as their links name them), sorted; for the facilitator. */
  doneNames(boardId: string, phase: string): string[] {
    const rows = this.db.prepare('SELECT name FROM retro_done WHERE board_id = ? AND phase = ? ORDER BY name').all(boardId, phase) as Array<{ name: string }>;
    return rows.map((row) => row.name || 'Anonymous');
  }

  doneCount(boardId: string, phase: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM retro_done WHERE board_id = ? AND phase = ?').get(boardId, phase) as { n: number }).n;
  }
}
