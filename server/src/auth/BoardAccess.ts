import { timingSafeEqual } from 'node:crypto';
import { BOARD_ROLES, type BoardRole, type LinkKind } from '@lanewise/shared';
import { AccessDenied, AccessDeniedCode } from './AccessDenied.ts';
import type { LinkStore, PersonalLink } from './LinkStore.ts';
import type { LinkTokens } from './LinkTokens.ts';

/** What a verified token lets its bearer do on one board. */
export interface BoardGrant {
  readonly boardId: string;
  readonly role: BoardRole;
  readonly via: LinkKind | 'admin-token';
  /** The person a personal link was issued to (verified); absent for shared role links. */
  readonly person?: string;
  readonly personId?: string;
  /** The role link version the token was issued under. */
  readonly version: number;
  /** Milliseconds since the epoch, if the token expires. */
  readonly expiresAt?: number;
}

/** Tokens issued before this event are no longer accepted: either a role link or one personal link. */
export type Revocation = { readonly boardId: string; readonly role: BoardRole; readonly belowVersion: number } | { readonly boardId: string; readonly personId: string };

export interface PersonalLinkView extends PersonalLink {
  /** Only present when the link is created: the server does not keep tokens. */
  readonly link?: string;
}

const ROLE_RANK: Record<BoardRole, number> = { viewer: 0, editor: 1, owner: 2 };

export function roleAtLeast(role: BoardRole, required: BoardRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

/** The share link the client opens: the token rides in the fragment, never in a request. */
export function boardLink(boardId: string, token: string): string {
  return `/b/${encodeURIComponent(boardId)}#t=${token}`;
}

/**
 * Share links of boards: issues role links and personal links, verifies tokens against the link
 * versions and revocations in storage, and tells listeners when links are revoked so live
 * sockets using them can be closed at once.
 */
export class BoardAccess {
  private readonly listeners = new Set<(revocation: Revocation) => void>();
  private readonly announcers = new Set<(revocation: Revocation) => void>();

  constructor(
    private readonly tokens: LinkTokens,
    private readonly links: LinkStore,
    private readonly adminToken: string | undefined,
  ) {}

  /** Current owner, editor and viewer links of a board. Each call signs fresh tokens of the same versions. */
  async roleLinks(boardId: string): Promise<Record<BoardRole, string>> {
    const entries = await Promise.all(
      BOARD_ROLES.map(async (role) => [role, boardLink(boardId, await this.tokens.sign({ board: boardId, role, ver: await this.links.version(boardId, role) }))] as const),
    );
    return Object.fromEntries(entries) as Record<BoardRole, string>;
  }

  /** Verifies a token for a board (never a board it was not issued for). Throws AccessDenied. */
  async authorize(token: string | null | undefined, boardId: string): Promise<BoardGrant> {
    if (!token) {
      throw new AccessDenied(401, AccessDeniedCode.TokenMissing, 'This board needs a share link: open it with the link you were given (it carries a token).');
    }
    const claims = await this.tokens.verify(token);
    if (claims.board !== boardId) throw new AccessDenied(403, AccessDeniedCode.WrongBoard, 'The link is for a different board.');
    const expiresAt = claims.exp !== undefined ? { expiresAt: claims.exp * 1000 } : {};
    if (claims.pid !== undefined) {
      const link = await this.links.personal(boardId, claims.pid);
      if (!link || link.revokedAt !== null || link.role !== claims.role) throw revoked();
      return { boardId, role: link.role, via: 'personal-link', person: link.name, personId: link.id, version: claims.ver, ...expiresAt };
    }
    if (claims.ver !== (await this.links.version(boardId, claims.role))) throw revoked();
    return { boardId, role: claims.role, via: `${claims.role}-link`, version: claims.ver, ...expiresAt };
  }

  /**
   * Throws AccessDenied if a grant verified earlier no longer holds: its role link was rotated,
   * its personal link revoked, or it expired. A connection ticket is checked this way when it is
   * redeemed, since its link may have been revoked in the seconds since it was issued.
   */
  async assertStillValid(grant: BoardGrant, now = Date.now()): Promise<void> {
    if (grant.expiresAt !== undefined && grant.expiresAt <= now) {
      throw new AccessDenied(401, AccessDeniedCode.TokenExpired, 'The link has expired; ask the board owner for a new one.');
    }
    if (grant.via === 'personal-link') {
      const link = grant.personId === undefined ? null : await this.links.personal(grant.boardId, grant.personId);
      if (!link || link.revokedAt !== null || link.role !== grant.role) throw revoked();
      return;
    }
    if (grant.via === 'admin-token') return;
    if (grant.version !== (await this.links.version(grant.boardId, grant.role))) throw revoked();
  }

  /** The board a valid, unrevoked token is for. Throws AccessDenied. */
  async boardOfToken(token: string): Promise<string> {
    const claims = await this.tokens.verify(token);
    return (await this.authorize(token, claims.board)).boardId;
  }

  /** The admin token (`LANEWISE_ADMIN_TOKEN`) may list boards and manage any board's links. */
  isAdmin(token: string | null | undefined): boolean {
    if (!this.adminToken || !token) return false;
    const expected = Buffer.from(this.adminToken);
    const given = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Revokes every token of a role link and returns the new link. */
  async rotate(boardId: string, role: BoardRole): Promise<string> {
    const version = await this.links.rotate(boardId, role);
    this.emit({ boardId, role, belowVersion: version });
    return boardLink(boardId, await this.tokens.sign({ board: boardId, role, ver: version }));
  }

  async issuePersonal(boardId: string, name: string, role: BoardRole, expiresAt: number | null): Promise<PersonalLinkView> {
    const link = await this.links.createPersonal(boardId, name, role, expiresAt);
    const token = await this.tokens.sign({
      board: boardId,
      role,
      ver: 1,
      person: name,
      pid: link.id,
      ...(expiresAt !== null ? { exp: Math.floor(expiresAt / 1000) } : {}),
    });
    return { ...link, link: boardLink(boardId, token) };
  }

  listPersonal(boardId: string): Promise<PersonalLink[]> {
    return this.links.listPersonal(boardId);
  }

  /** False if there is no such (unrevoked) personal link on the board. */
  async revokePersonal(boardId: string, personId: string): Promise<boolean> {
    if (!(await this.links.revokePersonal(boardId, personId))) return false;
    this.emit({ boardId, personId });
    return true;
  }

  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A revocation made on another instance (fan-out): tells this instance's listeners (its live
   * sockets close) without announcing it again.
   */
  revokedElsewhere(revocation: Revocation): void {
    for (const listener of this.listeners) if (!this.announcers.has(listener)) listener(revocation);
  }

  /** Like `onRevoked`, for the listener that tells other instances: not called for `revokedElsewhere`. */
  onRevokedHere(listener: (revocation: Revocation) => void): () => void {
    this.announcers.add(listener);
    const off = this.onRevoked(listener);
    return () => {
      this.announcers.delete(listener);
      off();
    };
  }

  private emit(revocation: Revocation): void {
    for (const listener of this.listeners) listener(revocation);
  }
}

function revoked(): AccessDenied {
  return new AccessDenied(401, AccessDeniedCode.TokenRevoked, 'This link was revoked by the board owner; ask them for the current link.');
}
