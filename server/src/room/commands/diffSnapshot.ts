import { diffBoards, readBoard, type BoardDiff, type BoardView } from '@lanewise/shared';
import type { CommandOf } from './BoardCommand.ts';
import { SnapshotNotFoundError } from '../../sync/boardErrors.ts';
import type { CommandContext } from './CommandContext.ts';
import { viewOfSnapshot } from './snapshotView.ts';

/** GET /api/boards/:id/snapshots/:sid/diff?to=now|<sid> — against another snapshot or the live board. */
export async function diffSnapshotCommand(room: CommandContext, command: CommandOf<'diffSnapshot'>): Promise<BoardDiff> {
  const load = async (snapshotId: string): Promise<BoardView> => {
    const snapshot = await room.storage.snapshots.get(room.boardId, snapshotId);
    if (!snapshot) throw new SnapshotNotFoundError(`Snapshot "${snapshotId}" does not exist on this board.`);
    return viewOfSnapshot(snapshot.data) as BoardView;
  };
  const from = await load(command.snapshotId);
  const to = command.to === 'now' ? (readBoard(room.doc()) as BoardView) : await load(command.to);
  return diffBoards(from, to);
}
