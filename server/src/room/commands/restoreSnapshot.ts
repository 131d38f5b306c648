import { diffBoards, migrateBoard, newId, readBoard, restoreBoard, type BoardView } from '@lanewise/shared';
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
 * change every client receives live, recorded as one `snapshot.restored` entry. One storage
 * transaction holds the "before restore" snapshot (restoring it undoes the restore), its
 * `snapshot.taken` entry, the restore itself and its `snapshot.restored` entry: all of it is
 * stored and then relayed, or none of it (ChangeNotStoredError). A snapshot of an older schema
 * goes through the migrations before it is applied; the board keeps its own schema version.
 */
export async function restoreSnapshotCommand(room: CommandContext, command: CommandOf<'restoreSnapshot'>): Promise<BoardCommandResults['restoreSnapshot']> {
  const snapshot = await room.storage.snapshots.get(room.boardId, command.snapshotId);
  if (!snapshot) throw new SnapshotNotFoundError(`Snapshot "${command.snapshotId}" does not exist on this board.`);
  const source = new Y.Doc();
  try {
    Y.applyUpdate(source, snapshot.data);
    migrateBoard(source);
    const undoId = newId(12);
    const undoName = `Before restoring ${restoredLabel(snapshot)}`;
    const now = Date.now();
    const diff = diffBoards(readBoard(room.doc()) as BoardView, readBoard(source) as BoardView);
    await room.applyServerChange(
      (doc, origin) => restoreBoard(doc, source, origin),
      {
        kind: 'restore',
        actor: command.actor,
        draft: {
          at: now,
          actor: command.actor,
          action: 'snapshot.restored',
          details: {
            snapshotId: command.snapshotId,
            name: snapshot.name,
            undoSnapshotId: undoId,
            added: diff.added.length,
            removed: diff.removed.length,
            moved: diff.moved.length,
            reranked: diff.reranked.length,
            changed: diff.changed.length,
          },
        },
      },
      {
        snapshot: { id: undoId, name: undoName, kind: 'before-restore', createdAt: now, createdBy: command.actor, data: Y.encodeStateAsUpdate(room.doc()) },
        decisions: [{ at: now, actor: command.actor, action: 'snapshot.taken', details: { snapshotId: undoId, name: undoName, kind: 'before-restore' } }],
      },
    );
    // The board already equalled the snapshot: nothing was stored, the undo point is taken as it is.
    const undo = (await room.storage.snapshots.list(room.boardId)).find((summary) => summary.id === undoId) ?? (await room.takeSnapshot(undoName, 'before-restore', command.actor));
    const { data: _data, ...restored } = snapshot;
    return { restored, undo };
  } finally {
    source.destroy();
  }
}
