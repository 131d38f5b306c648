import type { ServerOrigin } from '@lanewise/shared';
import type * as Y from 'yjs';
import type { DecisionActor, DecisionDraft } from '../../decisions/DecisionEntry.ts';
import type { TransactionIntent } from '../../decisions/DecisionTracker.ts';
import type { SnapshotKind, SnapshotSummary } from '../../snapshots/SqliteSnapshotStore.ts';
import type { BoardStorage, SnapshotAlongside } from '../../storage/BoardStorage.ts';

/** A server-side change recorded as one decision entry of its own (a restore, an import), not as edits. */
export interface ChangeIntent extends TransactionIntent {
  readonly actor: DecisionActor;
}

/**
 * A server-side change made for someone (a promoted retro action): its decision entries are
 * derived as for a client's edit, with `actor` as who acted.
 */
export interface ActingFor {
  readonly actor: DecisionActor;
}

/**
 * What a command may do with the board it runs on. A command runs alone: no update is applied,
 * stored or relayed while it runs, and every update before it is stored.
 */
export interface CommandContext {
  readonly boardId: string;
  readonly storage: BoardStorage;
  /** MAX_BOARD_BYTES: a server-side change may not grow the board past it either. */
  readonly maxBoardBytes: number;
  /** The board document (committed state; built from the stored bytes if needed). Read only. */
  doc(): Y.Doc;
  /**
   * Applies a server-side change as one transaction, validates the whole board after it, stores
   * it and relays it to every connection, like a client's update (relayed only once stored; if
   * storing fails, nothing is relayed, the room closes so clients resync, and this rejects).
   * `intent` makes it one decision (`ActingFor`: the usual entries, by that actor). `alongside`: a named snapshot and decision entries (before
   * the change's own) stored in the same transaction; with it, a storage failure leaves the room
   * open (nothing was stored, the document is rebuilt from storage) and rejects with
   * ChangeNotStoredError.
   * If `change` throws without touching the document, the document stays as it is and this
   * rejects with what it threw.
   */
  applyServerChange(
    change: (doc: Y.Doc, origin: ServerOrigin) => void,
    intent?: ChangeIntent | ActingFor,
    alongside?: { readonly snapshot: SnapshotAlongside; readonly decisions: readonly DecisionDraft[] },
  ): Promise<void>;
  /** Stores a named snapshot of the board as it is now and records it in the decision log. */
  takeSnapshot(name: string, kind: SnapshotKind, actor: DecisionActor): Promise<SnapshotSummary>;
}
