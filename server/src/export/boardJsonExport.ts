import { BOARD_EXPORT_FORMAT, BOARD_EXPORT_VERSION, migrateBoard, readBoardContent, type BoardContent, type ExportedDecision } from '@lanewise/shared';
import * as Y from 'yjs';
import type { DecisionEntry } from '../decisions/DecisionEntry.ts';
import type { StoredSnapshot } from '../snapshots/SqliteSnapshotStore.ts';

export interface BoardJsonExport {
  readonly format: typeof BOARD_EXPORT_FORMAT;
  readonly version: typeof BOARD_EXPORT_VERSION;
  readonly exportedAt: string;
  readonly boardId: string;
  readonly board: BoardContent;
  readonly decisions?: readonly ExportedDecision[];
  readonly snapshots?: ReadonlyArray<Omit<StoredSnapshot, 'data' | 'boardId'> & { readonly board: BoardContent }>;
}

/** A snapshot's stored document as export content (migrated in memory; nothing is written back). */
function snapshotContent(data: Uint8Array): BoardContent {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, data);
    migrateBoard(doc);
    return readBoardContent(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * The JSON board export. The board is always in it; the decision log and the snapshots (each a
 * whole board) only when asked for, since they can be much larger than the board itself.
 */
export function buildBoardJsonExport(
  boardId: string,
  doc: Y.Doc,
  history: { decisions?: readonly DecisionEntry[]; snapshots?: readonly StoredSnapshot[] } = {},
  exportedAt = new Date(),
): BoardJsonExport {
  return {
    format: BOARD_EXPORT_FORMAT,
    version: BOARD_EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    boardId,
    board: readBoardContent(doc),
    ...(history.decisions ? { decisions: history.decisions.map((entry) => ({ ...entry })) } : {}),
    ...(history.snapshots
      ? { snapshots: history.snapshots.map(({ data, boardId: _boardId, ...summary }) => ({ ...summary, board: snapshotContent(data) })) }
      : {}),
  };
}
