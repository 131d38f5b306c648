import { clockOffset, isFacilitator as facilitates, mayHandOver as mayHandOn, peekLinkToken, type BoardMeta } from '@lanewise/shared';
import { useMemo } from 'react';
import { create } from 'zustand';
import { boardRequest } from '../app/api.ts';
import { boardToken } from '../app/boardTokens.ts';

export interface Candidate {
  readonly personId: string;
  readonly name: string;
}

interface FacilitationInfo {
  readonly serverTime: number;
  readonly isFacilitator: boolean;
  readonly mayHandOver: boolean;
  readonly candidates: readonly Candidate[];
}

export interface FacilitationState {
  /** The board the server's last answer was about (null: none yet); the rest is about that board. */
  readonly boardId: string | null;
  /** Add to this device's clock to read the server's (the timer ends in the server's clock). */
  readonly offset: number;
  readonly isFacilitator: boolean;
  readonly mayHandOver: boolean;
  readonly candidates: readonly Candidate[];
}

/** Facilitation as this browser's link sees it; refreshed by FacilitatorBar. */
export const useFacilitation = create<FacilitationState>(() => ({ boardId: null, offset: 0, isFacilitator: false, mayHandOver: false, candidates: [] }));

/**
 * Whether this browser facilitates the board, and may hand the role on: the server's answer once
 * it has come for this board; until then what the board's link token says of itself (its role and
 * person, peekLinkToken) under the rule the server applies (shared/facilitation.ts). So the first
 * paint already holds the facilitator's controls instead of pushing the lanes down when the answer
 * arrives (DECISIONS 146). For what the page shows only: the server checks every action.
 */
export function useFacilitationRole(boardId: string, facilitator: BoardMeta['facilitator']): { readonly isFacilitator: boolean; readonly mayHandOver: boolean } {
  const answered = useFacilitation((state) => state.boardId === boardId);
  const told = useFacilitation((state) => state.isFacilitator);
  const toldMayHandOver = useFacilitation((state) => state.mayHandOver);
  const token = useMemo(() => boardToken(boardId), [boardId]);
  if (answered) return { isFacilitator: told, mayHandOver: toldMayHandOver };
  return facilitationRoleOfLink(token, facilitator);
}

/** What a link token claims about facilitating (no token: nothing; the server may know better). */
export function facilitationRoleOfLink(token: string | null, facilitator: BoardMeta['facilitator']): { readonly isFacilitator: boolean; readonly mayHandOver: boolean } {
  const claims = token ? peekLinkToken(token) : null;
  const actor = { role: claims?.role ?? '', personId: claims?.person };
  const meta = { facilitator };
  return { isFacilitator: facilitates(meta, actor), mayHandOver: mayHandOn(meta, actor) };
}

/** The server's clock now, as this device best knows it. */
export const serverNow = () => Date.now() + useFacilitation.getState().offset;

/**
 * Asks the server who leads and measures the clock offset from the same round trip (the server
 * stamped `serverTime` somewhere in between; a device clock minutes off does not move the timer).
 */
export async function refreshFacilitation(boardId: string): Promise<void> {
  const sentAt = Date.now();
  const info = await boardRequest<FacilitationInfo>(boardId, '/facilitation');
  const receivedAt = Date.now();
  useFacilitation.setState({ boardId, offset: clockOffset(sentAt, info.serverTime, receivedAt), isFacilitator: info.isFacilitator, mayHandOver: info.mayHandOver, candidates: info.candidates });
}

function post(boardId: string, path: string, body: unknown): Promise<{ meta: BoardMeta; serverTime: number }> {
  return boardRequest(boardId, `/facilitation/${path}`, { method: 'POST', body: JSON.stringify(body) });
}

export const startTimer = (boardId: string, minutes: number) => post(boardId, 'timer', { action: 'start', minutes });
export const extendTimer = (boardId: string, minutes: number) => post(boardId, 'timer', { action: 'extend', minutes });
export const stopTimer = (boardId: string) => post(boardId, 'timer', { action: 'stop' });
export const setLocked = (boardId: string, locked: boolean) => post(boardId, 'lock', { locked });
export const handOver = (boardId: string, personId: string | null) => post(boardId, 'facilitator', { personId });
export const setPhaseDeadline = (boardId: string, at: number | null) => post(boardId, 'deadline', { at });
