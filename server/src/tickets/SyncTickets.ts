import { createHash, randomBytes } from 'node:crypto';
import { AccessDenied, AccessDeniedCode } from '../auth/AccessDenied.ts';
import type { BoardAccess, BoardGrant } from '../auth/BoardAccess.ts';
import type { SyncTicketStore } from './SyncTicketStore.ts';

/** 32 random bytes, base64url: what `issue` hands out. Anything else is refused unread. */
const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedTicket {
  readonly ticket: string;
  /** Milliseconds since the epoch. */
  readonly expiresAt: number;
}

const digest = (ticket: string) => createHash('sha256').update(ticket).digest('hex');

function invalid(): AccessDenied {
  return new AccessDenied(
    401,
    AccessDeniedCode.TicketInvalid,
    'This connection ticket is unknown, already used or expired; get a new one (POST /api/boards/<id>/sync-ticket) for every connection.',
  );
}

/**
 * Connection tickets keep link tokens out of websocket URLs, where proxies and access logs keep
 * them. A client that holds a link token trades it over HTTP (`Authorization: Bearer`) for a ticket:
 * random, good for one handshake on one board, and expiring within `ttlMs`. The ticket carries the
 * grant the token gave; on redemption the grant is checked again, so a link revoked in between
 * does not slip through.
 */
export class SyncTickets {
  constructor(
    private readonly store: SyncTicketStore,
    private readonly access: BoardAccess,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async issue(grant: BoardGrant): Promise<IssuedTicket> {
    if (grant.via === 'admin-token') {
      throw new AccessDenied(403, AccessDeniedCode.AdminTokenNotForSync, 'The admin token manages boards over HTTP; open a board live with one of its links.');
    }
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(this.now() + this.ttlMs, grant.expiresAt ?? Number.POSITIVE_INFINITY);
    await this.store.put(digest(ticket), grant, expiresAt);
    return { ticket, expiresAt };
  }

  /** The grant behind a ticket, which is used up by this call. Throws AccessDenied. */
  async redeem(ticket: string, boardId: string): Promise<BoardGrant> {
    if (!TICKET_PATTERN.test(ticket)) throw invalid();
    const grant = await this.store.take(digest(ticket), this.now());
    if (!grant) throw invalid();
    if (grant.boardId !== boardId) throw new AccessDenied(403, AccessDeniedCode.WrongBoard, 'The connection ticket is for a different board.');
    await this.access.assertStillValid(grant, this.now());
    return grant;
  }
}
