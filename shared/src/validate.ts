import * as Y from 'yjs';
import { boardToJSON, itemsMap } from './boardDoc.ts';
import { checkItemText, ITEM_TEXT_FIELDS } from './richText.ts';
import { boardDocumentSchema, TOP_LEVEL_KEYS, type BoardDocument } from './schema.ts';

export interface BoardProblem {
  /** Where in the document, e.g. `items.abc.laneId`. */
  readonly path: string;
  readonly message: string;
}

export type BoardValidation = { readonly ok: true; readonly board: BoardDocument } | { readonly ok: false; readonly problems: readonly BoardProblem[] };

/** Validates plain board data (as from `boardToJSON`). */
export function validateBoardData(data: unknown): BoardValidation {
  const result = boardDocumentSchema.safeParse(data);
  if (result.success) return { ok: true, board: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
  };
}

/** Validates a whole board document, including top-level types nobody should have created. */
export function validateBoard(doc: Y.Doc): BoardValidation {
  const unknownTypes = [...doc.share.keys()].filter((key) => !(TOP_LEVEL_KEYS as readonly string[]).includes(key));
  if (unknownTypes.length > 0) {
    return { ok: false, problems: unknownTypes.map((key) => ({ path: key, message: 'is not a known top-level type' })) };
  }
  // The plain view (`boardToJSON`) reads any title or description as a string: their types and
  // content are checked on the document itself, so a plain string or a number cannot stand in
  // for the collaborative text.
  const textProblems: BoardProblem[] = [];
  for (const [id, item] of itemsMap(doc)) {
    if (!(item instanceof Y.Map)) continue;
    for (const field of ITEM_TEXT_FIELDS) textProblems.push(...checkItemText(field, item.get(field), `items.${id}.${field}`));
  }
  if (textProblems.length > 0) return { ok: false, problems: textProblems };
  return validateBoardData(boardToJSON(doc));
}

export function describeProblems(problems: readonly BoardProblem[]): string {
  return problems
    .slice(0, 5)
    .map((problem) => `${problem.path || 'board'} ${problem.message}`)
    .join('; ');
}
