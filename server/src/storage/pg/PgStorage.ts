import type { PoolClient, QueryResultRow } from 'pg';
import * as Y from 'yjs';
import { newId } from '@lanewise/shared';
import { ChainVerifier, type ChainRow } from '../../decisions/ChainVerifier.ts';
import { AnchorSigner, type AnchorReason, type DecisionAnchor } from '../../decisions/DecisionAnchors.ts';
import { chainHash, entryBody, GENESIS_HASH, type DecisionDraft, type DecisionEntry } from '../../decisions/DecisionEntry.ts';
import type { DecisionQuery } from '../../decisions/SqliteDecisionLog.ts';
import { isAutomatic, type SnapshotRetention } from '../../snapshots/SnapshotRetention.ts';
import { snapshotSummaryOf, type SnapshotRow, type SnapshotSummary, type StoredSnapshot } from '../../snapshots/SqliteSnapshotStore.ts';
import type {
  AppendedUpdate,
  BoardStorage,
  BoardSummary,
  DecisionLog,
  NewBoardOptions,
  SnapshotStore,
  StoredBoard,
  StoredUpdate,
  UpdateAppend,
  ValidatedState,
} from '../BoardStorage.ts';
import { snapshotChecksum } from '../snapshotChecksum.ts';
import { PgConnections } from './PgConnections.ts';

export { DatabaseUnreachableError, describeDatabaseUrl } from './PgConnections.ts';

type Client = PoolClient;

interface BoardRow {
  id: string;
  title: string;
  template: string;
  created_at: number;
  updated_at: number;
}

interface DecisionRow extends ChainRow {
  board_id: string;
  /** The row version's transaction id: changes when anyone rewrites the row. */
  xmin?: string;
}

interface AnchorRow {
  board_id: string;
  seq: number;
  hash: string;
  signed_at: number;
  reason: AnchorReason;
  mac: string;
}

const toSummary = (row: BoardRow): BoardSummary => ({ id: row.id, title: row.title, template: row.template, createdAt: row.created_at, updatedAt: row.updated_at });
const asBytes = (buffer: Buffer): Uint8Array => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const toAnchor = (row: AnchorRow): DecisionAnchor => ({ boardId: row.board_id, seq: row.seq, hash: row.hash, signedAt: row.signed_at, reason: row.reason, mac: row.mac });
const toEntry = (row: DecisionRow): DecisionEntry => {
  const body = JSON.parse(row.body) as DecisionDraft & { boardId: string; seq: number };
  return { ...body, prevHash: row.prev_hash, hash: row.hash };
};

/** A compaction lost to a newer one (another instance compacted the board further meanwhile). */
export class StaleCompactionError extends Error {
  override readonly name = 'StaleCompactionError';
}

export interface PgStorageOptions {
  /** `postgres://user@host:port/database` (DATABASE_URL). */
  readonly url: string;
  /** Schema holding Lanewise's tables (created if missing); default `public`. */
  readonly schema?: string;
  readonly snapshotRetention?: SnapshotRetention;
  /** The server secret: decision-log heads are signed with a key derived from it at every snapshot and export. */
  readonly anchorSecret?: Uint8Array;
  /** Connections this process keeps open at most (per thread). */
  readonly maxConnections?: number;
}

/**
 * Boards in PostgreSQL (DATABASE_URL), for installations that run several Lanewise instances on
 * one database. Same semantics as SqliteStorage: every method completes durably or rejects; an
 * update's sequence number and its decision entries are allotted under the board's row lock in the
 * transaction that stores them, so the log has one gap-free sequence and the decision chain one
 * head whichever instance (or thread) writes; a compaction is fenced: it is stored only if it
 * reaches further than the stored one (its epoch is raised), so a stale instance cannot overwrite
 * a newer compacted state.
 */
export class PgStorage implements BoardStorage {
  readonly decisions: DecisionLog;
  readonly snapshots: SnapshotStore;
  readonly where: string;
  /** The pool, its schema migrated on first use, broken connections dropped (shared with PgRetroRecords). */
  private readonly connections: PgConnections;
  private readonly signer: AnchorSigner | null;
  /** Rows read ahead for the synchronous ChainVerifier (filled before each `verify`). */
  private readonly readAhead = { rows: [] as DecisionRow[], anchors: [] as DecisionAnchor[] };
  private readonly verifier: ChainVerifier;
  /** Per board: the last verified prefix's length and its rows' versions (xmin), to notice rewrites of it. */
  private readonly verifiedVersions = new Map<string, { seq: number; versions: string }>();
  /** Rewrites of a verified prefix noticed so far (ChainVerifier's `outsideWrites`). */
  private outsideWrites = 0;

  constructor(private readonly options: PgStorageOptions) {
    this.connections = new PgConnections(options, 'lanewise');
    this.where = this.connections.where;
    this.signer = options.anchorSecret ? new AnchorSigner(options.anchorSecret) : null;
    const readAhead = this.readAhead;
    this.verifier = new ChainVerifier(
      {
        after: (_boardId, afterSeq) => readAhead.rows.filter((row) => row.seq > afterSeq),
        hashAt: (_boardId, seq) => readAhead.rows.find((row) => row.seq === seq)?.hash,
        // A verified row whose version (xmin) changed was rewritten by someone: walk the whole log again.
        outsideWrites: () => this.outsideWrites,
      },
      this.signer
        ? {
            signer: this.signer,
            at: (_boardId, seq) => readAhead.anchors.find((anchor) => anchor.seq === seq) ?? null,
            after: (_boardId, afterSeq) => readAhead.anchors.filter((anchor) => anchor.seq > afterSeq),
          }
        : null,
    );
    this.decisions = {
      list: (boardId, query) => this.listDecisions(boardId, query),
      verify: (boardId, verifyOptions) => this.verifyDecisions(boardId, verifyOptions),
      append: (boardId, drafts) => this.transaction(async (client) => (await this.lockHeads(client, [boardId]), this.appendDecisions(client, boardId, drafts))),
      signHead: (boardId, reason, now) => this.transaction((client) => this.signHeadWithin(client, boardId, reason, now)),
    };
    this.snapshots = {
      save: (input) => this.saveSnapshot(input),
      list: async (boardId) => (await this.query<SnapshotRow>('SELECT id, board_id, name, kind, created_at, created_by, decision_seq FROM board_named_snapshots WHERE board_id = $1 ORDER BY created_at, ord', [boardId])).map(snapshotSummaryOf),
      get: async (boardId, snapshotId) => {
        const [row] = await this.query<SnapshotRow>('SELECT * FROM board_named_snapshots WHERE board_id = $1 AND id = $2', [boardId, snapshotId]);
        return row?.data ? { ...snapshotSummaryOf(row), data: asBytes(row.data) } : undefined;
      },
      pruneExpired: async (now) => {
        const maxAgeMs = this.options.snapshotRetention?.maxAgeMs ?? null;
        if (maxAgeMs === null) return 0;
        const result = await this.run((client) => client.query(`DELETE FROM board_named_snapshots WHERE kind != 'manual' AND created_at < $1`, [now - maxAgeMs]));
        const removed = result.rowCount ?? 0;
        if (removed > 0) this.options.snapshotRetention?.onPruned?.(null, removed);
        return removed;
      },
    };
  }

  /** One statement on this storage's pool, in its schema (share links and tickets use it). */
  async sql<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.query<R>(text, values);
  }

  /** Whether the database answers now (readiness). */
  async ping(): Promise<boolean> {
    try {
      await this.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private run<T>(work: (client: Client) => Promise<T>): Promise<T> {
    return this.connections.run(work);
  }

  private query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.connections.query<R>(text, values);
  }

  private transaction<T>(work: (client: Client) => Promise<T>, isolation = ''): Promise<T> {
    return this.connections.transaction(work, `BEGIN${isolation}`);
  }

  async createBoard(summary: BoardSummary, initialState: Uint8Array, { validated, history }: NewBoardOptions = {}): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('INSERT INTO boards (id, title, template, created_at, updated_at, last_seq) VALUES ($1, $2, $3, $4, $5, $6)', [
        summary.id,
        summary.title,
        summary.template,
        summary.createdAt,
        summary.updatedAt,
        validated ? 0 : 1,
      ]);
      if (validated) await this.writeCompacted(client, summary.id, validated, 0, summary.createdAt);
      else await client.query('INSERT INTO board_updates (board_id, seq, data) VALUES ($1, 1, $2)', [summary.id, initialState]);
      const decisions = history?.decisions ?? [];
      if (decisions.length > 0) {
        await this.lockHeads(client, [summary.id]);
        await this.appendDecisions(client, summary.id, decisions);
      }
      for (const snapshot of history?.snapshots ?? []) await this.insertSnapshot(client, { ...snapshot, boardId: summary.id });
    });
  }

  async loadBoard(boardId: string): Promise<StoredBoard | null> {
    return this.transaction(async (client) => {
      const board = (await client.query<BoardRow & { last_seq: number }>('SELECT * FROM boards WHERE id = $1', [boardId])).rows[0];
      if (!board) return null;
      const compacted = (await client.query<{ data: Buffer; upto_seq: number; state_vector: Buffer | null; schema_version: number | null; checksum: string | null }>(
        'SELECT data, upto_seq, state_vector, schema_version, checksum FROM board_compacted WHERE board_id = $1',
        [boardId],
      )).rows[0];
      const uptoSeq = compacted?.upto_seq ?? 0;
      const updates = (await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [boardId, uptoSeq])).rows.map((row) => ({
        seq: row.seq,
        data: asBytes(row.data),
      }));
      return {
        summary: toSummary(board),
        snapshot: compacted
          ? {
              data: asBytes(compacted.data),
              uptoSeq,
              stateVector: compacted.state_vector ? asBytes(compacted.state_vector) : null,
              schemaVersion: compacted.schema_version,
              checksum: compacted.checksum,
            }
          : null,
        updates,
        lastSeq: updates.at(-1)?.seq ?? uptoSeq,
      };
    }, ' ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async loadBoardSummary(boardId: string): Promise<BoardSummary | null> {
    const [row] = await this.query<BoardRow>('SELECT id, title, template, created_at, updated_at FROM boards WHERE id = $1', [boardId]);
    return row ? toSummary(row) : null;
  }

  async listBoards(): Promise<BoardSummary[]> {
    return (await this.query<BoardRow>('SELECT id, title, template, created_at, updated_at FROM boards ORDER BY updated_at DESC')).map(toSummary);
  }

  async appendUpdates(appends: readonly UpdateAppend[]): Promise<AppendedUpdate[]> {
    if (appends.length === 0) return [];
    return this.transaction(async (client) => {
      const boardIds = [...new Set(appends.map((append) => append.boardId))].sort();
      // Row locks in one order (no deadlock between instances writing the same boards).
      const locked = await client.query<{ id: string }>('SELECT id FROM boards WHERE id = ANY($1) ORDER BY id FOR UPDATE', [boardIds]);
      if (locked.rowCount !== boardIds.length) throw new Error(`board ${boardIds.find((id) => !locked.rows.some((row) => row.id === id))} does not exist`);
      if (appends.some((append) => append.decisions.length > 0)) await this.lockHeads(client, boardIds);
      const now = Date.now();
      const results: AppendedUpdate[] = [];
      for (const append of appends) {
        const { rows } = await client.query<{ last_seq: number }>(
          'UPDATE boards SET last_seq = last_seq + 1, updated_at = $2, title = COALESCE($3, title) WHERE id = $1 RETURNING last_seq',
          [append.boardId, now, append.title ?? null],
        );
        const seq = (rows[0] as { last_seq: number }).last_seq;
        await client.query('INSERT INTO board_updates (board_id, seq, data) VALUES ($1, $2, $3)', [append.boardId, seq, append.update]);
        const decisions = await this.appendDecisions(client, append.boardId, append.decisions);
        if (append.snapshot) {
          // A restore's "before restore" state, in the same transaction as the restore and its entries.
          await this.insertSnapshot(client, { ...append.snapshot, boardId: append.boardId, decisionSeq: decisions[0]?.seq ?? 0 });
          await this.signHeadWithin(client, append.boardId, 'snapshot', append.snapshot.createdAt);
        }
        results.push({ seq, decisions });
      }
      return results;
    });
  }

  /** One update, for callers outside the update pipeline (tests, tools). */
  async appendUpdate(boardId: string, update: Uint8Array, options: { title?: string; decisions?: readonly DecisionDraft[] } = {}): Promise<AppendedUpdate> {
    const [result] = await this.appendUpdates([{ boardId, update, decisions: options.decisions ?? [], ...(options.title !== undefined ? { title: options.title } : {}) }]);
    return result as AppendedUpdate;
  }

  async updatesAfter(boardId: string, seq: number): Promise<StoredUpdate[] | null> {
    return this.transaction(async (client) => {
      const compacted = (await client.query<{ upto_seq: number }>('SELECT upto_seq FROM board_compacted WHERE board_id = $1', [boardId])).rows[0];
      if (seq < (compacted?.upto_seq ?? 0)) return null;
      const { rows } = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = $1 AND seq > $2 ORDER BY seq', [boardId, seq]);
      return rows.map((row) => ({ seq: row.seq, data: asBytes(row.data) }));
    }, ' ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  /**
   * Replaces the compacted state and drops the log up to `uptoSeq`, unless the stored compacted
   * state already reaches as far (another instance compacted meanwhile): then StaleCompactionError,
   * and nothing is written.
   */
  async compact(boardId: string, state: ValidatedState, uptoSeq: number): Promise<void> {
    await this.transaction(async (client) => {
      // Every update folded away must be in the state (its state vector covers it): a process whose
      // document missed an update another one stored cannot drop that update from the log.
      const folded = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM board_updates WHERE board_id = $1 AND seq <= $2 ORDER BY seq', [boardId, uptoSeq]);
      const covered = Y.decodeStateVector(state.stateVector);
      const missing = folded.rows.find((row) => [...Y.parseUpdateMeta(row.data).to].some(([clientId, clock]) => (covered.get(clientId) ?? 0) < clock));
      if (missing) throw new StaleCompactionError(`board ${boardId}: the compacted state lacks update ${missing.seq}; the log is kept`);
      if (!(await this.writeCompacted(client, boardId, state, uptoSeq, Date.now()))) {
        throw new StaleCompactionError(`board ${boardId}: a compaction up to update ${uptoSeq} lost to one that reaches further`);
      }
      await client.query('DELETE FROM board_updates WHERE board_id = $1 AND seq <= $2', [boardId, uptoSeq]);
    });
  }

  /** The compacted state's epoch (raised by each compaction); 0 before the first. */
  async compactionEpoch(boardId: string): Promise<number> {
    const [row] = await this.query<{ epoch: number }>('SELECT epoch FROM board_compacted WHERE board_id = $1', [boardId]);
    return row?.epoch ?? 0;
  }

  async pendingUpdateCount(boardId: string): Promise<number> {
    const [row] = await this.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM board_updates WHERE board_id = $1', [boardId]);
    return row?.n ?? 0;
  }

  close(): Promise<void> {
    return this.connections.close();
  }

  /** Writes the compacted state if it reaches further than the stored one (or none is stored); says whether it did. */
  private async writeCompacted(client: Client, boardId: string, state: ValidatedState, uptoSeq: number, at: number): Promise<boolean> {
    const checksum = state.schemaVersion === null ? null : snapshotChecksum(state.data);
    const result = await client.query(
      `INSERT INTO board_compacted (board_id, data, upto_seq, created_at, state_vector, schema_version, checksum) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (board_id) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq, created_at = excluded.created_at,
         state_vector = excluded.state_vector, schema_version = excluded.schema_version, checksum = excluded.checksum, epoch = board_compacted.epoch + 1
       WHERE board_compacted.upto_seq < excluded.upto_seq OR (board_compacted.upto_seq = 0 AND excluded.upto_seq = 0)`,
      [boardId, state.data, uptoSeq, at, state.stateVector, state.schemaVersion, checksum],
    );
    return (result.rowCount ?? 0) > 0;
  }

  /** Creates and row-locks the decision-chain heads of these boards (in one order). */
  private async lockHeads(client: Client, boardIds: readonly string[]): Promise<void> {
    const sorted = [...boardIds].sort();
    await client.query('INSERT INTO board_decision_heads (board_id, seq, hash) SELECT unnest($1::text[]), 0, $2 ON CONFLICT (board_id) DO NOTHING', [sorted, GENESIS_HASH]);
    await client.query('SELECT board_id FROM board_decision_heads WHERE board_id = ANY($1) ORDER BY board_id FOR UPDATE', [sorted]);
  }

  /** Appends decision entries after the chain head (locked by `lockHeads` in this transaction). */
  private async appendDecisions(client: Client, boardId: string, drafts: readonly DecisionDraft[]): Promise<DecisionEntry[]> {
    if (drafts.length === 0) return [];
    const { rows } = await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM board_decision_heads WHERE board_id = $1', [boardId]);
    let head = rows[0] ?? { seq: 0, hash: GENESIS_HASH };
    const entries: DecisionEntry[] = [];
    const columns: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const draft of drafts) {
      const seq = head.seq + 1;
      const body = entryBody(boardId, seq, draft);
      const hash = chainHash(head.hash, body);
      [seq, draft.at, draft.action, draft.actor.name, draft.item?.id ?? null, body, head.hash, hash].forEach((value, index) => columns[index]?.push(value));
      entries.push({ boardId, seq, ...draft, prevHash: head.hash, hash });
      head = { seq, hash };
    }
    await client.query(
      `INSERT INTO board_decisions (board_id, seq, at, action, actor_name, item_id, body, prev_hash, hash)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
      [boardId, ...columns],
    );
    await client.query('UPDATE board_decision_heads SET seq = $2, hash = $3 WHERE board_id = $1', [boardId, head.seq, head.hash]);
    return entries;
  }

  private async listDecisions(boardId: string, query: DecisionQuery = {}): Promise<DecisionEntry[]> {
    const where = ['board_id = $1'];
    const params: Array<string | number> = [boardId];
    const add = (clause: string, value: string | number) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.itemId !== undefined) add('item_id = ?', query.itemId);
    if (query.actor !== undefined) add('actor_name = ?', query.actor);
    if (query.sinceTime !== undefined) add('at >= ?', query.sinceTime);
    if (query.afterSeq !== undefined) add('seq > ?', query.afterSeq);
    if (query.beforeSeq !== undefined) add('seq < ?', query.beforeSeq);
    const order = query.order === 'asc' ? 'ASC' : 'DESC';
    const limit = Math.min(Math.max(query.limit ?? 100, 1), 10_000);
    return (await this.query<DecisionRow>(`SELECT * FROM board_decisions WHERE ${where.join(' AND ')} ORDER BY seq ${order} LIMIT ${limit}`, params)).map(toEntry);
  }

  /** Reads the board's chain and anchors in one snapshot, then checks them (ChainVerifier). */
  private async verifyDecisions(boardId: string, options: { full?: boolean } = {}) {
    const { rows, anchors } = await this.transaction(async (client) => ({
      rows: (await client.query<DecisionRow>('SELECT *, xmin::text AS xmin FROM board_decisions WHERE board_id = $1 ORDER BY seq', [boardId])).rows,
      anchors: (await client.query<AnchorRow>('SELECT * FROM board_decision_anchors WHERE board_id = $1 ORDER BY seq', [boardId])).rows.map(toAnchor),
    }), ' ISOLATION LEVEL REPEATABLE READ READ ONLY');
    this.readAhead.rows = rows;
    this.readAhead.anchors = anchors;
    const versionsUpTo = (seq: number) => rows.filter((row) => row.seq <= seq).map((row) => `${row.seq}:${row.xmin}`).join(',');
    const before = this.verifiedVersions.get(boardId);
    if (before && versionsUpTo(before.seq) !== before.versions) this.outsideWrites++;
    try {
      const result = this.verifier.verify(boardId, options);
      if (result.ok) this.verifiedVersions.set(boardId, { seq: result.checked, versions: versionsUpTo(result.checked) });
      else this.verifiedVersions.delete(boardId);
      return result;
    } finally {
      this.readAhead.rows = [];
      this.readAhead.anchors = [];
    }
  }

  /** Signs the chain head (read from the database) unless it is signed already; the newest anchor. */
  private async signHeadWithin(client: Client, boardId: string, reason: AnchorReason, now = Date.now()): Promise<DecisionAnchor | null> {
    if (!this.signer) return null;
    const latestRow = (await client.query<AnchorRow>('SELECT * FROM board_decision_anchors WHERE board_id = $1 ORDER BY seq DESC LIMIT 1', [boardId])).rows[0];
    const latest = latestRow ? toAnchor(latestRow) : null;
    const head = (await client.query<{ seq: number; hash: string }>('SELECT seq, hash FROM board_decisions WHERE board_id = $1 ORDER BY seq DESC LIMIT 1', [boardId])).rows[0];
    if (!head || head.seq === 0 || (latest && latest.seq >= head.seq)) return latest;
    const unsigned = { boardId, seq: head.seq, hash: head.hash, signedAt: now, reason };
    const anchor: DecisionAnchor = { ...unsigned, mac: this.signer.mac(unsigned) };
    // Two instances signing the same head at once: the first row stands.
    await client.query('INSERT INTO board_decision_anchors (board_id, seq, hash, signed_at, reason, mac) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
      boardId,
      anchor.seq,
      anchor.hash,
      anchor.signedAt,
      anchor.reason,
      anchor.mac,
    ]);
    return anchor;
  }

  private async insertSnapshot(client: Client, input: Omit<StoredSnapshot, 'id' | 'createdAt'> & { id?: string; createdAt?: number }): Promise<SnapshotSummary> {
    const id = input.id ?? newId(12);
    const createdAt = input.createdAt ?? Date.now();
    const summary: SnapshotSummary = { id, boardId: input.boardId, name: input.name, kind: input.kind, createdAt, createdBy: input.createdBy, decisionSeq: input.decisionSeq };
    await client.query('INSERT INTO board_named_snapshots (id, board_id, name, kind, created_at, created_by, decision_seq, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      id,
      input.boardId,
      input.name,
      input.kind,
      createdAt,
      JSON.stringify(input.createdBy),
      input.decisionSeq,
      input.data,
    ]);
    return summary;
  }

  private async saveSnapshot(input: Omit<StoredSnapshot, 'id' | 'createdAt'> & { createdAt?: number }): Promise<SnapshotSummary> {
    const retention = this.options.snapshotRetention ?? null;
    const { summary, pruned } = await this.transaction(async (client) => {
      const summary = await this.insertSnapshot(client, input);
      await this.signHeadWithin(client, summary.boardId, 'snapshot', summary.createdAt);
      if (!retention || !isAutomatic(input.kind)) return { summary, pruned: 0 };
      const { keep, maxAgeMs } = retention;
      const result = await client.query(
        `DELETE FROM board_named_snapshots WHERE board_id = $1 AND kind != 'manual' AND (created_at < $2 OR id IN (
           SELECT id FROM board_named_snapshots WHERE board_id = $1 AND kind != 'manual' ORDER BY created_at DESC, ord DESC OFFSET $3))`,
        [input.boardId, maxAgeMs === null ? Number.MIN_SAFE_INTEGER : summary.createdAt - maxAgeMs, keep],
      );
      return { summary, pruned: result.rowCount ?? 0 };
    });
    if (pruned > 0) retention?.onPruned?.(input.boardId, pruned);
    return summary;
  }
}
