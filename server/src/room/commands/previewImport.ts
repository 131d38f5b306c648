import { readCsvFile } from '../../import/csvUpload.ts';
import type { ImportPreview } from '../../import/importPreviewSchema.ts';
import { importTargetOf } from '../../import/importTarget.ts';
import { planImport } from '../../import/planImport.ts';
import type { CommandOf } from './BoardCommand.ts';
import type { CommandContext } from './CommandContext.ts';

/** POST /api/boards/:id/import/csv/preview — what the import would do to the board as it is now. */
export async function previewImportCommand(room: CommandContext, command: CommandOf<'previewImport'>): Promise<ImportPreview> {
  return planImport({ ...readCsvFile(command.upload, command.maxRows), target: importTargetOf(room.doc()), importer: command.importer, now: Date.now() }).preview;
}
