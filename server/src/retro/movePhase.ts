import type { RetroPhase } from '@lanewise/shared';
import type { BoardCommandResults } from '../room/commands/BoardCommand.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { RetroRecords } from './RetroRecords.ts';

/**
 * Moves a retro to `to` with what the server holds off the board: every draft (revealed if the
 * retro leaves reflect) and every card's vote total (published if voting ends); revealed drafts
 * leave the store. Used by the facilitator's phase control and by a phase deadline.
 */
export async function moveRetroPhase(rooms: BoardRooms, retro: RetroRecords, boardId: string, from: RetroPhase, to: RetroPhase): Promise<BoardCommandResults['setRetroPhase']> {
  const drafts = from === 'reflect' ? (await retro.allDrafts(boardId)).map(({ id, laneId, text, perspective, author }) => ({ id, laneId, text, perspective, author })) : [];
  const voteTotals = [...(await retro.voteTotals(boardId))];
  const result = await rooms.run(boardId, { type: 'setRetroPhase', phase: to, drafts, voteTotals });
  await retro.notePerspectives(boardId, result.revealed);
  await retro.deleteDrafts(boardId, result.revealed);
  return result;
}
