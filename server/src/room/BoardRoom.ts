import {
  boardToJSON,
  canWrite,
  CloseCode,
  describeProblems,
  isFacilitator,
  metaMap,
  migrateBoard,
  readMeta,
  SCHEMA_VERSION,
  serverOrigin,
  schemaVersionOf,
  validateBoard,
  type ServerOrigin,
} from '@lanewise/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { canonicalJson, type DecisionActor, type DecisionDraft, type DecisionEntry } from '../decisions/DecisionEntry.ts';
import { DecisionTracker } from '../decisions/DecisionTracker.ts';
import { newTopLevelTypes, validateTouched } from '../hardening/boardChanges.ts';
import type { Logger } from '../logger.ts';
import type { BoardRule } from '../rules/BoardRule.ts';
import { firstRefusal } from '../rules/boardRules.ts';
import type { SnapshotKind, SnapshotSummary } from '../snapshots/SqliteSnapshotStore.ts';
import type { CommitGroup } from './CommitGroup.ts';
import type { AppendedUpdate, BoardStorage, SnapshotAlongside, StoredBoard, UpdateAppend } from '../storage/BoardStorage.ts';
import { snapshotChecksum } from '../storage/snapshotChecksum.ts';
import { BoardNotFoundError, ChangeNotStoredError } from '../sync/boardErrors.ts';
import { encodeAwareness, encodeDecisions, encodePermissionDenied, encodeSyncStep1Vector, encodeSyncStep2, encodeUpdate, ProtocolViolation } from '../sync/messages.ts';
import type { BusySlot } from '../threads/BusySlot.ts';
import { BoardState } from './BoardState.ts';
import { ChangeCapture } from './ChangeCapture.ts';
import type { BoardCommand } from './commands/BoardCommand.ts';
import type { ActingFor, ChangeIntent, CommandContext } from './commands/CommandContext.ts';
import { runCommand } from './commands/handlers.ts';
import type { Outbox } from './Outbox.ts';
import { PresenceGuard, type PresenceVerdict } from './PresenceGuard.ts';
import { isEmptyUpdate, readFrame } from './readFrame.ts';
import { RoomConnection } from './RoomConnection.ts';
import { wouldChange } from './wouldChange.ts';
import { RemoteFeed } from './RemoteFeed.ts';
import { isStorageUnreachable } from '../storage/storageUnreachable.ts';

export interface RoomLimits {
  readonly compactAfterUpdates: number;
  readonly snapshotIntervalMs: number;
  readonly maxBoardBytes: number;
  readonly updateCpuMsPerSecond: number;
  readonly updateTimeoutMs: number;
}

export interface RoomDeps {
  readonly storage: BoardStorage;
  readonly outbox: Outbox;
  readonly busy: BusySlot;
  readonly logger: Logger;
  readonly rules: readonly BoardRule[];
  readonly limits: RoomLimits;
  /** The room broke (storage failure): its connections are closed; forget it. */
  readonly onFailed: (room: BoardRoom) => void;
  /** Other instances share this board (fan-out): see `RemoteFeed`. */
  readonly fanout?: boolean;
  /**
   * Set on the main thread's host (DECISIONS 105): past these bounds the room asks to be moved to
   * a board thread (`promote`), where the watchdog can stop a stuck update.
   */
  readonly offload?: OffloadBounds;
  /** Where a batch's updates are committed: with the other boards of the thread, in one transaction (DECISIONS 106). */
  readonly commits?: CommitGroup;
}

/** When a board owned by the main thread asks to move to a board thread. */
export interface OffloadBounds {
  /** One client update took longer than this to apply (ms, wall time). */
  readonly updateMs: number;
  /** The board's stored bytes (compacted state + log tail) pass this. */
  readonly boardBytes: number;
}

/** The origin of another instance's committed updates (fan-out): validated and stored there. */
const REMOTE_ORIGIN = serverOrigin('another instance');
/** The owner PresenceGuard records for presence client ids that connections of other instances brought (no connection id is 0). */
const REMOTE_PRESENCE_OWNER = 0;

/** The origin of every transaction applied for a client: who sent it, as the connection says. */
export interface ConnectionOrigin {
  readonly source: 'connection';
  readonly connection: RoomConnection;
}

/** The origin of server-side changes (load, migration, restore, import). */
type RoomServerOrigin = ServerOrigin & { readonly intent?: ChangeIntent };

/** An update applied to the document and found valid, waiting for its transaction to commit. */
interface PendingUpdate {
  readonly sender: RoomConnection | null;
  readonly update: Uint8Array;
  readonly decisions: readonly DecisionDraft[];
  readonly title?: string;
}

/** A pending update as a literal of one of two shapes (no spread: made once per update). */
function pendingUpdate(sender: RoomConnection | null, update: Uint8Array, decisions: readonly DecisionDraft[], title: string | undefined): PendingUpdate {
  return title === undefined ? { sender, update, decisions } : { sender, update, decisions, title };
}

interface QueuedOp {
  readonly run: () => void;
  /** Needs the committed state: everything applied before it must be stored first. */
  readonly barrier: boolean;
}

/**
 * Presence is relayed in batches: at most one merged awareness message per board per this many
 * milliseconds (the first change after a quiet spell goes out at once). 50 people moving cursors
 * then cost each client about 20 presence messages a second, not 50 × their cursor rate.
 */
export const AWARENESS_BATCH_MS = 50;

const SERVER_ACTOR: DecisionActor = { name: 'Lanewise', verified: true };

const when = () => new Date().toISOString().slice(0, 16).replace('T', ' ');

/**
 * One live board on the thread that owns it: its state (stored bytes, the document once needed),
 * awareness, connections and the update path. A client's update goes, top to bottom:
 *
 *   admit (role, CPU budget) → decode and apply (once, to the real document) → validate what the
 *   transaction touched → board rules → persist (group commit) → encode once → relay
 *
 * A refused update closes its sender; if it had touched the document, the document is dropped
 * and rebuilt from the stored bytes when next needed, so what is stored stays what every client
 * saw. Nothing is relayed, and no sync answer or command sees an update, before its transaction
 * committed: work that needs the committed state waits behind the commit (`barrier`).
 */
export class BoardRoom implements CommandContext {
  private readonly connections = new Map<number, RoomConnection>();
  private readonly awareness: awarenessProtocol.Awareness;
  private readonly presence = new PresenceGuard();
  private state: BoardState;
  readonly logger: Logger;
  /** Updates and presence from other instances (fan-out). */
  readonly remote: RemoteFeed;
  private capture: ChangeCapture | null = null;
  private tracker: DecisionTracker | null = null;
  private pending: PendingUpdate[] = [];
  private readonly queue: QueuedOp[] = [];
  /** A commit, command or compaction is in flight: everything else waits in `queue`. */
  private blocked = false;
  private broken = false;
  private closed = false;
  /** Every record is known to satisfy the schema (trusted snapshot, or validated). */
  private knownValid = false;
  private storedTitle: string;
  /** Upper bound of the encoded board size: stored bytes plus every update since. */
  private approxBytes: number;
  private changedSinceSnapshot = false;
  /** Asked the main thread to move this board to a board thread (once). */
  private promoteAsked = false;
  private lastSnapshotAt = Date.now();
  private compactionQueued = false;
  /** Stored updates rejoining connections missed (the watchdog replaced the thread mid-relay). */
  private catchUp: Uint8Array[] = [];
  /** Presence clients changed since the last awareness relay, and the connections that changed them (null: the server). */
  private readonly awarenessChanged = new Set<number>();
  private readonly awarenessSenders = new Set<RoomConnection | null>();
  private awarenessTimer: NodeJS.Timeout | null = null;
  private awarenessFlushQueued = false;
  private lastAwarenessRelay = -Infinity;

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
    stored: StoredBoard,
  ) {
    this.logger = deps.logger.child({ boardId });
    this.state = new BoardState(stored);
    this.remote = new RemoteFeed(this, stored.lastSeq, deps.fanout === true);
    this.storedTitle = stored.summary.title;
    this.approxBytes = this.state.storedBytes;
    // Presence lives in a tiny document of its own: the board document can be dropped and rebuilt.
    this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
    this.awareness.setLocalState(null); // the server is not a participant
    this.awareness.on('update', this.relayAwareness);
  }

  /**
   * Loads a board. A compacted state written from a validated board of the current schema, whose
   * checksum still matches, is trusted as it is and the document is not even built; anything else
   * is built, migrated (stored as a forward change) and validated (problems are reported; stored
   * data is never rewritten on load). `knownSeq`: the last update the main thread relayed.
   */
  static async load(boardId: string, deps: RoomDeps, knownSeq: number): Promise<BoardRoom> {
    // This room is the board's only writer while it is loaded (released by its host on unload).
    const stored = await deps.storage.loadBoard(boardId, { claim: true });
    if (!stored) throw new BoardNotFoundError(`Board "${boardId}" does not exist.`);
    const room = new BoardRoom(boardId, deps, stored);
    await room.prepare(stored);
    if (knownSeq > 0 && stored.lastSeq > knownSeq) await room.prepareCatchUp(knownSeq);
    return room;
  }

  /** The board's stored bytes (compacted state plus the log tail). */
  get storedBytes(): number {
    return this.state.storedBytes;
  }

  /** The last stored update. */
  get lastSeq(): number {
    return this.state.lastSeq;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  // ---- inbound, in the order the main thread sent it -------------------------------------

  join(id: number, connection: RoomConnection, rejoin: boolean): void {
    if (this.closed) return;
    this.connections.set(id, connection);
    this.enqueue(true, () => {
      if (connection.gone) return;
      this.send(connection, encodeSyncStep1Vector(this.state.stateVector()));
      if (rejoin) for (const message of this.catchUp) this.send(connection, message);
      const states = [...this.awareness.getStates().keys()];
      if (states.length > 0) this.send(connection, encodeAwareness(this.awareness, states));
    });
  }

  leave(id: number): void {
    const connection = this.connections.get(id);
    if (!connection) return;
    this.connections.delete(id);
    connection.gone = true;
    // Everyone else sees the departed client's cursor and presence vanish at once.
    const owned = this.presence.ownedBy(id);
    this.presence.release(id);
    if (owned.length > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, owned, 'connection closed');
      if (this.deps.fanout) this.deps.outbox.push({ t: 'presence', boardId: this.boardId, data: awarenessProtocol.encodeAwarenessUpdate(this.awareness, owned) });
    }
    if (this.connections.size === 0 && this.changedSinceSnapshot) {
      this.enqueueWork(async () => {
        if (!this.changedSinceSnapshot) return;
        // Edits that were all taken back (undone, moved back) leave the board as it was: no snapshot.
        if (await this.sameAsLastSnapshot()) {
          this.changedSinceSnapshot = false;
          return;
        }
        await this.takeSnapshot(`Session ended ${when()} UTC`, 'session-end', SERVER_ACTOR);
      });
    }
  }

  /** Whether the board's content is exactly that of its latest snapshot (any kind), device move times aside. */
  private async sameAsLastSnapshot(): Promise<boolean> {
    const { snapshots } = this.deps.storage;
    const latest = (await snapshots.list(this.boardId)).at(-1);
    const stored = latest ? await snapshots.get(this.boardId, latest.id) : undefined;
    if (!stored) return false;
    const then = new Y.Doc();
    try {
      Y.applyUpdate(then, stored.data);
      return canonicalJson(planContent(then)) === canonicalJson(planContent(this.ensureDoc()));
    } finally {
      then.destroy();
    }
  }

  receive(id: number, message: Uint8Array): void {
    const connection = this.connections.get(id);
    if (!connection || connection.refused || this.closed) return;
    try {
      const frame = readFrame(message);
      switch (frame.kind) {
        case 'awareness':
          // Presence is not board state: it never waits for a commit.
          this.applyPresence(connection, frame.update);
          return;
        case 'queryAwareness':
          this.send(connection, encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
          return;
        case 'syncStep1':
          this.enqueue(true, () => this.answerSyncStep1(connection, frame.stateVector));
          return;
        case 'update':
          // Nothing waiting before it: applied now, as `pump` would, without a closure per update.
          if (this.queue.length === 0 && this.canRun()) this.applyClientUpdate(connection, frame.update);
          else this.enqueue(false, () => this.applyClientUpdate(connection, frame.update));
          return;
      }
    } catch (error) {
      const violation = error instanceof ProtocolViolation ? error : new ProtocolViolation(CloseCode.BadMessage, 'malformed message: unreadable');
      this.closeConnection(connection, violation.code, violation.reason);
    }
  }

  /** Runs a command in order with the board's updates; it sees exactly what is stored. */
  run(command: BoardCommand): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.enqueueWork(() => runCommand(this, command).then(resolve, (error: unknown) => reject(error)));
    });
  }

  /** End of a batch from the main thread: the updates applied from it are stored together. */
  endOfBatch(): void {
    if (!this.blocked && this.pending.length > 0 && !this.broken) this.commit();
  }

  /** Stores what is not compacted yet and lets the board go. Connections are closed with `close`, if given. */
  unload(close?: { code: number; reason: string }, compact = true): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        this.close(close);
        resolve();
      };
      if (this.broken || this.closed) return finish();
      this.enqueueWork(async () => {
        // A board moving to another thread is not compacted: its log is stored, and the move stays cheap.
        if (compact && this.state.tailLength > 0) await this.compact();
        finish();
      });
    });
  }

  // ---- the update path ----------------------------------------------------------------------

  private applyClientUpdate(connection: RoomConnection, update: Uint8Array): void {
    if (connection.refused) return;
    // Admit: role, then the connection's CPU budget (charged after each update it sends).
    if (isEmptyUpdate(update)) return; // a client in sync answering our sync step 1
    if (!canWrite(connection.identity.role)) return this.answerReadOnlyWrite(connection, update);
    if (connection.cpuBudget.inDebt()) return this.refuse(connection, CloseCode.PolicyViolation, 'rate limit exceeded: updates too costly to apply', false);

    const doc = this.ensureDoc();
    const capture = this.capture as ChangeCapture;
    const tracker = this.tracker as DecisionTracker;
    this.deps.busy.enter(connection.id);
    const started = performance.now();
    try {
      // Decode and apply, once, to the real document.
      const origin: ConnectionOrigin = { source: 'connection', connection };
      const change = capture.capture(() => Y.applyUpdate(doc, update, origin), update);
      if (change.error !== null) return this.refuse(connection, CloseCode.BadMessage, 'invalid Yjs update', change.changedDocument);
      if (change.update === null) return; // nothing new (already known, or parked until its dependencies arrive)

      // Validate what the transaction touched.
      const problems = validateTouched(doc, change.records, this.knownValid);
      if (doc.share.size !== change.rootsBefore.size) problems.unshift(...newTopLevelTypes(doc, change.rootsBefore));
      if (problems.length > 0) return this.refuse(connection, CloseCode.SchemaViolation, `update violates the board schema: ${describeProblems(problems)}`, true);
      if (this.exceedsSizeLimit(doc, change.update.length)) {
        return this.refuse(connection, CloseCode.BoardTooLarge, `board would exceed its size limit of ${this.deps.limits.maxBoardBytes} bytes`, true);
      }

      // Board rules: checks that depend on who sent it.
      const refusal = firstRefusal(this.deps.rules, { sender: connection.identity, doc, changes: change });
      if (refusal) return this.refuse(connection, refusal.code, refusal.reason, true);

      const { name, verified, via } = connection.identity;
      const actor = { name, verified, via };
      const { transactions } = change;
      const decisions = transactions.length === 1 ? tracker.observe(transactions[0] as Y.Transaction, actor) : transactions.flatMap((transaction) => tracker.observe(transaction, actor));
      // Only a change to `meta` can rename the board.
      this.pending.push(pendingUpdate(connection, change.update, decisions, change.touched.has('meta') ? this.titleChange(doc) : undefined));
    } finally {
      this.deps.busy.leave();
      const spent = performance.now() - started;
      connection.cpuBudget.charge(spent);
      const { offload } = this.deps;
      // On the main thread: an update that took long, or structs parked until their dependencies
      // arrive (a later small update could make them expensive to integrate), move the board away.
      // (Slow by the wall clock: the main thread checks that its batch used that much CPU.)
      if (offload && spent > offload.updateMs) this.deps.outbox.push({ t: 'promote', boardId: this.boardId, slow: true });
      else if (offload && !this.promoteAsked && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null || this.approxBytes > offload.boardBytes)) {
        this.promoteAsked = true;
        this.deps.outbox.push({ t: 'promote', boardId: this.boardId, slow: false });
      }
    }
  }

  /** A read-only link sent an update: tell it (stock clients log it and stay), store nothing. */
  private answerReadOnlyWrite(connection: RoomConnection, update: Uint8Array): void {
    const doc = this.ensureDoc();
    this.deps.busy.enter(connection.id);
    let changes: boolean;
    try {
      changes = wouldChange(doc, update);
    } catch {
      return this.refuse(connection, CloseCode.BadMessage, 'invalid Yjs update', false);
    } finally {
      this.deps.busy.leave();
    }
    if (changes) this.send(connection, encodePermissionDenied('this link is read-only: your change was not saved'));
  }

  private exceedsSizeLimit(doc: Y.Doc, updateBytes: number): boolean {
    const { maxBoardBytes } = this.deps.limits;
    this.approxBytes += updateBytes;
    if (this.approxBytes <= maxBoardBytes) return false;
    this.approxBytes = Y.encodeStateAsUpdate(doc).length;
    return this.approxBytes > maxBoardBytes;
  }

  /** The board's new title, if this change renamed it. */
  private titleChange(doc: Y.Doc): string | undefined {
    const title = metaMap(doc).get('title');
    if (typeof title !== 'string' || title === this.storedTitle) return undefined;
    this.storedTitle = title;
    return title;
  }

  /**
   * Closes the sender of a refused update. If the update touched the document, the document is
   * dropped: it holds something that is not stored. Valid updates applied before it are stored
   * first, so the rebuilt document has them.
   */
  private refuse(connection: RoomConnection, code: number, reason: string, touchedDocument: boolean): void {
    this.logger.info({ connection: connection.id, code, reason }, 'closing connection: update refused');
    if (touchedDocument) {
      this.discardDoc();
      this.approxBytes = this.state.storedBytes + this.pending.reduce((sum, pending) => sum + pending.update.length, 0);
      if (this.pending.length > 0) this.commit();
    }
    this.closeConnection(connection, code, reason);
  }

  /** Persist a group of applied updates in one transaction; relay each once it committed. */
  private commit(): void {
    // A copy, and the board's own list emptied: the list outlives its updates (old space), and a
    // dropped old list would keep the ones pushed into it alive until a full GC (DECISIONS 148).
    const group = this.pending.slice();
    this.pending.length = 0;
    this.blocked = true;
    const appends = group.map((entry): UpdateAppend => (entry.title === undefined ? { boardId: this.boardId, update: entry.update, decisions: entry.decisions } : { boardId: this.boardId, update: entry.update, decisions: entry.decisions, title: entry.title }));
    const stored = (results: AppendedUpdate[]): void => {
      this.committed(group, results);
      this.blocked = false;
      this.pump();
      this.endOfBatch();
    };
    const failed = (error: unknown): void => (isStorageUnreachable(error) ? this.refuseUnstored(group, error) : this.fail(error));
    // With the thread's group commit: stored (and relayed) at the end of the batch, in this turn.
    if (this.deps.commits) this.deps.commits.append(appends, stored, failed);
    else this.deps.storage.appendUpdates(appends).then(stored, failed);
  }

  /**
   * The database did not answer: nothing of the group was stored (its transaction rolled back) or
   * relayed. Its senders are closed with 4504 (their clients keep the edits and send them again
   * when they reconnect); the document, which holds them, is dropped and rebuilt from the stored
   * bytes; everyone else stays and reads go on from what is stored.
   */
  private refuseUnstored(group: readonly PendingUpdate[], error: unknown): void {
    this.logger.warn({ err: error instanceof Error ? error.message : String(error), updates: group.length }, 'database unreachable: updates refused, nothing stored');
    this.discardDoc();
    this.approxBytes = this.state.storedBytes;
    for (const entry of group) if (entry.sender) this.closeConnection(entry.sender, CloseCode.StorageUnavailable, 'database unreachable: your change was not saved; it is sent again when you reconnect');
    this.blocked = false;
    this.pump();
  }

  /** Encode once, relay to everyone but the sender, and push the decision entries. */
  private committed(group: readonly PendingUpdate[], results: readonly AppendedUpdate[]): void {
    // A plain loop and literal objects: this runs once per update (no closure, no spread).
    for (let i = 0; i < group.length; i++) {
      const entry = group[i] as PendingUpdate;
      const result = results[i] as AppendedUpdate;
      this.state.committed(result.seq, entry.update);
      const except = entry.sender?.id ?? 0;
      const data = encodeUpdate(entry.update);
      this.deps.outbox.push(this.deps.fanout ? { t: 'relay', boardId: this.boardId, except, data, seq: result.seq, update: entry.update } : { t: 'relay', boardId: this.boardId, except, data, seq: result.seq });
      this.remote.committedHere(result.seq);
      this.tracker?.committed(result.decisions);
      this.broadcastDecisions(result.decisions);
    }
    this.changedSinceSnapshot = true;
    if (Date.now() - this.lastSnapshotAt >= this.deps.limits.snapshotIntervalMs) {
      this.lastSnapshotAt = Date.now();
      this.enqueueWork(() => this.takeSnapshot(`Autosave ${when()} UTC`, 'interval', SERVER_ACTOR).then(() => undefined));
    }
    if (this.state.tailLength >= this.deps.limits.compactAfterUpdates && !this.compactionQueued) {
      this.compactionQueued = true;
      // Off the update path: after what is queued now, when the thread is otherwise idle.
      setImmediate(() => this.enqueueWork(() => this.compact()));
    }
  }

  // ---- sync answers, awareness ---------------------------------------------------------------

  private answerSyncStep1(connection: RoomConnection, stateVector: Uint8Array): void {
    if (connection.gone) return;
    const answer = Y.decodeStateVector(stateVector).size === 0 ? this.state.fullSync() : [encodeSyncStep2(this.ensureDoc(), stateVector)];
    for (const message of answer) this.send(connection, message);
  }

  /** A connection speaks only for the client ids it introduced, with states of bounded size. */
  private applyPresence(connection: RoomConnection, update: Uint8Array): void {
    let verdict: PresenceVerdict;
    // Only the facilitator may lead a "follow me" (a `lead` field in its presence).
    // Read only when a state leads: a cursor on a board served from its stored bytes does not build the document.
    const mayLead = () => isFacilitator(readMeta(this.ensureDoc()), connection.identity);
    try {
      verdict = this.presence.admit(connection.id, update, (clientId) => this.awareness.meta.get(clientId)?.clock ?? 0, mayLead);
    } catch {
      throw new ProtocolViolation(CloseCode.BadMessage, 'malformed message: unreadable awareness update');
    }
    if (verdict.update) {
      this.presence.bind(connection.id, verdict.claimed);
      awarenessProtocol.applyAwarenessUpdate(this.awareness, verdict.update, connection);
      if (this.deps.fanout) this.deps.outbox.push({ t: 'presence', boardId: this.boardId, data: verdict.update });
    }
    // Told, not closed: a stock client logs "permission denied" and stays.
    for (const reason of new Set(verdict.refusals)) this.send(connection, encodePermissionDenied(reason));
  }

  private readonly relayAwareness = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void => {
    const sender = origin instanceof RoomConnection ? origin : undefined;
    for (const id of added) this.awarenessChanged.add(id);
    for (const id of updated) this.awarenessChanged.add(id);
    for (const id of removed) this.awarenessChanged.add(id);
    this.awarenessSenders.add(sender ?? null);
    this.scheduleAwarenessRelay();
  };

  /** At the end of this turn if the last relay is `AWARENESS_BATCH_MS` old, else when it will be. */
  private scheduleAwarenessRelay(): void {
    if (this.awarenessTimer !== null || this.awarenessFlushQueued || this.closed) return;
    const wait = this.lastAwarenessRelay + AWARENESS_BATCH_MS - performance.now();
    if (wait <= 0) {
      this.awarenessFlushQueued = true;
      queueMicrotask(this.flushAwareness);
    } else {
      this.awarenessTimer = setTimeout(this.flushAwareness, wait);
    }
  }

  /**
   * One message with the latest state of every presence client that changed since the last one
   * (removals as removals). It skips its sender only when it has one; a client that gets its own
   * state back ignores it (its clock is not newer).
   */
  private readonly flushAwareness = (): void => {
    this.awarenessFlushQueued = false;
    this.awarenessTimer = null;
    if (this.closed || this.awarenessChanged.size === 0) return;
    this.lastAwarenessRelay = performance.now();
    const message = encodeAwareness(this.awareness, [...this.awarenessChanged]);
    const [only] = this.awarenessSenders.size === 1 ? this.awarenessSenders : [null];
    this.awarenessChanged.clear();
    this.awarenessSenders.clear();
    this.deps.outbox.push({ t: 'relay', boardId: this.boardId, except: only && !only.gone ? only.id : 0, data: message, seq: 0 });
  };

  private broadcastDecisions(entries: readonly DecisionEntry[]): void {
    if (entries.length > 0) this.deps.outbox.push({ t: 'decisions', boardId: this.boardId, data: encodeDecisions(entries) });
  }

  private send(connection: RoomConnection, data: Uint8Array): void {
    if (!connection.gone) this.deps.outbox.push({ t: 'send', conn: connection.id, data });
  }

  private closeConnection(connection: RoomConnection, code: number, reason: string): void {
    if (!connection.gone) this.deps.outbox.push({ t: 'close', conn: connection.id, code, reason: reason.slice(0, 120) });
    connection.refused = true;
    this.leave(connection.id);
  }

  // ---- ordering --------------------------------------------------------------------------------

  // ---- fan-out (RemoteFeedRoom): other instances' committed updates and presence ------------------

  enqueueBarrier(run: () => void): void {
    this.enqueue(true, run);
  }

  applyCommitted(seq: number, update: Uint8Array): void {
    const doc = this.state.doc;
    if (doc && this.capture && this.tracker) {
      const change = this.capture.capture(() => Y.applyUpdate(doc, update, REMOTE_ORIGIN));
      if (change.error !== null) this.discardDoc();
      // The committing instance stored the decision entries; this keeps the tracker's view of the board current.
      else for (const transaction of change.transactions) this.tracker.observe(transaction, SERVER_ACTOR);
    }
    this.state.committed(seq, update);
    this.approxBytes += update.length;
    this.deps.outbox.push({ t: 'relay', boardId: this.boardId, except: 0, data: encodeUpdate(update), seq });
  }

  replaceStored(stored: StoredBoard): void {
    this.discardDoc();
    this.state = new BoardState(stored);
    this.approxBytes = this.state.storedBytes;
    const { doc } = this.state.materialize();
    this.deps.outbox.push({ t: 'relay', boardId: this.boardId, except: 0, data: encodeUpdate(Y.encodeStateAsUpdate(doc)), seq: stored.lastSeq });
    this.discardDoc();
  }

  applyRemotePresence(update: Uint8Array, instance: string, added: readonly number[], removed: readonly number[]): void {
    if (this.closed) return;
    // Another instance's connections own these ids: no connection here may set or remove them.
    this.presence.bind(REMOTE_PRESENCE_OWNER, added);
    this.presence.forget(removed);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, { remote: instance });
  }

  announcePresence(except: ReadonlySet<number>): void {
    if (this.closed) return;
    const local = [...this.awareness.getStates().keys()].filter((id) => !except.has(id));
    if (local.length > 0) this.deps.outbox.push({ t: 'presence', boardId: this.boardId, data: awarenessProtocol.encodeAwarenessUpdate(this.awareness, local) });
  }

  removePresence(clientIds: number[]): void {
    if (this.closed) return;
    this.presence.forget(clientIds);
    awarenessProtocol.removeAwarenessStates(this.awareness, clientIds, 'instance gone');
  }

  private enqueue(barrier: boolean, run: () => void): void {
    this.queue.push({ barrier, run });
    this.pump();
  }

  /** Queues asynchronous work that needs the committed state and runs alone (commands, compaction). */
  enqueueWork(work: () => Promise<void>): void {
    this.enqueue(true, () => {
      this.blocked = true;
      work()
        .catch((error: unknown) => this.logger.error({ err: error }, 'board work failed'))
        .finally(() => {
          this.blocked = false;
          this.pump();
          this.endOfBatch();
        });
    });
  }

  /** Whether queued work may run now (nothing in flight, the room usable). */
  private canRun(): boolean {
    return !this.blocked && !this.broken && !this.closed;
  }

  private pump(): void {
    while (this.canRun() && this.queue.length > 0) {
      const next = this.queue[0] as QueuedOp;
      if (next.barrier && this.pending.length > 0) {
        this.commit();
        continue;
      }
      this.queue.shift();
      next.run();
    }
  }

  // ---- the document ----------------------------------------------------------------------------

  /** The document, built from the stored bytes if it is not (with its capture and tracker). */
  private ensureDoc(): Y.Doc {
    const { doc, fresh } = this.state.materialize();
    if (fresh) {
      this.capture = new ChangeCapture(doc);
      this.tracker = new DecisionTracker(doc);
    }
    return doc;
  }

  private discardDoc(): void {
    this.state.discardDoc();
    this.capture = null;
    this.tracker = null;
  }

  private async prepare(stored: StoredBoard): Promise<void> {
    const snapshot = stored.snapshot;
    const checksumMatches = snapshot !== null && snapshot.checksum !== null && snapshotChecksum(snapshot.data) === snapshot.checksum;
    if (snapshot?.checksum && !checksumMatches) {
      this.logger.warn({ uptoSeq: snapshot.uptoSeq }, 'stored board does not match its checksum; validating it');
    }
    if (checksumMatches && snapshot.schemaVersion === SCHEMA_VERSION && snapshot.stateVector !== null) {
      this.knownValid = true; // served from the stored bytes; the document is built when needed
      return;
    }
    const doc = this.ensureDoc();
    if (schemaVersionOf(doc) < SCHEMA_VERSION) {
      // Migration steps are forward changes: stored (and relayed) like any other update.
      let applied: string[] = [];
      await this.applyServerChange((target) => {
        applied = migrateBoard(target);
      });
      if (applied.length > 0) this.logger.info({ migrations: applied }, 'board migrated');
    }
    const validation = validateBoard(this.ensureDoc());
    this.knownValid = validation.ok;
    // Stored data is never rewritten on load; serve it and say what is off.
    if (!validation.ok) this.logger.warn({ problems: describeProblems(validation.problems) }, 'board document does not match the schema');
  }

  private async prepareCatchUp(knownSeq: number): Promise<void> {
    const missed = await this.deps.storage.updatesAfter(this.boardId, knownSeq);
    this.catchUp = missed ? missed.map((update) => encodeUpdate(update.data)) : this.state.fullSync();
  }

  private async compact(): Promise<void> {
    this.compactionQueued = false;
    if (this.state.tailLength === 0 || this.broken) return;
    const doc = this.ensureDoc();
    const data = Y.encodeStateAsUpdate(doc);
    const stateVector = Y.encodeStateVector(doc);
    // With other instances writing, fold only what is known without a hole (RemoteFeed).
    const uptoSeq = this.deps.fanout ? Math.min(this.state.lastSeq, this.remote.contiguousSeq) : this.state.lastSeq;
    try {
      await this.deps.storage.compact(this.boardId, { data, stateVector, schemaVersion: this.knownValid ? schemaVersionOf(doc) : null }, uptoSeq);
      this.state.compacted(data, stateVector, uptoSeq);
      if (this.deps.fanout) this.logger.info({ uptoSeq }, 'board compacted');
    } catch (error) {
      this.logger.error({ err: error }, 'compaction failed; the update log is kept');
    }
  }

  // ---- CommandContext ---------------------------------------------------------------------------

  get storage(): BoardStorage {
    return this.deps.storage;
  }

  get maxBoardBytes(): number {
    return this.deps.limits.maxBoardBytes;
  }

  doc(): Y.Doc {
    return this.ensureDoc();
  }

  async applyServerChange(
    change: (doc: Y.Doc, origin: ServerOrigin) => void,
    intent?: ChangeIntent | ActingFor,
    alongside?: { readonly snapshot: SnapshotAlongside; readonly decisions: readonly DecisionDraft[] },
  ): Promise<void> {
    const doc = this.ensureDoc();
    const titleBefore = this.storedTitle;
    const tracked = intent !== undefined && 'draft' in intent ? intent : undefined;
    const origin: RoomServerOrigin = { source: 'server', reason: tracked ? tracked.draft.action : 'server change', ...(tracked ? { intent: tracked } : {}) };
    const captured = (this.capture as ChangeCapture).capture(() => change(doc, origin));
    if (captured.error !== null) {
      // A change refused before it wrote (an import checked on a scratch copy) leaves the document as it is.
      if (captured.changedDocument) this.discardDoc();
      throw captured.error;
    }
    if (captured.update === null) return;
    const actor = intent?.actor ?? SERVER_ACTOR;
    const observed = captured.transactions.flatMap((transaction) => (this.tracker as DecisionTracker).observe(transaction, actor, tracked));
    const decisions = [...(alongside?.decisions ?? []), ...observed];
    const entry = pendingUpdate(null, captured.update, decisions, this.titleChange(doc));
    this.approxBytes += captured.update.length;
    let results: AppendedUpdate[];
    try {
      results = await this.deps.storage.appendUpdates([
        {
          boardId: this.boardId,
          update: entry.update,
          decisions: entry.decisions,
          ...(entry.title !== undefined ? { title: entry.title } : {}),
          ...(alongside ? { snapshot: alongside.snapshot } : {}),
        },
      ]);
    } catch (error) {
      if (!alongside) {
        this.fail(error);
        throw error;
      }
      // One transaction, rolled back: nothing of the change is stored, and nothing was relayed.
      // The document holds it, so it is dropped and rebuilt from storage when next needed.
      this.logger.error({ err: error }, 'storing a server change failed; nothing of it was stored');
      this.discardDoc();
      this.storedTitle = titleBefore;
      this.approxBytes = this.state.storedBytes;
      throw new ChangeNotStoredError(`the change was not saved (storage failed: ${error instanceof Error ? error.message : 'unknown error'}); the board is unchanged`);
    }
    this.committed([entry], results);
    if (alongside) {
      this.changedSinceSnapshot = false;
      this.lastSnapshotAt = alongside.snapshot.createdAt;
    }
    if (intent) this.knownValid = validateBoard(doc).ok;
  }

  async takeSnapshot(name: string, kind: SnapshotKind, actor: DecisionActor): Promise<SnapshotSummary> {
    const { storage } = this.deps;
    const head = (await storage.decisions.list(this.boardId, { limit: 1 }))[0]?.seq ?? 0;
    const summary = await storage.snapshots.save({ boardId: this.boardId, name, kind, createdBy: actor, decisionSeq: head + 1, data: Y.encodeStateAsUpdate(this.ensureDoc()) });
    const entries = await storage.decisions.append(this.boardId, [{ at: summary.createdAt, actor, action: 'snapshot.taken', details: { snapshotId: summary.id, name, kind } }]);
    this.changedSinceSnapshot = false;
    this.lastSnapshotAt = summary.createdAt;
    this.broadcastDecisions(entries);
    return summary;
  }

  // ---- ending --------------------------------------------------------------------------------

  /** Storage failed: the document may hold what is not stored. Close everyone; they resync from storage. */
  private fail(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.logger.error({ err: error }, 'board room failed; closing its connections so clients resync from storage');
    this.close({ code: CloseCode.InternalError, reason: 'board hit an internal error, reconnect' });
    this.deps.onFailed(this);
  }

  private close(close?: { code: number; reason: string }): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of this.connections.values()) {
      if (close) this.deps.outbox.push({ t: 'close', conn: connection.id, code: close.code, reason: close.reason });
      connection.gone = true;
    }
    this.connections.clear();
    this.remote.close();
    this.queue.length = 0;
    this.pending = [];
    this.awareness.off('update', this.relayAwareness);
    if (this.awarenessTimer !== null) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.awareness.destroy();
    this.discardDoc();
  }
}

/**
 * The board as a snapshot comparison sees it: a card moved away and back is where it was, even
 * though its `movedAt` (the device time of its last move, display only) changed.
 */
function planContent(doc: Y.Doc): ReturnType<typeof boardToJSON> {
  const json = boardToJSON(doc);
  const items = Object.fromEntries(
    Object.entries(json.items).map(([id, item]) => {
      if (typeof item !== 'object' || item === null || !('movedAt' in item)) return [id, item];
      const { movedAt: _movedAt, ...rest } = item as Record<string, unknown>;
      return [id, rest];
    }),
  );
  return { ...json, items };
}
