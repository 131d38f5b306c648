import type { BoardDiff, BoardView } from '@lanewise/shared';
import type { DecisionActor } from '../../decisions/DecisionEntry.ts';
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
  | { readonly type: 'restoreSnapshot'; readonly snapshotId: string; readonly actor: DecisionActor };

export interface BoardCommandResults {
  readBoard: BoardView | null;
  encodeState: Uint8Array;
  takeSnapshot: SnapshotSummary;
  viewSnapshot: { snapshot: SnapshotSummary; board: BoardView | null };
  diffSnapshot: BoardDiff;
  restoreSnapshot: { restored: SnapshotSummary; undo: SnapshotSummary };
}

export type BoardCommandType = BoardCommand['type'];
export type CommandOf<T extends BoardCommandType> = Extract<BoardCommand, { type: T }>;
export type BoardCommandResult<C extends BoardCommand> = BoardCommandResults[C['type']];

/** Why a command failed, as it crosses back to the caller (`name` picks the error class there). */
export interface CommandFailure {
  readonly name: 'BoardNotFoundError' | 'SnapshotNotFoundError' | 'BoardUnavailableError' | 'BoardCommandError' | 'Error';
  /** `BoardCommandError`'s code (invalid input and the like). */
  readonly code?: string;
  readonly message: string;
}
