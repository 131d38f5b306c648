import type { DecisionDraft } from '../../decisions/DecisionEntry.ts';
import { readCsvFile } from '../../import/csvUpload.ts';
import { importIntoDoc } from '../../import/importIntoDoc.ts';
import { importTargetOf } from '../../import/importTarget.ts';
import { planImport } from '../../import/planImport.ts';
import type { BoardCommandResults, CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/**
 * POST /api/boards/:id/import/csv — the preview is not trusted: the file is read and planned again against
 * the board as it is now, then applied everything or nothing (`importIntoDoc`: a scratch copy
 * first, checked against the schema and MAX_BOARD_BYTES) as ONE server transaction whose intent
 * makes it one `board.imported` entry. Stored before it is relayed, like a client's update.
 */
export async function applyImportCommand(room: CommandContext, command: CommandOf<'applyImport'>): Promise<BoardCommandResults['applyImport']> {
  const file = readCsvFile(command.upload, command.maxRows);
  const now = Date.now();
  const planned = planImport({ ...file, target: importTargetOf(room.doc()), importer: command.actor.name, now });
  const { counts } = planned.preview;
  if (counts.create + counts.update === 0 && planned.plan.people.length === 0) return { preview: planned.preview, written: false };
  const draft: DecisionDraft = { at: now, actor: command.actor, action: 'board.imported', details: planned.details };
  await room.applyServerChange((doc, origin) => void importIntoDoc(doc, planned.plan, origin, room.maxBoardBytes), { kind: 'import', actor: command.actor, draft });
  return { preview: planned.preview, written: true };
}
