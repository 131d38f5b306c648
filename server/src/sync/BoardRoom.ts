import { canWrite, CloseCode, describeProblems, diffBoards, MessageType, metaMap, migrateBoard, readBoard, restoreBoard, serverOrigin, validateBoard, type BoardView } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { DecisionActor, DecisionEntry } from '../decisions/DecisionEntry.ts';
import { DecisionTracker, type TransactionIntent } from '../decisions/DecisionTracker.ts';
import type { Logger } from '../logger.ts';
import type { SnapshotKind, SnapshotSummary } from '../snapshots/SqliteSnapshotStore.ts';
import type { BoardStorage, StoredBoard } from '../storage/BoardStorage.ts';
import { encodeAwareness, encodeDecisions, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2, encodeUpdate, ProtocolViolation } from './messages.ts';
import type { ConnectionOrigin, SyncConnection } from './SyncConnection.ts';

export interface BoardRoomOptions {
  readonly storage: BoardStorage;
  readonly logger: Logger;
  readonly compactAfterUpdates: number;
  readonly maxBufferedBytes: number;
  /** An automatic snapshot is taken at most this often while a board is being changed. */
  readonly snapshotIntervalMs: number;
  /** Called once when the room can no longer serve (storage failure, broken update). */
  readonly onFailure?: (room: BoardRoom) => void;
}

export class BoardNotFoundError extends Error {
  override readonly name = 'BoardNotFoundError';
}

export class SnapshotNotFoundError extends Error {
  override readonly name = 'SnapshotNotFoundError';
}

/** The origin of server-side transactions that carry their own decision (a restore, an import). */
export interface ServerIntentOrigin {
  readonly source: 'server';
  readonly reason: string;
  readonly actor: DecisionActor;
  readonly intent: TransactionIntent;
}

const SERVER_ACTOR: DecisionActor = { name: 'Lanewise', verified: true };

/** Rebuilds a board's document from what storage holds, in one transaction. Writes nothing. */
export function docFromStored(stored: StoredBoard): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
  }, serverOrigin('load'));
  return doc;
}

/**
 * One live board: its document, awareness and connections. Durable before visible: every change
 * to the document is appended to storage, synchronously, before it is sent to anyone.
 */
export class BoardRoom {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly connections = new Map<SyncConnection, Set<number>>();
  private readonly logger: Logger;
  private updatesSinceCompaction: number;
  private compactionScheduled = false;
  private lastSeq: number;
  private storedTitle: string;
  private failure: unknown = null;
  private closed = false;
  private readonly tracker: DecisionTracker;
  private changedSinceSnapshot = false;
  private lastSnapshotAt = Date.now();

  private constructor(
    readonly boardId: string,
    readonly doc: Y.Doc,
    stored: StoredBoard,
    private readonly options: BoardRoomOptions,
  ) {
    this.logger = options.logger.child({ boardId });
    this.lastSeq = stored.lastSeq;
    this.updatesSinceCompaction = stored.updates.length;
    this.storedTitle = stored.summary.title;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null); // the server is not a participant
    this.tracker = new DecisionTracker(doc);
    doc.on('update', this.persistAndRelay);
    this.awareness.on('update', this.relayAwareness);
  }

  /** Loads a board from storage. Throws BoardNotFoundError, or the load error; never writes. */
  static load(boardId: string, options: BoardRoomOptions): BoardRoom {
    const stored = options.storage.loadBoard(boardId);
    if (!stored) throw new BoardNotFoundError(`Board "${boardId}" does not exist.`);
    const doc = docFromStored(stored);
    const room = new BoardRoom(boardId, doc, stored, options);
    // Migration steps are forward changes: stored and relayed like any other update.
    const applied = migrateBoard(doc);
    if (applied.length > 0) options.logger.info({ boardId, migrations: applied }, 'board migrated');
    const validation = validateBoard(doc);
    if (!validation.ok) {
      // Stored data is never rewritten on load; serve it and say what is off.
      options.logger.warn({ boardId, problems: describeProblems(validation.problems) }, 'board document does not match the schema');
    }
    return room;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  join(connection: SyncConnection): void {
    if (this.closed) {
      connection.close(CloseCode.TryAgainLater, 'board is reloading, reconnect');
      return;
    }
    this.connections.set(connection, new Set());
    this.send(connection, encodeSyncStep1(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) this.send(connection, encodeAwareness(this.awareness, states));
  }

  leave(connection: SyncConnection): void {
    const clientIds = this.connections.get(connection);
    if (!clientIds) return;
    this.connections.delete(connection);
    // Everyone else sees the departed client's cursor and presence vanish at once.
    if (clientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clientIds], 'connection closed');
  }

  /** Whether the connection is in this room (joined, not yet left or closed for bad input). */
  has(connection: SyncConnection): boolean {
    return this.connections.has(connection);
  }

  /**
   * Handles one websocket message. Bad input closes only that connection and stores nothing.
   * `admitted`: the update gate already decoded and validated this update (UpdateAdmission).
   */
  receive(connection: SyncConnection, message: Uint8Array, admitted = false): void {
    if (this.closed || !this.connections.has(connection)) return;
    try {
      const decoder = decoding.createDecoder(message);
      const type = decoding.readVarUint(decoder);
      switch (type) {
        case MessageType.Sync:
          this.receiveSync(connection, decoder, admitted);
          break;
        case MessageType.Awareness:
          awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), connection);
          break;
        case MessageType.QueryAwareness:
          this.send(connection, encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          break;
        default:
          throw new ProtocolViolation(CloseCode.BadMessage, `unknown message type ${type}`);
      }
    } catch (error) {
      const violation =
        error instanceof ProtocolViolation ? error : new ProtocolViolation(CloseCode.BadMessage, `malformed message: ${error instanceof Error ? error.message : 'unreadable'}`);
      this.logger.info({ connection: connection.id, code: violation.code, reason: violation.reason }, 'closing connection after bad input');
      this.leave(connection);
      connection.close(violation.code, violation.reason.slice(0, 120));
    }
    if (this.failure !== null) this.fail(this.failure);
  }

  /** Folds the update log into one snapshot row. Runs off the update path. */
  compact(): void {
    this.compactionScheduled = false;
    if (this.closed || this.updatesSinceCompaction === 0) return;
    try {
      this.options.storage.compact(this.boardId, Y.encodeStateAsUpdate(this.doc), this.lastSeq);
      this.updatesSinceCompaction = 0;
    } catch (error) {
      this.logger.error({ err: error }, 'compaction failed; the update log is kept');
    }
  }

  /** Closes every connection and releases the document. Stored data is already complete. */
  close(code: number = CloseCode.GoingAway, reason = 'server going away'): void {
    if (this.closed) return;
    if (this.failure === null) this.compact();
    this.closed = true;
    for (const connection of [...this.connections.keys()]) connection.close(code, reason);
    this.connections.clear();
    this.doc.off('update', this.persistAndRelay);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private receiveSync(connection: SyncConnection, decoder: decoding.Decoder, admitted: boolean): void {
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      try {
        Y.decodeStateVector(stateVector);
      } catch {
        throw new ProtocolViolation(CloseCode.BadMessage, 'invalid state vector');
      }
      this.send(connection, encodeSyncStep2(this.doc, stateVector));
      return;
    }
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolViolation(CloseCode.BadMessage, `unknown sync message ${kind}`);
    }
    const update = decoding.readVarUint8Array(decoder);
    if (!canWrite(connection.identity.role)) {
      // Read-only links never write (UpdateAdmission tells them so before it gets here).
      this.send(connection, encodePermissionDenied('this link is read-only: your change was not saved'));
      return;
    }
    if (!admitted) {
      try {
        Y.decodeUpdate(update); // parses the whole update without touching the document
      } catch {
        throw new ProtocolViolation(CloseCode.BadMessage, 'invalid Yjs update');
      }
    }
    const origin: ConnectionOrigin = { source: 'connection', connection };
    try {
      Y.applyUpdate(this.doc, update, origin);
    } catch (error) {
      // A half-applied update may have changed the document: it cannot be trusted any more.
      this.failure ??= error;
    }
  }

  /** Takes a named snapshot of the board as it is now and records it in the decision log. */
  takeSnapshot(name: string, kind: SnapshotKind, actor: DecisionActor): SnapshotSummary {
    const { storage } = this.options;
    const head = storage.decisions.list(this.boardId, { limit: 1 })[0]?.seq ?? 0;
    const summary = storage.snapshots.save({ boardId: this.boardId, name, kind, createdBy: actor, decisionSeq: head + 1, data: Y.encodeStateAsUpdate(this.doc) });
    const entries = storage.decisions.append(this.boardId, [
      { at: summary.createdAt, actor, action: 'snapshot.taken', details: { snapshotId: summary.id, name, kind } },
    ]);
    this.changedSinceSnapshot = false;
    this.lastSnapshotAt = summary.createdAt;
    this.broadcastDecisions(entries);
    return summary;
  }

  /**
   * Returns the board to a snapshot as a forward change that every client receives live. The
   * state just before is saved first, so restoring that one undoes the restore.
   */
  restoreSnapshot(snapshotId: string, actor: DecisionActor): { restored: SnapshotSummary; undo: SnapshotSummary } {
    const snapshot = this.options.storage.snapshots.get(this.boardId, snapshotId);
    if (!snapshot) throw new SnapshotNotFoundError(`Snapshot "${snapshotId}" does not exist on this board.`);
    const source = new Y.Doc();
    Y.applyUpdate(source, snapshot.data);
    const undo = this.takeSnapshot(`Before restoring “${snapshot.name}”`, 'before-restore', actor);
    const diff = diffBoards(readBoard(this.doc) as BoardView, readBoard(source) as BoardView);
    const origin: ServerIntentOrigin = {
      source: 'server',
      reason: 'restore',
      actor,
      intent: {
        kind: 'restore',
        draft: {
          at: Date.now(),
          actor,
          action: 'snapshot.restored',
          details: {
            snapshotId,
            name: snapshot.name,
            undoSnapshotId: undo.id,
            added: diff.added.length,
            removed: diff.removed.length,
            moved: diff.moved.length,
            reranked: diff.reranked.length,
            changed: diff.changed.length,
          },
        },
      },
    };
    restoreBoard(this.doc, source, origin);
    source.destroy();
    if (this.failure !== null) this.fail(this.failure);
    const { data: _data, ...restored } = snapshot;
    return { restored, undo };
  }

  /**
   * Runs a server-side change (an import) on the live document. `change` writes with the origin it
   * is given, in one transaction, which the decision log records as the single entry of `intent`.
   * If storing it fails the room closes (clients resync from storage) and this throws.
   */
  applyServerChange<T>(actor: DecisionActor, intent: TransactionIntent, change: (doc: Y.Doc, origin: ServerIntentOrigin) => T): T {
    if (this.closed) throw new Error('The board is reloading; try again.');
    const result = change(this.doc, { source: 'server', reason: intent.kind, actor, intent });
    if (this.failure !== null) {
      const failure = this.failure;
      this.fail(failure);
      throw failure;
    }
    return result;
  }

  /** The last client left: keep an automatic snapshot if the session changed anything. */
  sessionEnded(): void {
    if (this.closed || this.failure !== null || !this.changedSinceSnapshot) return;
    this.takeSnapshot(`Session ended ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, 'session-end', SERVER_ACTOR);
  }

  private actorOf(origin: unknown): { actor: DecisionActor; intent?: TransactionIntent } {
    const candidate = origin as Partial<ConnectionOrigin> & Partial<ServerIntentOrigin>;
    if (candidate?.source === 'connection' && candidate.connection) {
      const { name, verified, via } = candidate.connection.identity;
      return { actor: { name, verified, via } };
    }
    if (candidate?.source === 'server' && candidate.actor) return candidate.intent ? { actor: candidate.actor, intent: candidate.intent } : { actor: candidate.actor };
    return { actor: SERVER_ACTOR };
  }

  private readonly persistAndRelay = (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    if (this.failure !== null) return;
    let decisions: DecisionEntry[];
    try {
      const { actor, intent } = this.actorOf(origin);
      const drafts = this.tracker.observe(transaction, actor, intent);
      const title = metaMap(this.doc).get('title');
      const titleChanged = typeof title === 'string' && title !== this.storedTitle;
      const stored = this.options.storage.appendUpdate(this.boardId, update, { ...(titleChanged ? { title } : {}), decisions: drafts });
      this.lastSeq = stored.seq;
      decisions = stored.decisions;
      if (titleChanged) this.storedTitle = title;
    } catch (error) {
      this.failure = error;
      return; // not stored, so not relayed
    }
    const sender = (origin as Partial<ConnectionOrigin> | null)?.connection;
    const message = encodeUpdate(update); // once per update, not per client
    for (const connection of this.connections.keys()) {
      if (connection !== sender) this.send(connection, message);
    }
    this.broadcastDecisions(decisions);
    this.changedSinceSnapshot = true;
    if (Date.now() - this.lastSnapshotAt >= this.options.snapshotIntervalMs) {
      this.lastSnapshotAt = Date.now();
      setImmediate(() => {
        if (!this.closed && this.failure === null) this.takeSnapshot(`Autosave ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, 'interval', SERVER_ACTOR);
      });
    }
    this.updatesSinceCompaction++;
    if (this.updatesSinceCompaction >= this.options.compactAfterUpdates && !this.compactionScheduled) {
      this.compactionScheduled = true;
      setImmediate(() => this.compact());
    }
  };

  private readonly relayAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const sender = this.connections.has(origin as SyncConnection) ? (origin as SyncConnection) : undefined;
    if (sender) {
      const owned = this.connections.get(sender);
      for (const id of added) owned?.add(id);
      for (const id of removed) owned?.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    const message = encodeAwareness(this.awareness, changed);
    for (const connection of this.connections.keys()) {
      if (connection !== sender) this.send(connection, message);
    }
  };

  private broadcastDecisions(entries: readonly DecisionEntry[]): void {
    if (entries.length === 0) return;
    const message = encodeDecisions(entries);
    for (const connection of this.connections.keys()) {
      if (connection.receivesDecisions) this.send(connection, message);
    }
  }

  private send(connection: SyncConnection, message: Uint8Array): void {
    if (connection.bufferedAmount() > this.options.maxBufferedBytes) {
      this.leave(connection);
      connection.close(CloseCode.ClientTooSlow, 'client too slow to keep up');
      return;
    }
    connection.send(message);
  }

  private fail(error: unknown): void {
    this.logger.error({ err: error }, 'board room failed; closing its connections so clients resync from storage');
    this.close(CloseCode.InternalError, 'board hit an internal error, reconnect');
    this.options.onFailure?.(this);
  }
}
