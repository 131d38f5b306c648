import { nextPhase, readRetroView } from '@lanewise/shared';
import { moveRetroPhase } from '../retro/movePhase.ts';
import type { RetroRecords } from '../retro/RetroRecords.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { PhaseDeadline } from './PhaseDeadlines.ts';

/**
 * A phase deadline fired: the retro moves to the next phase (revealing drafts or publishing
 * votes as the facilitator's "Next" would) — but only if the board still shows this very
 * deadline in this phase. Returns whether it moved.
 */
export async function closeDuePhase(rooms: BoardRooms, retro: RetroRecords, deadline: PhaseDeadline): Promise<boolean> {
  const board = await rooms.run(deadline.boardId, { type: 'readBoard' });
  const view = board ? readRetroView(board.meta) : null;
  const shown = board?.meta.phaseDeadline;
  if (!view || view.phase !== deadline.phase || shown?.at !== deadline.at || shown.phase !== deadline.phase) return false;
  await moveRetroPhase(rooms, retro, deadline.boardId, deadline.phase, nextPhase(deadline.phase));
  return true;
}
