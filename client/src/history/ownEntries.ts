import { peekLinkToken, type DecisionActor } from '@lanewise/shared';
import { boardToken } from '../app/boardTokens.ts';

/**
 * Who "me" is in the decision log, as the server records it: a personal link's person (verified),
 * or — on a shared role link — the declared display name together with the link kind.
 */
export interface OwnIdentity {
  readonly person: string | null;
  readonly via: string | null;
  readonly name: string;
}

export function ownIdentity(boardId: string, displayName: string): OwnIdentity {
  const token = boardToken(boardId);
  const claims = token ? peekLinkToken(token) : null;
  if (claims?.person) return { person: claims.person, via: 'personal-link', name: claims.person };
  return { person: null, via: claims ? `${claims.role}-link` : null, name: displayName };
}

/** Whether an entry was made by this person (so it is not news to them). */
export function isOwnEntry(actor: DecisionActor, me: OwnIdentity): boolean {
  if (me.person !== null) return actor.verified && actor.name === me.person;
  if (actor.verified || actor.name !== me.name) return false;
  return actor.via === undefined || me.via === null || actor.via === me.via;
}
