import { createHash } from 'node:crypto';
import type { BoardGrant } from '../auth/BoardAccess.ts';

/** The header a browser sends its private participant secret in (kept in its local storage). */
export const PARTICIPANT_HEADER = 'x-lanewise-participant';

/**
 * Whose drafts and votes a request touches. A personal link's person is the participant (the
 * server vouches for them). A shared role link is used by many people at once, so there the
 * participant is the secret the browser made for itself: nobody else has it, so nobody else can
 * read its drafts or spend its votes. Stored only as a hash with the board id.
 * Returns null when a shared link sends no usable secret.
 */
export function participantKey(grant: BoardGrant, secret: string | undefined): string | null {
  if (grant.personId !== undefined) return hash(`person:${grant.boardId}:${grant.personId}`);
  if (secret === undefined || !/^[A-Za-z0-9_-]{16,128}$/.test(secret)) return null;
  return hash(`secret:${grant.boardId}:${secret}`);
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
