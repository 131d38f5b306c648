import type { ServerOrigin } from '@lanewise/shared';
import type * as Y from 'yjs';
import type { DecisionActor, DecisionDraft } from '../../decisions/DecisionEntry.ts';
import type { SnapshotKind, SnapshotSummary } from '../../snapshots/SqliteSnapshotStore.ts';
import type { BoardStorage } from '../../storage/BoardStorage.ts';

/** A server-side change recorded as one decision entry of its own (a restore), not as edits. */
export interface ChangeIntent {
  readonly actor: DecisionActor;
  readonly draft: DecisionDraft;
}

/**
 * What a command may do with the board it runs on. A command runs alone: no update is applied,
 * stored or relayed while it runs, and every update before it is stored.
 */
export interface CommandContext {
  readonly boardId: string;
  readonly storage: BoardStorage;
  /** The board document (committed state; built from the stored bytes if needed). Read only. */
  doc(): Y.Doc;
  /**
   * Applies a server-side change as one transaction, validates the whole board after it, stores
   * it and relays it to every connection, like a client's update. `intent` makes it one decision.
   */
  applyServerChange(change: (doc: Y.Doc, origin: ServerOrigin) => void, intent?: ChangeIntent): Promise<void>;
  /** Stores a named snapshot of the board as it is now and records it in the decision log. */
  takeSnapshot(name: string, kind: SnapshotKind, actor: DecisionActor): Promise<SnapshotSummary>;
}
