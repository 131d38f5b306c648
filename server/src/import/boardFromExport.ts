import { describeProblems, newId, schemaVersionOf, serverOrigin, validateBoard, writeBoardContent, type BoardContent, type BoardExport, type DecisionActor, type DecisionDraft } from '@lanewise/shared';
import * as Y from 'yjs';
import type { ImportedHistory, ValidatedState } from '../storage/BoardStorage.ts';
import { ImportError } from './ImportError.ts';

export interface BoardFromExport {
  readonly title: string;
  readonly template: string;
  /** The new board's first state, validated (stored as its compacted state, trusted on load). */
  readonly state: ValidatedState;
  readonly history: ImportedHistory;
  readonly counts: { readonly lanes: number; readonly items: number; readonly decisions: number; readonly snapshots: number };
}

function encodeContent(content: BoardContent): ValidatedState {
  const doc = new Y.Doc();
  try {
    writeBoardContent(doc, content, serverOrigin('import'));
    const validation = validateBoard(doc);
    if (!validation.ok) throw new ImportError(422, 'invalid_board', `The board in the file does not match the schema: ${describeProblems(validation.problems)}.`);
    return { data: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc), schemaVersion: schemaVersionOf(doc) };
  } finally {
    doc.destroy();
  }
}

/** A decision or snapshot carried over from a file: its author is what the file says, not verified. */
const fromFile = (actor: { name: string }): DecisionActor => ({ name: actor.name, verified: false, via: 'import' });

/**
 * Builds a new board from a checked JSON export: the document (through the shared commands) and,
 * when the file has them, its decision log and snapshots. Carried-over entries keep their time,
 * action, item, places and reason; their authors are marked unverified ("via import"), because a
 * file is not proof of who did what. Snapshots get new ids (entries that name them follow).
 * The import itself is the last entry, attributed to `actor`.
 */
export function boardFromExport(file: BoardExport, input: { actor: DecisionActor; fileName: string; maxBoardBytes: number; now: number; migrations: readonly string[] }): BoardFromExport {
  const state = encodeContent(file.board);
  if (state.data.byteLength > input.maxBoardBytes) {
    throw new ImportError(413, 'board_too_large', `The board in the file is ${(state.data.byteLength / 1048576).toFixed(1)} MiB; a board may hold at most ${(input.maxBoardBytes / 1048576).toFixed(1)} MiB (MAX_BOARD_BYTES).`);
  }
  const decisions = [...(file.decisions ?? [])].sort((a, b) => a.seq - b.seq);
  const newSeq = (oldSeq: number) => decisions.filter((entry) => entry.seq < oldSeq).length + 1;
  const snapshotIds = new Map<string, string>();
  const snapshots = (file.snapshots ?? []).map((snapshot) => {
    const id = newId(12);
    snapshotIds.set(snapshot.id, id);
    return {
      id,
      name: snapshot.name,
      kind: snapshot.kind,
      createdAt: snapshot.createdAt,
      createdBy: fromFile(snapshot.createdBy),
      decisionSeq: decisions.length > 0 ? newSeq(snapshot.decisionSeq) : 0,
      data: encodeContent(snapshot.board).data,
    };
  });
  const remap = (details: Readonly<Record<string, unknown>>) => {
    const copy: Record<string, unknown> = { ...details };
    for (const key of ['snapshotId', 'undoSnapshotId']) {
      const old = copy[key];
      if (typeof old === 'string' && snapshotIds.has(old)) copy[key] = snapshotIds.get(old);
    }
    return copy;
  };
  const drafts: DecisionDraft[] = decisions.map((entry) => ({
    at: entry.at,
    actor: fromFile(entry.actor),
    action: entry.action,
    ...(entry.item ? { item: entry.item } : {}),
    ...(entry.from ? { from: entry.from } : {}),
    ...(entry.to ? { to: entry.to } : {}),
    ...(entry.rationale !== undefined ? { rationale: entry.rationale } : {}),
    ...(entry.details ? { details: remap(entry.details) } : {}),
  }));
  drafts.push({
    at: input.now,
    actor: input.actor,
    action: 'board.imported',
    details: {
      fileName: input.fileName,
      format: 'lanewise-json',
      formatLabel: 'Lanewise board export',
      fromBoard: file.boardId,
      exportedAt: file.exportedAt,
      created: file.board.items.length,
      updated: 0,
      skipped: 0,
      decisions: decisions.length,
      snapshots: snapshots.length,
      ...(input.migrations.length > 0 ? { migrations: input.migrations } : {}),
    },
  });
  return {
    title: file.board.meta.title,
    template: file.board.meta.template,
    state,
    history: { snapshots, decisions: drafts },
    counts: { lanes: file.board.lanes.length, items: file.board.items.length, decisions: decisions.length, snapshots: snapshots.length },
  };
}
