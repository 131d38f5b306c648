import type { SnapshotSummary } from '../../snapshots/SqliteSnapshotStore.ts';
import type { CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/** POST /api/boards/:id/snapshots — a named snapshot, recorded in the decision log. */
export function takeSnapshotCommand(room: CommandContext, command: CommandOf<'takeSnapshot'>): Promise<SnapshotSummary> {
  return room.takeSnapshot(command.name, command.kind, command.actor);
}
