import { buildBoardJsonExport, type BoardJsonExport } from '../../export/boardJsonExport.ts';
import type { StoredSnapshot } from '../../snapshots/SqliteSnapshotStore.ts';
import type { CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * GET /api/boards/:id/export.json — the board, and its history if asked for, read on the owner
 * thread: the decision log and the snapshots are exactly those of the board state exported, and
 * decoding snapshots (each a whole board) is board work.
 */
export async function exportBoardCommand(room: CommandContext, command: CommandOf<'exportBoard'>): Promise<BoardJsonExport> {
  const { boardId, storage } = room;
  const decisions = command.decisions ? await storage.decisions.list(boardId, { order: 'asc', limit: Number.MAX_SAFE_INTEGER }) : undefined;
  let snapshots: StoredSnapshot[] | undefined;
  if (command.snapshots) {
    const stored = await Promise.all((await storage.snapshots.list(boardId)).map((summary) => storage.snapshots.get(boardId, summary.id)));
    snapshots = stored.filter((snapshot) => snapshot !== undefined);
  }
  return buildBoardJsonExport(boardId, room.doc(), { ...(decisions ? { decisions } : {}), ...(snapshots ? { snapshots } : {}) });
}
