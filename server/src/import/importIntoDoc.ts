import { applyImport, BoardCommandError, describeProblems, validateBoard, type ImportOutcome, type ImportPlan } from '@lanewise/shared';
import * as Y from 'yjs';
import { ImportError } from './ImportError.ts';

const problemPaths = (doc: Y.Doc): Set<string> => {
  const validation = validateBoard(doc);
  return new Set(validation.ok ? [] : validation.problems.map((problem) => `${problem.path} ${problem.message}`));
};

/**
 * Imports a plan into a board's live document, everything or nothing. The plan is applied to a
 * scratch copy first (`applyImport`: one transaction); the copy must still match the schema and
 * fit `maxBoardBytes`. Only then is the difference applied to `doc` as ONE update with `origin`
 * (the server's import origin, so the decision log records one entry). A refusal throws
 * `ImportError` and leaves `doc` untouched.
 */
export function importIntoDoc(doc: Y.Doc, plan: ImportPlan, origin: object, maxBoardBytes: number): ImportOutcome {
  const scratch = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
    const before = problemPaths(scratch);
    let outcome: ImportOutcome;
    try {
      outcome = applyImport(scratch, plan, origin as Parameters<typeof applyImport>[2]);
    } catch (error) {
      if (error instanceof BoardCommandError) throw new ImportError(409, 'board_changed', `${error.message} Preview the file again.`);
      throw error;
    }
    const validation = validateBoard(scratch);
    if (!validation.ok) {
      const introduced = validation.problems.filter((problem) => !before.has(`${problem.path} ${problem.message}`));
      if (introduced.length > 0) throw new ImportError(422, 'invalid_result', `The import would break the board’s schema: ${describeProblems(introduced)}. Nothing was imported.`);
    }
    const difference = Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc));
    // The board as stored after the import: what it holds now plus the difference (an upper bound).
    const size = Y.encodeStateAsUpdate(doc).byteLength + difference.byteLength;
    if (size > maxBoardBytes) {
      throw new ImportError(
        413,
        'board_too_large',
        `The board would grow to ${(size / 1048576).toFixed(1)} MiB with this import; a board may hold at most ${(maxBoardBytes / 1048576).toFixed(1)} MiB (MAX_BOARD_BYTES). Import fewer rows or shorter descriptions.`,
      );
    }
    Y.applyUpdate(doc, difference, origin);
    return outcome;
  } finally {
    scratch.destroy();
  }
}
