import { serverOrigin } from '@lanewise/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { StoredBoard, StoredUpdate } from '../storage/BoardStorage.ts';
import { encodeSyncStep2, encodeSyncStep2Bytes, encodeUpdate } from '../sync/messages.ts';

type StateVector = Map<number, number>;

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());

function mergeInto(target: StateVector, source: StateVector): void {
  for (const [client, clock] of source) if ((target.get(client) ?? 0) < clock) target.set(client, clock);
}

/**
 * A board's committed state on its owner thread: the stored bytes (the compacted state and the
 * log entries after it) always, the Y.Doc only once something needs it. A client's first sync is
 * answered from the stored bytes, the state vector from the one stored with them; the document
 * is built when a real write arrives or a client asks for a difference the bytes cannot answer
 * cheaply (a non-empty state vector). Everything here is stored: an update enters `tail` only
 * after its transaction committed.
 */
export class BoardState {
  /** The compacted state framed as a sync step 2 message; `snapshotData` is a view into it. */
  private snapshotMessage: Uint8Array | null;
  private snapshotData: Uint8Array | null;
  private snapshotVector: StateVector;
  private tail: StoredUpdate[];
  private tailMessage: Uint8Array | null = null;
  private tailVector: StateVector | null = null;
  private currentDoc: Y.Doc | null = null;
  private last: number;

  constructor(stored: StoredBoard) {
    this.snapshotData = stored.snapshot?.data ?? null;
    this.snapshotMessage = this.snapshotData ? encodeSyncStep2Bytes(this.snapshotData) : null;
    if (this.snapshotMessage && this.snapshotData) this.snapshotData = this.snapshotMessage.subarray(this.snapshotMessage.length - this.snapshotData.length);
    const vector = stored.snapshot?.stateVector;
    this.snapshotVector = vector ? Y.decodeStateVector(vector) : this.snapshotData ? Y.decodeStateVector(Y.encodeStateVectorFromUpdate(this.snapshotData)) : new Map();
    this.tail = [...stored.updates];
    this.last = stored.lastSeq;
  }

  /** The document, if it is built. */
  get doc(): Y.Doc | null {
    return this.currentDoc;
  }

  get lastSeq(): number {
    return this.last;
  }

  /** Log entries since the compacted state. */
  get tailLength(): number {
    return this.tail.length;
  }

  /** Size of the stored bytes: the encoded board is at most this large. */
  get storedBytes(): number {
    return (this.snapshotData?.length ?? 0) + this.tail.reduce((sum, update) => sum + update.data.length, 0);
  }

  /**
   * Builds the document from the stored bytes (one transaction, origin "load"). Returns it and
   * whether it is new. The caller attaches its listeners to a new one.
   */
  materialize(): { doc: Y.Doc; fresh: boolean } {
    if (this.currentDoc) return { doc: this.currentDoc, fresh: false };
    const doc = new Y.Doc();
    doc.transact(() => {
      if (this.snapshotData) Y.applyUpdate(doc, this.snapshotData);
      for (const update of this.tail) Y.applyUpdate(doc, update.data);
    }, serverOrigin('load'));
    this.currentDoc = doc;
    return { doc, fresh: true };
  }

  /** Drops the document (after a refused update touched it); the stored bytes are what stays true. */
  discardDoc(): void {
    this.currentDoc?.destroy();
    this.currentDoc = null;
  }

  /** An update's transaction committed as `seq`. */
  committed(seq: number, update: Uint8Array): void {
    this.tail.push({ seq, data: update });
    // Another instance's update can arrive after a later one of this instance's (fan-out).
    if (seq > this.last) this.last = seq;
    this.tailMessage = null;
    this.tailVector = null;
  }

  /** The log up to `uptoSeq` was folded into `data` (whose state vector is `stateVector`). */
  compacted(data: Uint8Array, stateVector: Uint8Array, uptoSeq: number): void {
    this.snapshotMessage = encodeSyncStep2Bytes(data);
    this.snapshotData = this.snapshotMessage.subarray(this.snapshotMessage.length - data.length);
    this.snapshotVector = Y.decodeStateVector(stateVector);
    this.tail = this.tail.filter((update) => update.seq > uptoSeq);
    this.tailMessage = null;
    this.tailVector = null;
  }

  /**
   * The committed state vector. Called only when the document holds no uncommitted change (the
   * room serialises it behind commits).
   */
  stateVector(): Uint8Array {
    if (this.currentDoc) return Y.encodeStateVector(this.currentDoc);
    if (this.tail.length === 0 && this.snapshotVector.size === 0) return EMPTY_STATE_VECTOR;
    if (!this.tailVector) {
      const vector = new Map(this.snapshotVector);
      for (const update of this.tail) mergeInto(vector, Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update.data)));
      this.tailVector = vector;
    }
    return encodeStateVectorMap(this.tailVector);
  }

  /**
   * Sync step 2 messages answering a client's state vector. An empty one gets the stored bytes as
   * they are (no encoding); anything else is answered from the document.
   */
  answer(stateVector: Uint8Array): Uint8Array[] {
    const decoded = Y.decodeStateVector(stateVector);
    if (decoded.size === 0) return this.fullSync();
    const { doc } = this.materialize();
    return [encodeSyncStep2(doc, stateVector)];
  }

  /**
   * Everything, for a client that has nothing: the log tail merged, then the compacted state. A
   * y-websocket client counts itself synced at the first sync step 2 it receives, so that one
   * comes last: the tail goes first as a plain update (Yjs holds it until the state it builds on
   * arrives), and a client that says "synced" has the whole board — not, for a moment, the board
   * as of the last compaction.
   */
  fullSync(): Uint8Array[] {
    if (this.tail.length > 0 && !this.tailMessage) {
      const merged = this.tail.length === 1 ? (this.tail[0] as StoredUpdate).data : Y.mergeUpdates(this.tail.map((update) => update.data));
      this.tailMessage = this.snapshotMessage ? encodeUpdate(merged) : encodeSyncStep2Bytes(merged);
    }
    if (this.snapshotMessage) return this.tailMessage ? [this.tailMessage, this.snapshotMessage] : [this.snapshotMessage];
    return [this.tailMessage ?? encodeSyncStep2Bytes(Y.encodeStateAsUpdate(new Y.Doc()))];
  }
}

/** `Y.encodeStateVector` for a plain map: the same bytes (count, then client and clock, clients descending). */
function encodeStateVectorMap(vector: StateVector): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, vector.size);
  for (const [client, clock] of [...vector].sort(([a], [b]) => b - a)) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}
