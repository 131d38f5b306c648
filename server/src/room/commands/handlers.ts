import { applyImportCommand } from './applyImport.ts';
import type { BoardCommand, BoardCommandResults } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';
import { diffSnapshotCommand } from './diffSnapshot.ts';
import { encodeStateCommand } from './encodeState.ts';
import { exportBoardCommand } from './exportBoard.ts';
import { previewImportCommand } from './previewImport.ts';
import { readBoardCommand } from './readBoard.ts';
import { readRoadmapCommand } from './readRoadmap.ts';
import { restoreSnapshotCommand } from './restoreSnapshot.ts';
import { setFacilitationCommand } from './setFacilitation.ts';
import { linkPromotedActionCommand, promoteActionCommand, readRetroRecordCommand } from './retroActions.ts';
import { setRetroPhaseCommand } from './setRetroPhase.ts';
import { takeSnapshotCommand } from './takeSnapshot.ts';
import { viewSnapshotCommand } from './viewSnapshot.ts';

type Handlers = { [T in BoardCommand['type']]: (room: CommandContext, command: Extract<BoardCommand, { type: T }>) => Promise<BoardCommandResults[T]> };

/** Every command and its handler (one module each). Add a command to `BoardCommand` and here. */
const HANDLERS: Handlers = {
  readBoard: readBoardCommand,
  encodeState: encodeStateCommand,
  takeSnapshot: takeSnapshotCommand,
  viewSnapshot: viewSnapshotCommand,
  diffSnapshot: diffSnapshotCommand,
  restoreSnapshot: restoreSnapshotCommand,
  previewImport: previewImportCommand,
  applyImport: applyImportCommand,
  exportBoard: exportBoardCommand,
  readRoadmap: readRoadmapCommand,
  setRetroPhase: setRetroPhaseCommand,
  setFacilitation: setFacilitationCommand,
  readRetroRecord: readRetroRecordCommand,
  promoteAction: promoteActionCommand,
  linkPromotedAction: linkPromotedActionCommand,
};

export function runCommand(room: CommandContext, command: BoardCommand): Promise<unknown> {
  const handler = HANDLERS[command.type] as (room: CommandContext, command: BoardCommand) => Promise<unknown>;
  return handler(room, command);
}
