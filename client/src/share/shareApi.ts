import type { BoardRole } from '@lanewise/shared';
import { boardRequest } from '../app/api.ts';
import { saveBoardToken, tokenOfLink } from '../app/boardTokens.ts';

export interface PersonalLink {
  readonly id: string;
  readonly name: string;
  readonly role: BoardRole;
  readonly createdAt: number;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
}

/** Links are returned as `/b/<id>#t=…`; people need the full address. */
export const absoluteLink = (link: string): string => new URL(link, window.location.origin).toString();

export async function fetchRoleLinks(boardId: string): Promise<Record<BoardRole, string>> {
  const { links } = await boardRequest<{ links: Record<BoardRole, string> }>(boardId, '/links');
  return links;
}

/** Issues a new link for a role; every older link of that role stops working at once. */
export async function rotateRoleLink(boardId: string, role: BoardRole): Promise<string> {
  const { link } = await boardRequest<{ link: string }>(boardId, '/links/rotate', { method: 'POST', body: JSON.stringify({ role }) });
  // Rotating the owner link revokes this browser's own token too: keep the new one.
  const token = tokenOfLink(link);
  if (role === 'owner' && token) saveBoardToken(boardId, token);
  return link;
}

export async function fetchPersonalLinks(boardId: string): Promise<PersonalLink[]> {
  const { links } = await boardRequest<{ links: PersonalLink[] }>(boardId, '/links/personal');
  return links;
}

export function issuePersonalLink(boardId: string, name: string, role: BoardRole): Promise<PersonalLink & { link: string }> {
  return boardRequest(boardId, '/links/personal', { method: 'POST', body: JSON.stringify({ name, role }) });
}

export async function revokePersonalLink(boardId: string, personalId: string): Promise<void> {
  await boardRequest<unknown>(boardId, `/links/personal/${encodeURIComponent(personalId)}`, { method: 'DELETE' });
}
