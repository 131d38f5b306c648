import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import { SnapshotNotFoundError } from '../../sync/boardErrors.ts';
import type { CommandContext } from './CommandContext.ts';
import { viewOfSnapshot } from './snapshotView.ts';

/** GET /api/boards/:id/snapshots/:sid — a snapshot's board, decoded on the owner thread. */
export async function viewSnapshotCommand(room: CommandContext, command: CommandOf<'viewSnapshot'>): Promise<BoardCommandResults['viewSnapshot']> {
  const snapshot = await room.storage.snapshots.get(room.boardId, command.snapshotId);
  if (!snapshot) throw new SnapshotNotFoundError(`Snapshot "${command.snapshotId}" does not exist on this board.`);
  const { data, ...summary } = snapshot;
  return { snapshot: summary, board: viewOfSnapshot(data) };
}
