import type { Perspective, RetroPhase } from '@lanewise/shared';
import { boardRequest } from '../app/api.ts';
import { loadDisplayName } from '../app/identity.ts';

const SECRET_KEY = 'lanewise:participant';

/**
 * This browser's participant secret: on a shared link it is what makes your drafts and votes
 * yours (the server keys them by it). Made once, kept in local storage, sent only in a header.
 */
export function participantSecret(): string {
  try {
    const stored = window.localStorage.getItem(SECRET_KEY);
    if (stored && /^[A-Za-z0-9_-]{16,128}$/.test(stored)) return stored;
    const made = crypto.randomUUID().replace(/-/g, '');
    window.localStorage.setItem(SECRET_KEY, made);
    return made;
  } catch {
    return fallbackSecret;
  }
}
const fallbackSecret = crypto.randomUUID().replace(/-/g, '');

export interface Draft {
  readonly id: string;
  readonly laneId: string;
  readonly text: string;
  readonly perspective: Perspective | null;
}

export interface RetroStatus {
  readonly phase: RetroPhase;
  readonly voteBudget: number;
  readonly voteCap: number;
  readonly mine: { readonly drafts: readonly Draft[]; readonly votes: Readonly<Record<string, number>>; readonly done: boolean } | null;
  /** The facilitator only: numbers, never contents. */
  readonly progress: { readonly drafts: number; readonly writers: number; readonly done: number; readonly doneNames: readonly string[] } | null;
}

/** The declared name (shown only if the retro shows authors); headers carry printable ASCII only. */
function nameHeader(): Record<string, string> {
  const name = loadDisplayName();
  return name && /^[\x20-\x7e]+$/.test(name) ? { 'x-lanewise-name': name } : {};
}

function retroRequest<T>(boardId: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  return boardRequest<T>(boardId, `/retro${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-lanewise-participant': participantSecret(), ...nameHeader() },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

export const fetchRetro = (boardId: string) => retroRequest<RetroStatus>(boardId, '');
export const writeDraft = (boardId: string, draft: { laneId: string; text: string; perspective: Perspective | null }) => retroRequest<{ draft: Draft }>(boardId, '/drafts', { method: 'POST', body: draft });
export const deleteDraft = (boardId: string, draftId: string) => retroRequest<null>(boardId, `/drafts/${encodeURIComponent(draftId)}`, { method: 'DELETE' });
export const setVotes = (boardId: string, itemId: string, votes: number) => retroRequest<{ votes: Record<string, number> }>(boardId, `/votes/${encodeURIComponent(itemId)}`, { method: 'PUT', body: { votes } });
export const setDone = (boardId: string, done: boolean) => retroRequest<{ done: boolean }>(boardId, '/done', { method: 'POST', body: { done } });
export const setPhase = (boardId: string, phase: RetroPhase) => retroRequest<{ from: RetroPhase; to: RetroPhase }>(boardId, '/phase', { method: 'POST', body: { phase } });
