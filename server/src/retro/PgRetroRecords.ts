import type { PoolClient, QueryResultRow } from 'pg';
import { newId, type RetroPhase } from '@lanewise/shared';
import { PgConnections } from '../storage/pg/PgConnections.ts';
import type { PgPoolOptions } from '../storage/pg/openPool.ts';
import { toDraft, voteRefusal, walkEarlierRetros, type DraftRow, type PhaseDeadline, type RetroRecords, type RetroSeriesLink, type StoredDraft } from './RetroRecords.ts';

export type PgRetroRecordsOptions = PgPoolOptions;

/**
 * RetroRecords in PostgreSQL (DATABASE_URL, migration steps 3 and 5), shared by every instance on the
 * database. The vote budget is checked and written in one transaction under an advisory lock of
 * the (board, participant) pair, so two instances cannot spend the same budget twice; a due
 * deadline is claimed with one conditional UPDATE, so exactly one instance closes the phase.
 * Its own small pool on the main thread (board threads never touch retro records).
 */
export class PgRetroRecords implements RetroRecords {
  /** Its own small pool, used the way PgStorage uses its own (migrated first, broken connections dropped, never a crash). */
  private readonly connections: PgConnections;

  constructor(options: PgRetroRecordsOptions) {
    this.connections = new PgConnections(options, 'lanewise-retro');
  }

  private run<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.connections.run(work);
  }

  private query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.connections.query<R>(text, values);
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return this.connections.transaction(work);
  }

  async addDraft(boardId: string, participant: string, draft: Omit<StoredDraft, 'id' | 'createdAt'>): Promise<StoredDraft> {
    // `seq` comes from the database's sequence (migration step 5): the order of writes on every instance.
    const stored: StoredDraft = { ...draft, id: newId(), createdAt: Date.now() };
    await this.query('INSERT INTO retro_drafts (id, board_id, participant, lane_id, text, perspective, author, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      stored.id,
      boardId,
      participant,
      stored.laneId,
      stored.text,
      stored.perspective,
      stored.author,
      stored.createdAt,
    ]);
    return stored;
  }

  async draftsOf(boardId: string, participant: string): Promise<StoredDraft[]> {
    return (await this.query<DraftRow>('SELECT * FROM retro_drafts WHERE board_id = $1 AND participant = $2 ORDER BY seq', [boardId, participant])).map(toDraft);
  }

  async deleteDraft(boardId: string, participant: string, draftId: string): Promise<boolean> {
    return (await this.run((client) => client.query('DELETE FROM retro_drafts WHERE board_id = $1 AND participant = $2 AND id = $3', [boardId, participant, draftId]))).rowCount === 1;
  }

  async allDrafts(boardId: string): Promise<StoredDraft[]> {
    return (await this.query<DraftRow>('SELECT * FROM retro_drafts WHERE board_id = $1 ORDER BY seq', [boardId])).map(toDraft);
  }

  async draftCounts(boardId: string): Promise<{ drafts: number; writers: number }> {
    const [row] = await this.query<{ drafts: number; writers: number }>('SELECT COUNT(*)::int AS drafts, COUNT(DISTINCT participant)::int AS writers FROM retro_drafts WHERE board_id = $1', [boardId]);
    return row ?? { drafts: 0, writers: 0 };
  }

  async deleteDrafts(boardId: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.query('DELETE FROM retro_drafts WHERE board_id = $1 AND id = ANY($2::text[])', [boardId, [...ids]]);
  }

  async votesOf(boardId: string, participant: string): Promise<Map<string, number>> {
    const rows = await this.query<{ item_id: string; votes: number }>('SELECT item_id, votes FROM retro_votes WHERE board_id = $1 AND participant = $2', [boardId, participant]);
    return new Map(rows.map((row) => [row.item_id, row.votes]));
  }

  async setVotes(boardId: string, participant: string, itemId: string, votes: number, limits: { budget: number; cap: number }): Promise<string | null> {
    return this.transaction(async (client) => {
      // One participant's votes are changed one request at a time, whichever instance serves it:
      // the sum read below cannot be outdated by a concurrent write until this transaction ends.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`lanewise retro votes ${boardId} ${participant}`]);
      const { rows } = await client.query<{ used: number }>('SELECT COALESCE(SUM(votes), 0)::int AS used FROM retro_votes WHERE board_id = $1 AND participant = $2 AND item_id <> $3', [boardId, participant, itemId]);
      const refusal = voteRefusal(votes, rows[0]?.used ?? 0, limits);
      if (refusal) return refusal;
      if (votes === 0) await client.query('DELETE FROM retro_votes WHERE board_id = $1 AND participant = $2 AND item_id = $3', [boardId, participant, itemId]);
      else await client.query('INSERT INTO retro_votes (board_id, participant, item_id, votes) VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, participant, item_id) DO UPDATE SET votes = excluded.votes', [boardId, participant, itemId, votes]);
      return null;
    });
  }

  async voteTotals(boardId: string): Promise<Map<string, number>> {
    const rows = await this.query<{ item_id: string; total: number }>('SELECT item_id, SUM(votes)::int AS total FROM retro_votes WHERE board_id = $1 GROUP BY item_id', [boardId]);
    return new Map(rows.map((row) => [row.item_id, row.total]));
  }

  async linkSeries(boardId: string, link: { planningBoardId?: string | null; previousId?: string | null }, now = Date.now()): Promise<RetroSeriesLink> {
    // Fields not given keep their stored value (COALESCE over a flag, so null can still clear one).
    const [row] = await this.query<{ planning_board_id: string | null; previous_id: string | null; linked_at: number }>(
      `INSERT INTO retro_series AS s (board_id, planning_board_id, previous_id, linked_at) VALUES ($1, $2, $4, $6)
       ON CONFLICT (board_id) DO UPDATE SET
         planning_board_id = CASE WHEN $3 THEN excluded.planning_board_id ELSE s.planning_board_id END,
         previous_id = CASE WHEN $5 THEN excluded.previous_id ELSE s.previous_id END
       RETURNING planning_board_id, previous_id, linked_at`,
      [boardId, link.planningBoardId ?? null, link.planningBoardId !== undefined, link.previousId ?? null, link.previousId !== undefined, now],
    );
    return { planningBoardId: row?.planning_board_id ?? null, previousId: row?.previous_id ?? null, linkedAt: row?.linked_at ?? now };
  }

  async seriesOf(boardId: string): Promise<RetroSeriesLink | null> {
    const [row] = await this.query<{ planning_board_id: string | null; previous_id: string | null; linked_at: number }>('SELECT planning_board_id, previous_id, linked_at FROM retro_series WHERE board_id = $1', [boardId]);
    return row ? { planningBoardId: row.planning_board_id, previousId: row.previous_id, linkedAt: row.linked_at } : null;
  }

  earlierRetros(boardId: string, limit = 20): Promise<string[]> {
    return walkEarlierRetros(boardId, limit, (id) => this.seriesOf(id));
  }

  async notePerspectives(boardId: string, draftIds: readonly string[]): Promise<void> {
    if (draftIds.length === 0) return;
    await this.query(
      `INSERT INTO retro_perspectives (board_id, perspective, participant)
       SELECT d.board_id, side, d.participant FROM retro_drafts d
       CROSS JOIN LATERAL unnest(CASE WHEN d.perspective = 'both' THEN ARRAY['product', 'engineering'] ELSE ARRAY[d.perspective] END) AS side
       WHERE d.board_id = $1 AND d.id = ANY($2::text[]) AND d.perspective IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [boardId, [...draftIds]],
    );
  }

  async perspectiveCounts(boardId: string): Promise<{ product: number; engineering: number }> {
    const rows = await this.query<{ perspective: string; n: number }>('SELECT perspective, COUNT(*)::int AS n FROM retro_perspectives WHERE board_id = $1 GROUP BY perspective', [boardId]);
    const count = (side: string) => rows.find((row) => row.perspective === side)?.n ?? 0;
    return { product: count('product'), engineering: count('engineering') };
  }

  async markDone(boardId: string, phase: string, participant: string, done: boolean, name = ''): Promise<void> {
    if (done) await this.query('INSERT INTO retro_done (board_id, phase, participant, name) VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, phase, participant) DO UPDATE SET name = excluded.name', [boardId, phase, participant, name]);
    else await this.query('DELETE FROM retro_done WHERE board_id = $1 AND phase = $2 AND participant = $3', [boardId, phase, participant]);
  }

  async isDone(boardId: string, phase: string, participant: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM retro_done WHERE board_id = $1 AND phase = $2 AND participant = $3', [boardId, phase, participant])).length > 0;
  }

  async doneNames(boardId: string, phase: string): Promise<string[]> {
    // COLLATE "C": the same order as SQLite's (byte order), whatever the database's locale.
    const rows = await this.query<{ name: string }>('SELECT name FROM retro_done WHERE board_id = $1 AND phase = $2 ORDER BY name COLLATE "C"', [boardId, phase]);
    return rows.map((row) => row.name || 'Anonymous');
  }

  async doneCount(boardId: string, phase: string): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM retro_done WHERE board_id = $1 AND phase = $2', [boardId, phase]);
    return row?.n ?? 0;
  }

  async listDeadlines(): Promise<PhaseDeadline[]> {
    const rows = await this.query<{ board_id: string; phase: RetroPhase; at: number }>('SELECT board_id, phase, at FROM retro_phase_deadlines ORDER BY at');
    return rows.map((row) => ({ boardId: row.board_id, phase: row.phase, at: row.at }));
  }

  async setDeadline(deadline: PhaseDeadline): Promise<void> {
    await this.query(
      'INSERT INTO retro_phase_deadlines (board_id, phase, at, claimed_until) VALUES ($1, $2, $3, NULL) ON CONFLICT (board_id) DO UPDATE SET phase = excluded.phase, at = excluded.at, claimed_until = NULL',
      [deadline.boardId, deadline.phase, deadline.at],
    );
  }

  async clearDeadline(boardId: string): Promise<void> {
    await this.query('DELETE FROM retro_phase_deadlines WHERE board_id = $1', [boardId]);
  }

  async claimDeadline(deadline: PhaseDeadline, now: number, leaseUntil: number): Promise<boolean> {
    // Row-locked: of two instances updating at once, the second re-reads the claimed row and matches nothing.
    const rows = await this.query(
      'UPDATE retro_phase_deadlines SET claimed_until = $4 WHERE board_id = $1 AND phase = $2 AND at = $3 AND (claimed_until IS NULL OR claimed_until < $5) RETURNING board_id',
      [deadline.boardId, deadline.phase, deadline.at, leaseUntil, now],
    );
    return rows.length === 1;
  }

  async finishDeadline(deadline: PhaseDeadline): Promise<void> {
    await this.query('DELETE FROM retro_phase_deadlines WHERE board_id = $1 AND phase = $2 AND at = $3', [deadline.boardId, deadline.phase, deadline.at]);
  }

  async releaseDeadline(deadline: PhaseDeadline): Promise<void> {
    await this.query('UPDATE retro_phase_deadlines SET claimed_until = NULL WHERE board_id = $1 AND phase = $2 AND at = $3', [deadline.boardId, deadline.phase, deadline.at]);
  }

  close(): Promise<void> {
    return this.connections.close();
  }
}
