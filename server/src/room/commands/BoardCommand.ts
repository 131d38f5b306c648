import type { BoardDiff, BoardMeta, BoardView, Comment, FacilitationActor, Item, ItemLink, Lane, RetroDraft, RetroPhase } from '@lanewise/shared';
import type { DecisionActor } from '../../decisions/DecisionEntry.ts';
import type { BoardJsonExport } from '../../export/boardJsonExport.ts';
import type { Roadmap } from '../../export/roadmapRows.ts';
import type { CsvUpload } from '../../import/csvUpload.ts';
import type { ImportError } from '../../import/ImportError.ts';
import type { ImportPreview } from '../../import/importPreviewSchema.ts';
import type { SnapshotKind, SnapshotSummary } from '../../snapshots/SqliteSnapshotStore.ts';

/**
 * Server-side work on one board, run by the thread that owns it, in order with the board's
 * updates: a command sees every update stored before it and none that is not stored. One handler
 * module per command (`handlers.ts` lists them). Requests and results cross threads, so they are
 * plain data.
 */
export type BoardCommand =
  /** The board as the API shows it (lanes in order, items in rank order); null if it has no meta. */
  | { readonly type: 'readBoard' }
  /** The whole board as one Yjs update (its stored, committed state). */
  | { readonly type: 'encodeState' }
  | { readonly type: 'takeSnapshot'; readonly name: string; readonly kind: SnapshotKind; readonly actor: DecisionActor }
  /** A named snapshot's board, read on the owner thread (decoding it is board work). */
  | { readonly type: 'viewSnapshot'; readonly snapshotId: string }
  /** What changed between a snapshot and another one (`to: <id>`) or the live board (`to: 'now'`). */
  | { readonly type: 'diffSnapshot'; readonly snapshotId: string; readonly to: string }
  | { readonly type: 'restoreSnapshot'; readonly snapshotId: string; readonly actor: DecisionActor }
  /** What importing a CSV file (of at most `maxRows` rows) would do to the board as it is now; writes nothing. */
  | { readonly type: 'previewImport'; readonly upload: CsvUpload; readonly maxRows: number; readonly importer: string }
  /**
   * Imports a CSV file: read and planned again against the board as it is now, applied as one
   * transaction (all or nothing), recorded as one `board.imported` entry.
   */
  | { readonly type: 'applyImport'; readonly upload: CsvUpload; readonly maxRows: number; readonly actor: DecisionActor }
  /** The JSON board export, with the decision log and/or the snapshots if asked for. */
  | { readonly type: 'exportBoard'; readonly decisions: boolean; readonly snapshots: boolean }
  /** The roadmap (lanes, scores, the reason behind each position) the Markdown and CSV exports write. */
  | { readonly type: 'readRoadmap' }
  /**
   * Moves a retro to `phase`. `drafts` are every stored draft (revealed if the retro leaves
   * reflect), `voteTotals` every card's votes (published if voting ends); both held off the board
   * until then (retro/RetroStore.ts).
   */
  | {
      readonly type: 'setRetroPhase';
      readonly phase: RetroPhase;
      readonly drafts: ReadonlyArray<RetroDraft & { readonly id: string }>;
      readonly voteTotals: ReadonlyArray<readonly [string, number]>;
    }
  /**
   * Writes facilitation meta fields (null deletes) if `actor` may (setFacilitation.ts); `when`:
   * only while the retro is still in that phase (a deadline that fires after the facilitator moved on).
   */
  | {
      readonly type: 'setFacilitation';
      readonly actor: FacilitationActor;
      readonly patch: FacilitationPatch;
      readonly when?: { readonly phase: RetroPhase };
    }
  /** A retro's columns, cards and topic notes, for its review, export and joint view. */
  | { readonly type: 'readRetroRecord' }
  /** On a planning board: a retro action becomes an initiative linked to it (retroActions.ts). */
  | {
      readonly type: 'promoteAction';
      readonly title: string;
      readonly laneId: string;
      readonly owner: string;
      readonly estimate: number | null;
      readonly reach: number | null;
      readonly impact: number | null;
      readonly confidence: number | null;
      readonly techHealth: number | null;
      readonly risk: number | null;
      readonly link: ItemLink;
      readonly reason: string;
      readonly actor: DecisionActor;
    }
  /** On the retro: the promoted action links to its initiative (an `item.promoted` decision). */
  | { readonly type: 'linkPromotedAction'; readonly itemId: string; readonly link: ItemLink; readonly laneName: string; readonly reason: string; readonly actor: DecisionActor };

export interface RetroRecord {
  readonly meta: BoardMeta;
  readonly lanes: readonly Lane[];
  readonly items: readonly Item[];
  /** Topic notes by the topic's (first) card id. */
  readonly notes: Readonly<Record<string, ReadonlyArray<Pick<Comment, 'author' | 'text' | 'createdAt'>>>>;
}

/** Facilitation fields to set (a value) or delete (null). */
export type FacilitationPatch = { readonly [K in 'facilitator' | 'timer' | 'locked' | 'phaseDeadline']?: NonNullable<BoardMeta[K]> | null };

export interface BoardCommandResults {
  readBoard: BoardView | null;
  encodeState: Uint8Array;
  takeSnapshot: SnapshotSummary;
  viewSnapshot: { snapshot: SnapshotSummary; board: BoardView | null };
  diffSnapshot: BoardDiff;
  restoreSnapshot: { restored: SnapshotSummary; undo: SnapshotSummary };
  previewImport: ImportPreview;
  /** `written`: false when the file changed nothing (no update stored, no entry). */
  applyImport: { preview: ImportPreview; written: boolean };
  exportBoard: BoardJsonExport;
  readRoadmap: Roadmap;
  /** `revealed`: the ids of the drafts now on the board (the caller deletes them from the store). */
  setRetroPhase: { from: RetroPhase; to: RetroPhase; revealed: string[]; countsShown: boolean };
  /** `ok: false`: the actor may not (or, with `stale`, the retro left the phase); nothing written. */
  setFacilitation: { ok: true; meta: BoardMeta } | { ok: false; stale?: true };
  readRetroRecord: RetroRecord | null;
  promoteAction: { itemId: string; laneName: string; boardTitle: string };
  linkPromotedAction: { linked: true };
}

export type BoardCommandType = BoardCommand['type'];
export type CommandOf<T extends BoardCommandType> = Extract<BoardCommand, { type: T }>;
export type BoardCommandResult<C extends BoardCommand> = BoardCommandResults[C['type']];

/** Why a command failed, as it crosses back to the caller (`name` picks the error class there). */
export interface CommandFailure {
  readonly name: 'BoardNotFoundError' | 'SnapshotNotFoundError' | 'BoardUnavailableError' | 'ChangeNotStoredError' | 'BoardCommandError' | 'ImportError' | 'Error';
  /** `BoardCommandError`'s and `ImportError`'s code (invalid input and the like). */
  readonly code?: string;
  readonly message: string;
  /** `ImportError`'s HTTP status and the line of the file it is about. */
  readonly status?: ImportError['status'];
  readonly line?: number;
}
