import { diffBoards, readBoard, restoreBoard, type BoardView } from '@lanewise/shared';
import * as Y from 'yjs';
import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import { SnapshotNotFoundError } from '../../sync/boardErrors.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * What a "Before restoring …" snapshot calls the snapshot being restored. Restoring a
 * "Before restoring …" snapshot (undoing a restore) names it by its time, so names never nest
 * ("Before restoring “Before restoring …”").
 */
export function restoredLabel(snapshot: { name: string; kind: string; createdAt: number }): string {
  if (snapshot.kind !== 'before-restore') return `“${snapshot.name}”`;
  return `the board as it was at ${new Date(snapshot.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * POST /api/boards/:id/snapshots/:sid/restore — the board returns to a snapshot as a forward
 * change every client receives live, recorded as one `snapshot.restored` entry. The state just
 * before is saved first, so restoring that one undoes the restore.
 */
export async function restoreSnapshotCommand(room: CommandContext, command: CommandOf<'restoreSnapshot'>): Promise<BoardCommandResults['restoreSnapshot']> {
  const snapshot = await room.storage.snapshots.get(room.boardId, command.snapshotId);
  if (!snapshot) throw new SnapshotNotFoundError(`Snapshot "${command.snapshotId}" does not exist on this board.`);
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, snapshot.data);
    const undo = await room.takeSnapshot(`Before restoring ${restoredLabel(snapshot)}`, 'before-restore', command.actor);
    const diff = diffBoards(readBoard(room.doc()) as BoardView, readBoard(source) as BoardView);
    await room.applyServerChange((doc, origin) => restoreBoard(doc, source, origin), {
      kind: 'restore',
      actor: command.actor,
      draft: {
        at: Date.now(),
        actor: command.actor,
        action: 'snapshot.restored',
        details: {
          snapshotId: command.snapshotId,
          name: snapshot.name,
          undoSnapshotId: undo.id,
          added: diff.added.length,
          removed: diff.removed.length,
          moved: diff.moved.length,
          reranked: diff.reranked.length,
          changed: diff.changed.length,
        },
      },
    });
    const { data: _data, ...restored } = snapshot;
    return { restored, undo };
  } finally {
    source.destroy();
  }
}
