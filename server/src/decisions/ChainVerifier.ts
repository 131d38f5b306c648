import { chainHash, GENESIS_HASH } from './DecisionEntry.ts';
import type { AnchorSigner, DecisionAnchor } from './DecisionAnchors.ts';

/** What verification reads of the signed anchors (SqliteDecisionAnchors, or rows read ahead from PostgreSQL). */
export interface AnchorRows {
  readonly signer: AnchorSigner;
  at(boardId: string, seq: number): DecisionAnchor | null;
  after(boardId: string, afterSeq: number): DecisionAnchor[];
}

/** What verification reads of one stored entry. */
export interface ChainRow {
  readonly seq: number;
  readonly at: number;
  readonly action: string;
  readonly actor_name: string;
  readonly item_id: string | null;
  readonly body: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** How verification reads the log: the rows after a position, and one row's stored hash. */
export interface ChainRows {
  after(boardId: string, afterSeq: number): Iterable<ChainRow>;
  hashAt(boardId: string, seq: number): string | undefined;
  /**
   * A number that changes whenever a database connection other than the server's own commits
   * (SQLite `PRAGMA data_version`): someone editing the file while the server runs.
   */
  outsideWrites(): number;
}

/** `full`: re-hashed from the first entry; `incremental`: from the last verified position on. */
export type VerifyMode = 'full' | 'incremental';

interface Outcome {
  readonly mode: VerifyMode;
  /** Entries hashed by this call (the cost: new entries when incremental). */
  readonly rehashed: number;
  /** The newest signed anchor that holds, if any. */
  readonly anchor: DecisionAnchor | null;
}

export type ChainVerification =
  | (Outcome & { readonly ok: true; readonly checked: number; readonly headHash: string })
  | (Outcome & { readonly ok: false; readonly checked: number; readonly brokenAt: number; readonly problem: string });

/** A prefix of a board's log that was verified: where it ends, and the newest anchor in it. */
interface Verified {
  readonly seq: number;
  readonly hash: string;
  readonly anchor: DecisionAnchor | null;
  /** `outsideWrites()` when it was verified. */
  readonly outsideWrites: number;
}

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

type Body = { seq?: unknown; boardId?: unknown; action?: unknown; at?: unknown; actor?: { name?: unknown }; item?: { id?: unknown } };

/**
 * Verifies decision chains and remembers, per board, how far the log was verified, so a check
 * costs what was appended since rather than the whole log. A remembered position is trusted only
 * while nothing but the server wrote to the database (`outsideWrites`) and its stored hash and
 * the newest anchor still read the same; otherwise the check walks the whole log again. The first
 * check after a start is full (the file may have been edited while the server was down), and
 * owners can ask for one at any time (`?full=1`). Signed anchors (DecisionAnchors) are checked as
 * the walk passes them: a rewritten and re-hashed log no longer matches what the server signed.
 */
export class ChainVerifier {
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly rows: ChainRows,
    private readonly anchors: AnchorRows | null,
  ) {}

  verify(boardId: string, options: { full?: boolean } = {}): ChainVerification {
    const outsideWrites = this.rows.outsideWrites();
    let from = options.full ? undefined : this.verified.get(boardId);
    if (from && (from.outsideWrites !== outsideWrites || !this.stillHolds(boardId, from))) from = undefined;
    const result = this.walk(boardId, from);
    if (result.ok) this.verified.set(boardId, { seq: result.checked, hash: result.headHash, anchor: result.anchor, outsideWrites });
    else this.verified.delete(boardId);
    return result;
  }

  private stillHolds(boardId: string, verified: Verified): boolean {
    if (verified.seq > 0 && this.rows.hashAt(boardId, verified.seq) !== verified.hash) return false;
    if (verified.anchor && this.anchors?.at(boardId, verified.anchor.seq)?.mac !== verified.anchor.mac) return false;
    return true;
  }

  private walk(boardId: string, from: Verified | undefined): ChainVerification {
    const mode: VerifyMode = from ? 'incremental' : 'full';
    const start: Omit<Verified, 'outsideWrites'> = from ?? { seq: 0, hash: GENESIS_HASH, anchor: null };
    const signer = this.anchors?.signer;
    const pending = this.anchors?.after(boardId, start.anchor?.seq ?? 0) ?? [];
    let anchor = start.anchor;
    let rehashed = 0;
    let checked = start.seq;

    const broken = (brokenAt: number, problem: string): ChainVerification => ({ ok: false, checked: Math.min(checked, brokenAt - 1), brokenAt, problem, mode, rehashed, anchor });
    /** Checks the next signed anchor against the hash stored at its entry; a problem sentence, or null. */
    const checkAnchor = (next: DecisionAnchor, storedHash: string | undefined): ChainVerification | null => {
      const since = (anchor?.seq ?? 0) + 1;
      if (!signer?.holds(next)) {
        return broken(since, `the signed anchor at entry #${next.seq} does not carry this server's signature: it was altered, or the server's secret changed since ${when(next.signedAt)}`);
      }
      if (storedHash !== next.hash) {
        const range = since === next.seq ? `entry #${next.seq}` : `entries #${since}–#${next.seq}`;
        return broken(since, `${range} no longer match what the server signed on ${when(next.signedAt)}: they were changed and their hashes recomputed`);
      }
      anchor = next;
      return null;
    };

    let index = 0;
    // Anchors signed for entries already verified: compare with what is stored there now.
    for (; index < pending.length && (pending[index] as DecisionAnchor).seq <= start.seq; index++) {
      const next = pending[index] as DecisionAnchor;
      const problem = checkAnchor(next, this.rows.hashAt(boardId, next.seq));
      if (problem) return problem;
    }

    let prevHash = start.hash;
    for (const row of this.rows.after(boardId, start.seq)) {
      if (row.seq !== checked + 1) return broken(checked + 1, `entry ${checked + 1} is missing`);
      if (row.prev_hash !== prevHash) return broken(row.seq, 'does not link to the previous entry');
      rehashed++;
      if (chainHash(prevHash, row.body) !== row.hash) return broken(row.seq, 'content does not match its hash');
      let body: Body;
      try {
        body = JSON.parse(row.body) as Body;
      } catch {
        return broken(row.seq, 'content is not readable');
      }
      if (body.seq !== row.seq || body.boardId !== boardId || body.action !== row.action || body.at !== row.at || body.actor?.name !== row.actor_name || (body.item?.id ?? null) !== row.item_id) {
        return broken(row.seq, 'indexed columns do not match the hashed content');
      }
      prevHash = row.hash;
      checked++;
      for (; index < pending.length && (pending[index] as DecisionAnchor).seq === row.seq; index++) {
        const problem = checkAnchor(pending[index] as DecisionAnchor, row.hash);
        if (problem) return problem;
      }
    }
    const beyond = pending[index];
    if (beyond) {
      if (!signer?.holds(beyond)) return checkAnchor(beyond, undefined) as ChainVerification;
      return broken(checked + 1, `entries from #${checked + 1} on were removed: the server signed entry #${beyond.seq} on ${when(beyond.signedAt)}`);
    }
    return { ok: true, checked, headHash: prevHash, mode, rehashed, anchor };
  }
}
