import { createHmac, timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';

/** Why an anchor was signed. */
export type AnchorReason = 'snapshot' | 'export';

/**
 * The head of a board's decision chain at one moment, signed with a key derived from the server's
 * secret. The hash chain alone shows an edited row, but someone who can write the database can
 * recompute every hash after their edit; they cannot recompute this signature without the secret.
 */
export interface DecisionAnchor {
  readonly boardId: string;
  /** The entry whose hash is signed (the chain's head when the anchor was made). */
  readonly seq: number;
  readonly hash: string;
  readonly signedAt: number;
  readonly reason: AnchorReason;
  /** HMAC-SHA256, hex. */
  readonly mac: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS board_decision_anchors (
    board_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    signed_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    mac TEXT NOT NULL,
    PRIMARY KEY (board_id, seq)
  ) WITHOUT ROWID;
  CREATE TRIGGER IF NOT EXISTS board_decision_anchors_no_update BEFORE UPDATE ON board_decision_anchors
    BEGIN SELECT RAISE(ABORT, 'decision anchors are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS board_decision_anchors_no_delete BEFORE DELETE ON board_decision_anchors
    BEGIN SELECT RAISE(ABORT, 'decision anchors are append-only'); END;
`;

interface AnchorRow {
  board_id: string;
  seq: number;
  hash: string;
  signed_at: number;
  reason: AnchorReason;
  mac: string;
}

const toAnchor = (row: AnchorRow): DecisionAnchor => ({ boardId: row.board_id, seq: row.seq, hash: row.hash, signedAt: row.signed_at, reason: row.reason, mac: row.mac });

/** Signs and checks anchors. The key is derived from the server secret, so it signs nothing else. */
export class AnchorSigner {
  private readonly key: Buffer;

  constructor(secret: Uint8Array) {
    this.key = createHmac('sha256', secret).update('lanewise decision-log anchor key v1').digest();
  }

  mac(anchor: Omit<DecisionAnchor, 'mac'>): string {
    return createHmac('sha256', this.key).update(`lanewise-anchor-v1\n${anchor.boardId}\n${anchor.seq}\n${anchor.hash}\n${anchor.signedAt}\n${anchor.reason}`).digest('hex');
  }

  holds(anchor: DecisionAnchor): boolean {
    const expected = Buffer.from(this.mac(anchor), 'hex');
    const given = Buffer.from(/^[0-9a-f]{64}$/.test(anchor.mac) ? anchor.mac : '', 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Signed anchors of decision chains, in the board database; append-only like the log. */
export class SqliteDecisionAnchors {
  private readonly statements;

  constructor(
    db: Database.Database,
    readonly signer: AnchorSigner,
  ) {
    db.exec(SCHEMA);
    this.statements = {
      insert: db.prepare('INSERT INTO board_decision_anchors (board_id, seq, hash, signed_at, reason, mac) VALUES (?, ?, ?, ?, ?, ?)'),
      latest: db.prepare<[string], AnchorRow>('SELECT * FROM board_decision_anchors WHERE board_id = ? ORDER BY seq DESC LIMIT 1'),
      after: db.prepare<[string, number], AnchorRow>('SELECT * FROM board_decision_anchors WHERE board_id = ? AND seq > ? ORDER BY seq'),
      at: db.prepare<[string, number], AnchorRow>('SELECT * FROM board_decision_anchors WHERE board_id = ? AND seq = ?'),
    };
  }

  /** Signs the chain head unless it is already signed; returns the newest anchor (null for an empty log). */
  sign(boardId: string, head: { seq: number; hash: string } | null, reason: AnchorReason, now = Date.now()): DecisionAnchor | null {
    const latest = this.latest(boardId);
    if (!head || head.seq === 0 || (latest && latest.seq >= head.seq)) return latest;
    const unsigned = { boardId, seq: head.seq, hash: head.hash, signedAt: now, reason };
    const anchor: DecisionAnchor = { ...unsigned, mac: this.signer.mac(unsigned) };
    this.statements.insert.run(boardId, anchor.seq, anchor.hash, anchor.signedAt, anchor.reason, anchor.mac);
    return anchor;
  }

  latest(boardId: string): DecisionAnchor | null {
    const row = this.statements.latest.get(boardId);
    return row ? toAnchor(row) : null;
  }

  at(boardId: string, seq: number): DecisionAnchor | null {
    const row = this.statements.at.get(boardId, seq);
    return row ? toAnchor(row) : null;
  }

  /** Anchors with seq greater than `afterSeq`, oldest first. */
  after(boardId: string, afterSeq: number): DecisionAnchor[] {
    return this.statements.after.all(boardId, afterSeq).map(toAnchor);
  }
}
