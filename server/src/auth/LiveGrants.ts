import { CloseCode } from '@lanewise/shared';
import type { BoardAccess, BoardGrant, Revocation } from './BoardAccess.ts';

/** setTimeout cannot wait longer than this; a later expiry is checked on the next connect. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface LiveGrant {
  readonly grant: BoardGrant;
  readonly close: (code: number, reason: string) => void;
  timer?: NodeJS.Timeout;
}

/**
 * The grants of open connections. When a link is revoked (rotation, personal link revoked) every
 * connection that came through it is closed at once with 4401 "link revoked"; a connection whose
 * token expires is closed when it does.
 */
export class LiveGrants {
  private readonly byBoard = new Map<string, Set<LiveGrant>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly access: BoardAccess) {
    this.unsubscribe = access.onRevoked((revocation) => this.revoke(revocation));
  }

  /** Returns the function to call when the connection ends. */
  track(grant: BoardGrant, close: (code: number, reason: string) => void): () => void {
    const live: LiveGrant = { grant, close };
    let set = this.byBoard.get(grant.boardId);
    if (!set) this.byBoard.set(grant.boardId, (set = new Set()));
    set.add(live);
    if (grant.expiresAt !== undefined) {
      const delay = grant.expiresAt - Date.now();
      if (delay < MAX_TIMER_MS) {
        live.timer = setTimeout(() => live.close(CloseCode.Unauthorized, 'link expired'), Math.max(0, delay));
        live.timer.unref();
      }
    }
    return () => {
      if (live.timer) clearTimeout(live.timer);
      set.delete(live);
      if (set.size === 0 && this.byBoard.get(grant.boardId) === set) this.byBoard.delete(grant.boardId);
    };
  }

  /** Open connections of a board (for tests and stats). */
  grantsOf(boardId: string): BoardGrant[] {
    return [...(this.byBoard.get(boardId) ?? [])].map((live) => live.grant);
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * Checks every open connection's grant against the links as stored now, closing those revoked
   * (the fan-out calls it when it may have missed a revocation message from another instance).
   */
  async recheckAll(): Promise<number> {
    let closed = 0;
    for (const set of [...this.byBoard.values()]) {
      for (const live of [...set]) {
        try {
          await this.access.assertStillValid(live.grant);
        } catch {
          live.close(CloseCode.Unauthorized, 'link revoked');
          closed++;
        }
      }
    }
    return closed;
  }

  private revoke(revocation: Revocation): void {
    for (const live of [...(this.byBoard.get(revocation.boardId) ?? [])]) {
      const { grant } = live;
      const hit =
        'personId' in revocation
          ? grant.personId === revocation.personId
          : grant.via === `${revocation.role}-link` && grant.version < revocation.belowVersion;
      if (hit) live.close(CloseCode.Unauthorized, 'link revoked');
    }
  }
}
