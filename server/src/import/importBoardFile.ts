import { parseBoardExport } from '@lanewise/shared';
import type { DecisionActor } from '../decisions/DecisionEntry.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { boardFromExport } from './boardFromExport.ts';
import { ImportError } from './ImportError.ts';

/** A JSON board export as the main thread received it: the text is read on a board thread. */
export interface BoardFileImport {
  readonly text: string;
  readonly fileName: string;
  /** Who imports (the last decision entry's author). */
  readonly actor: DecisionActor;
}

export interface ImportedBoard {
  readonly title: string;
  readonly imported: { readonly lanes: number; readonly items: number; readonly decisions: number; readonly snapshots: number; readonly migrations: readonly string[] };
}

/** Where a JSON.parse error happened, as a line number. */
function jsonErrorLine(text: string, error: unknown): number | undefined {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  if (position === undefined) return undefined;
  return text.slice(0, Number(position)).split('\n').length;
}

/**
 * `POST /api/boards/import` on a board thread (parsing a large file and building boards from it is
 * board work, kept off the main thread): the file is read, checked, migrated and built into a new
 * board (`boardFromExport`), which is stored — its validated first state, its snapshots and its
 * decision log — in one storage transaction. A refusal throws `ImportError` and stores nothing.
 */
export async function importBoardFile(storage: BoardStorage, boardId: string, input: BoardFileImport, maxBoardBytes: number): Promise<ImportedBoard> {
  const { text } = input;
  if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const line = jsonErrorLine(text, error);
    throw new ImportError(422, 'invalid_json', `The file is not valid JSON${line === undefined ? '' : ` (line ${line})`}; it may be damaged or not a Lanewise board export.`, line);
  }
  const parsed = parseBoardExport(json);
  if (!parsed.ok) throw new ImportError(422, 'invalid_export', parsed.message);
  const now = Date.now();
  const board = boardFromExport(parsed.value, { actor: input.actor, fileName: input.fileName, maxBoardBytes, now, migrations: parsed.migrations });
  await storage.createBoard({ id: boardId, title: board.title, template: board.template, createdAt: now, updatedAt: now }, board.state.data, {
    validated: board.state,
    history: board.history,
  });
  return { title: board.title, imported: { ...board.counts, migrations: parsed.migrations } };
}
