import type { PoolClient } from 'pg';
import { inTransaction } from './inTransaction.ts';

/**
 * The PostgreSQL schema, one numbered step each. A database records the steps it has
 * (`lanewise_migrations`); opening it applies the missing ones in order, in one transaction,
 * under an advisory lock so that several instances starting at once apply each step once.
 * Never edit a released step: add the next one.
 */
export const PG_MIGRATIONS: ReadonlyArray<{ readonly version: number; readonly name: string; readonly sql: string }> = [
  {
    version: 1,
    name: 'boards, update log, compacted state, decision log, anchors, snapshots',
    sql: `
      CREATE TABLE boards (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        template TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        -- Sequence number of the board's last update: raised under the row lock by each append,
        -- so the log has one gap-free sequence whichever instance writes.
        last_seq BIGINT NOT NULL DEFAULT 0
      );
      CREATE TABLE board_updates (
        board_id TEXT NOT NULL REFERENCES boards(id),
        seq BIGINT NOT NULL,
        data BYTEA NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
      CREATE TABLE board_compacted (
        board_id TEXT PRIMARY KEY REFERENCES boards(id),
        data BYTEA NOT NULL,
        upto_seq BIGINT NOT NULL,
        created_at BIGINT NOT NULL,
        state_vector BYTEA,
        schema_version INTEGER,
        checksum TEXT,
        -- Raised by every compaction: a compaction made from an older state than the stored one is refused.
        epoch BIGINT NOT NULL DEFAULT 1
      );
      CREATE TABLE board_decision_heads (
        board_id TEXT PRIMARY KEY,
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TABLE board_decisions (
        board_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        at BIGINT NOT NULL,
        action TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        item_id TEXT,
        body TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
      CREATE INDEX board_decisions_item ON board_decisions (board_id, item_id);
      CREATE TABLE board_decision_anchors (
        board_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        hash TEXT NOT NULL,
        signed_at BIGINT NOT NULL,
        reason TEXT NOT NULL,
        mac TEXT NOT NULL,
        PRIMARY KEY (board_id, seq)
      );
      CREATE FUNCTION lanewise_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
      CREATE TRIGGER board_decisions_append_only BEFORE UPDATE OR DELETE ON board_decisions
        FOR EACH ROW EXECUTE FUNCTION lanewise_append_only();
      CREATE TRIGGER board_decision_anchors_append_only BEFORE UPDATE OR DELETE ON board_decision_anchors
        FOR EACH ROW EXECUTE FUNCTION lanewise_append_only();
      CREATE TABLE board_named_snapshots (
        ord BIGSERIAL,
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        created_by TEXT NOT NULL,
        decision_seq BIGINT NOT NULL,
        data BYTEA NOT NULL
      );
      CREATE INDEX board_named_snapshots_board ON board_named_snapshots (board_id, created_at);
    `,
  },
  {
    version: 3,
    name: 'retro drafts, votes, done names, series, perspectives and phase deadlines',
    // What SqliteRetroRecords keeps in DATA_DIR, here so that every instance on the database shares it.
    sql: `
      CREATE TABLE retro_drafts (
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL,
        participant TEXT NOT NULL,
        lane_id TEXT NOT NULL,
        text TEXT NOT NULL,
        perspective TEXT,
        author TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX retro_drafts_participant ON retro_drafts (board_id, participant);
      CREATE TABLE retro_votes (
        board_id TEXT NOT NULL,
        participant TEXT NOT NULL,
        item_id TEXT NOT NULL,
        votes INTEGER NOT NULL,
        PRIMARY KEY (board_id, participant, item_id)
      );
      CREATE TABLE retro_done (
        board_id TEXT NOT NULL,
        phase TEXT NOT NULL,
        participant TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (board_id, phase, participant)
      );
      CREATE TABLE retro_series (
        board_id TEXT PRIMARY KEY,
        planning_board_id TEXT,
        previous_id TEXT,
        linked_at BIGINT NOT NULL
      );
      CREATE INDEX retro_series_previous ON retro_series (previous_id);
      CREATE TABLE retro_perspectives (
        board_id TEXT NOT NULL,
        perspective TEXT NOT NULL,
        participant TEXT NOT NULL,
        PRIMARY KEY (board_id, perspective, participant)
      );
      CREATE TABLE retro_phase_deadlines (
        board_id TEXT PRIMARY KEY,
        phase TEXT NOT NULL,
        at BIGINT NOT NULL,
        -- Set by the instance closing the phase (claimDeadline); a lapsed claim can be taken over.
        claimed_until BIGINT
      );
    `,
  },
  {
    version: 4,
    name: 'share links and sync tickets shared by every instance',
    sql: `
      CREATE TABLE board_link_versions (
        board_id TEXT NOT NULL,
        role TEXT NOT NULL,
        version INTEGER NOT NULL,
        rotated_at BIGINT NOT NULL,
        PRIMARY KEY (board_id, role)
      );
      CREATE TABLE board_personal_links (
        id TEXT PRIMARY KEY,
        board_id TEXT NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        revoked_at BIGINT
      );
      CREATE INDEX board_personal_links_board ON board_personal_links (board_id, created_at);
      -- Connection tickets (SHA-256 digests as keys): redeemed once by whichever instance the socket reaches.
      CREATE TABLE sync_tickets (
        key TEXT PRIMARY KEY,
        grant_json TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX sync_tickets_expiry ON sync_tickets (expires_at);
    `,
  },
  {
    version: 5,
    name: 'retro drafts listed in the order they were written',
    // Two drafts saved in the same millisecond were ordered by their random ids (DECISIONS 145).
    // Existing drafts are numbered by created_at (then id), the order they were listed in until now.
    sql: `
      CREATE SEQUENCE retro_drafts_seq_seq AS BIGINT;
      ALTER TABLE retro_drafts ADD COLUMN seq BIGINT;
      UPDATE retro_drafts AS d SET seq = ordered.n
        FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM retro_drafts) AS ordered
        WHERE d.id = ordered.id;
      SELECT setval('retro_drafts_seq_seq', COALESCE((SELECT MAX(seq) FROM retro_drafts), 0) + 1, false);
      ALTER TABLE retro_drafts ALTER COLUMN seq SET DEFAULT nextval('retro_drafts_seq_seq'), ALTER COLUMN seq SET NOT NULL;
      ALTER SEQUENCE retro_drafts_seq_seq OWNED BY retro_drafts.seq;
      CREATE INDEX retro_drafts_seq ON retro_drafts (board_id, participant, seq);
    `,
  },
];

/** Applies the missing steps; several processes may call it at once (advisory lock). */
export function migrate(client: PoolClient, schema = 'public'): Promise<number> {
  return inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('lanewise migrations'))");
    // Under the lock: two instances creating the same schema at once would collide.
    if (schema !== 'public') await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('CREATE TABLE IF NOT EXISTS lanewise_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM lanewise_migrations');
    const applied = new Set(rows.map((row) => row.version));
    let count = 0;
    for (const step of PG_MIGRATIONS) {
      if (applied.has(step.version)) continue;
      await client.query(step.sql);
      await client.query('INSERT INTO lanewise_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      count++;
    }
    return count;
  });
}
