import { clockOffset, type BoardMeta } from '@lanewise/shared';
import { create } from 'zustand';
import { boardRequest } from '../app/api.ts';

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
  /** Add to this device's clock to read the server's (the timer ends in the server's clock). */
  readonly offset: number;
  readonly isFacilitator: boolean;
  readonly mayHandOver: boolean;
  readonly candidates: readonly Candidate[];
}

/** Facilitation as this browser's link sees it; refreshed by FacilitatorBar. */
export const useFacilitation = create<FacilitationState>(() => ({ offset: 0, isFacilitator: false, mayHandOver: false, candidates: [] }));

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
  useFacilitation.setState({ offset: clockOffset(sentAt, info.serverTime, receivedAt), isFacilitator: info.isFacilitator, mayHandOver: info.mayHandOver, candidates: info.candidates });
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
