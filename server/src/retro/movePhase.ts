import type { RetroPhase } from '@lanewise/shared';
import type { BoardCommandResults } from '../room/commands/BoardCommand.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { RetroStore } from './RetroStore.ts';

/**
 * Moves a retro to `to` with what the server holds off the board: every draft (revealed if the
 * retro leaves reflect) and every card's vote total (published if voting ends); revealed drafts
 * leave the store. Used by the facilitator's phase control and by a phase deadline.
 */
export async function moveRetroPhase(rooms: BoardRooms, retro: RetroStore, boardId: string, from: RetroPhase, to: RetroPhase): Promise<BoardCommandResults['setRetroPhase']> {
  const drafts = from === 'reflect' ? retro.allDrafts(boardId).map(({ id, laneId, text, perspective, author }) => ({ id, laneId, text, perspective, author })) : [];
  const voteTotals = [...retro.voteTotals(boardId)];
  const result = await rooms.run(boardId, { type: 'setRetroPhase', phase: to, drafts, voteTotals });
  retro.notePerspectives(boardId, result.revealed);
  retro.deleteDrafts(boardId, result.revealed);
  return result;
}
