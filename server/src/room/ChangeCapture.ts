import { TOP_LEVEL_KEYS } from '@lanewise/shared';
import * as Y from 'yjs';
import { collectTouched, emptyTouched, type TouchedRecords } from '../hardening/boardChanges.ts';
import type { BoardChanges } from '../rules/BoardRule.ts';

/** Marks "the key did not exist before" among previous values. */
const ABSENT = Symbol('absent');
type Previous = unknown | typeof ABSENT;

/** What one `capture` call saw: the update Yjs emitted, the transactions, the previous values. */
export interface CapturedChange extends BoardChanges {
  /** The update as Yjs encoded it for the transaction(s): what is stored and relayed. Null: nothing changed. */
  readonly update: Uint8Array | null;
  /** Touched records and structural problems, for schema validation. */
  readonly records: TouchedRecords;
  readonly transactions: readonly Y.Transaction[];
  /** Top-level type names before the change (new unknown ones are refused). */
  readonly rootsBefore: ReadonlySet<string>;
  /** Whether the document changed at all (structs integrated or deletions applied). */
  readonly changedDocument: boolean;
}

interface Recording {
  readonly updates: Uint8Array[];
  readonly transactions: Y.Transaction[];
  readonly records: TouchedRecords;
  /** Root key → previous value (records: plain data), for keys set or deleted at the root. */
  readonly rootPrevious: Map<string, Map<string, Previous>>;
  /** Root → record key → field → previous value, for fields set or deleted on a record. */
  readonly fieldPrevious: Map<string, Map<string, Map<string, Previous>>>;
  /**
   * Root → record key → field → previous plain value of a map nested in a record field (e.g. a
   * round's `votes`), for edits inside it: what `fieldBefore` answers for that field.
   */
  readonly nestedPrevious: Map<string, Map<string, Map<string, unknown>>>;
}

type AnyType = Y.AbstractType<unknown>;

/**
 * Plain data of a shared value, also for one Yjs has just deleted (its content is still there
 * until garbage collection at the end of the transaction; observers run before that).
 */
export function plainOf(value: unknown, depth = 0): unknown {
  if (depth > 16) return undefined;
  if (value instanceof Y.Map) {
    const record: Record<string, unknown> = {};
    for (const [key, item] of (value as Y.Map<unknown>)._map) {
      if (value._item?.deleted !== true && item.deleted) continue; // removed from a live map
      const content = item.content.getContent();
      if (content.length === 0) continue; // collected earlier
      Object.defineProperty(record, key, { value: plainOf(content[content.length - 1], depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return record;
  }
  if (value instanceof Y.Text) {
    if (value._item?.deleted !== true) return value.toString();
    let text = '';
    for (let item = value._start; item !== null; item = item.right) if (item.content instanceof Y.ContentString) text += item.content.str;
    return text;
  }
  if (value instanceof Y.Array) {
    const entries: unknown[] = [];
    for (let item = value._start; item !== null; item = item.right) {
      if (value._item?.deleted !== true && item.deleted) continue;
      for (const entry of item.content.getContent()) entries.push(plainOf(entry, depth + 1));
    }
    return entries;
  }
  if (value instanceof Y.AbstractType) return (value as AnyType).toJSON();
  return value;
}

const NO_FIELDS: ReadonlySet<string> = new Set();

/** Client updates up to this size are stored and relayed as they came (an edit is ~100 bytes). */
const REUSE_APPLIED_MAX_BYTES = 4096;

/** Whether a transaction added structs (some client's clock moved). */
function grew(transaction: Y.Transaction): boolean {
  for (const [client, clock] of transaction.afterState) if ((transaction.beforeState.get(client) ?? 0) !== clock) return true;
  return false;
}

/**
 * Watches one board document and records, for each `capture` call, what the applied change
 * touched and what the touched keys held before. Attach once per document.
 */
export class ChangeCapture {
  private recording: Recording | null = null;
  private readonly roots = new Map<AnyType, string>();
  /** The same top-level maps by name. */
  private readonly rootMaps = new Map<string, Y.Map<unknown>>();
  /** The document's top-level names when last read (`rootNames`). */
  private rootsSeen: ReadonlySet<string> = new Set();

  constructor(private readonly doc: Y.Doc) {
    doc.on('afterTransaction', this.afterTransaction);
    // The 'update' listener is attached per capture, only when the applied bytes cannot stand for
    // the change (Yjs encodes an update for every transaction while anyone listens).
    // No observers on the roots (DECISIONS 116): previous values are read in `afterTransaction`
    // from the transaction's `changed`, as a YMapEvent would compute them, before Yjs collects
    // deleted content; Yjs then builds no deep event lists and computes no event paths.
    for (const name of TOP_LEVEL_KEYS) {
      const map = doc.getMap<unknown>(name);
      this.roots.set(map as AnyType, name);
      this.rootMaps.set(name, map);
    }
  }

  /**
   * Runs `apply` (which changes the document) and returns what it changed. If `apply` throws,
   * `error` holds what it threw and `changedDocument` says whether it got far enough to change
   * anything (a half-applied update).
   */
  capture(apply: () => void, applied?: Uint8Array): CapturedChange & { readonly error: unknown } {
    const recording: Recording = { updates: [], transactions: [], records: emptyTouched(), rootPrevious: new Map(), fieldPrevious: new Map(), nestedPrevious: new Map() };
    const rootsBefore = this.rootNames();
    const store = this.doc.store;
    const pendingBefore = store.pendingStructs;
    // A small client update applied to a document with nothing parked is stored and relayed as it
    // came (DECISIONS 107): applying it anywhere gives what applying Yjs's re-encoding would (parts
    // already known are skipped; parts it parks are parked there too), and Yjs need not encode it again.
    const reuse = applied !== undefined && applied.length <= REUSE_APPLIED_MAX_BYTES && pendingBefore === null && store.pendingDs === null;
    let error: unknown = null;
    this.recording = recording;
    freshTransactionList(this.doc);
    if (!reuse) this.doc.on('update', this.onUpdate);
    try {
      apply();
    } catch (thrown) {
      error = thrown ?? new Error('update failed');
    } finally {
      this.recording = null;
      if (!reuse) this.doc.off('update', this.onUpdate);
    }
    if (reuse && error === null) {
      const parked = store.pendingStructs !== null || store.pendingDs !== null;
      if (parked || recording.transactions.some((transaction) => transaction.deleteSet.clients.size > 0 || grew(transaction))) recording.updates.push(applied);
    }
    // Structs parked for missing dependencies are part of the document too.
    const halfApplied = error !== null && this.doc.store.pendingStructs !== pendingBefore;
    return this.result(recording, rootsBefore, halfApplied, error);
  }

  /**
   * The document's top-level names now. Yjs only adds names to `doc.share` (never removes one), so
   * the set read last time still holds while the count is the same: no copy per update. A set
   * handed out is never changed (a new one replaces it).
   */
  private rootNames(): ReadonlySet<string> {
    if (this.rootsSeen.size !== this.doc.share.size) this.rootsSeen = new Set(this.doc.share.keys());
    return this.rootsSeen;
  }

  private readonly afterTransaction = (transaction: Y.Transaction): void => {
    const recording = this.recording;
    if (!recording) return;
    recording.transactions.push(transaction);
    collectTouched(this.doc, transaction, recording.records);
    this.recordPrevious(recording, transaction);
  };

  private readonly onUpdate = (update: Uint8Array): void => {
    this.recording?.updates.push(update);
  };

  /**
   * The previous values of the map keys a transaction changed, at the root (records), on a record
   * (fields) and in a map nested in a record field (e.g. a round's `votes`): what a deep observer
   * on each root saw as `YMapEvent.changes.keys`, for the same maps (not deleted ones, not inside
   * arrays). The first transaction of a capture that touched a key saw the state before it.
   */
  private recordPrevious(recording: Recording, transaction: Y.Transaction): void {
    for (const [type, keys] of transaction.changed) {
      if (!(type instanceof Y.Map) || type._item?.deleted === true) continue;
      const root = this.roots.get(type as AnyType);
      if (root !== undefined) {
        const previous = setDefault(recording.rootPrevious, root, () => new Map<string, Previous>());
        for (const key of keys) {
          if (key === null || previous.has(key)) continue;
          const change = keyChange(transaction, type as Y.Map<unknown>, key);
          if (change !== null) previous.set(key, change.added ? ABSENT : plainOf(change.oldValue));
        }
        continue;
      }
      const item = type._item;
      if (item === null || item.parentSub === null) continue;
      const recordKey = item.parentSub;
      const parent = item.parent as AnyType;
      const parentRoot = this.roots.get(parent);
      if (parentRoot !== undefined) {
        const record = setDefault(setDefault(recording.fieldPrevious, parentRoot, () => new Map()), recordKey, () => new Map<string, Previous>());
        for (const field of keys) {
          if (field === null || record.has(field)) continue;
          const change = keyChange(transaction, type as Y.Map<unknown>, field);
          if (change !== null) record.set(field, change.added ? ABSENT : plainOf(change.oldValue));
        }
        continue;
      }
      const parentItem = parent._item;
      if (parentItem === null || parentItem.parentSub === null || !(parent instanceof Y.Map) || parentItem.deleted) continue;
      const outerKey = parentItem.parentSub;
      const grandRoot = this.roots.get(parentItem.parent as AnyType);
      if (grandRoot === undefined) continue;
      const nested = setDefault(setDefault(recording.nestedPrevious, grandRoot, () => new Map()), outerKey, () => new Map<string, unknown>());
      if (nested.has(recordKey)) continue; // the first transaction of the capture saw the state before it
      const changes: Array<[string, KeyChange]> = [];
      for (const key of keys) {
        if (key === null) continue;
        const change = keyChange(transaction, type as Y.Map<unknown>, key);
        if (change !== null) changes.push([key, change]);
      }
      if (changes.length === 0) continue;
      // The map as it is now, with this transaction's key changes undone.
      const entries = new Map(Object.entries(plainOf(type) as Record<string, unknown>));
      for (const [key, change] of changes) {
        if (change.added) entries.delete(key);
        else entries.set(key, plainOf(change.oldValue));
      }
      const before: Record<string, unknown> = {};
      for (const [key, value] of entries) Object.defineProperty(before, key, { value, enumerable: true, writable: true, configurable: true });
      nested.set(recordKey, before);
    }
  }

  private result(recording: Recording, rootsBefore: ReadonlySet<string>, halfApplied: boolean, error: unknown): CapturedChange & { readonly error: unknown } {
    const { updates, transactions } = recording;
    const update = updates.length === 0 ? null : updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
    let changedDocument = halfApplied;
    for (const transaction of transactions) if (transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0) changedDocument = true;
    return new Captured(this.rootMaps, recording, update, rootsBefore, changedDocument, error);
  }
}

/**
 * One capture's result. A class, not an object of closures: it is made for every update, and the
 * rules ask it for previous values (`BoardChanges`).
 */
class Captured implements CapturedChange {
  readonly records: TouchedRecords;
  readonly transactions: readonly Y.Transaction[];
  readonly touched: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly rootPrevious: Recording['rootPrevious'];
  private readonly fieldPrevious: Recording['fieldPrevious'];
  private readonly nestedPrevious: Recording['nestedPrevious'];
  /** Rules ask one record for several fields in a row: the last set is kept (the recording is complete). */
  private lastFields: Map<string, Previous> | null = null;
  private lastFieldSet: ReadonlySet<string> = NO_FIELDS;

  constructor(
    private readonly rootMaps: ReadonlyMap<string, Y.Map<unknown>>,
    recording: Recording,
    readonly update: Uint8Array | null,
    readonly rootsBefore: ReadonlySet<string>,
    readonly changedDocument: boolean,
    readonly error: unknown,
  ) {
    this.records = recording.records;
    this.transactions = recording.transactions;
    this.touched = recording.records.roots;
    this.rootPrevious = recording.rootPrevious;
    this.fieldPrevious = recording.fieldPrevious;
    this.nestedPrevious = recording.nestedPrevious;
  }

  /** A top-level map as it is now (the board's roots, read once per document). */
  private rootMap(root: string): Y.Map<unknown> | undefined {
    return this.rootMaps.get(root);
  }

  private rootBefore(root: string, key: string): Previous {
    const previous = this.rootPrevious.get(root);
    if (previous?.has(key)) return previous.get(key);
    const value = plainOf(this.rootMap(root)?.get(key));
    return value === undefined ? ABSENT : value;
  }

  /** Not replaced at its root: it existed before exactly when it exists now (no plain copy of the record needed). */
  existedBefore(root: string, key: string): boolean {
    const previous = this.rootPrevious.get(root);
    if (previous?.has(key)) return previous.get(key) !== ABSENT;
    return this.rootMap(root)?.get(key) !== undefined;
  }

  valueBefore(root: string, key: string): unknown {
    const value = this.rootBefore(root, key);
    return value === ABSENT ? undefined : value;
  }

  fieldBefore(root: string, key: string, field: string): unknown {
    const previous = this.rootPrevious.get(root);
    if (previous?.has(key)) {
      const record = previous.get(key);
      return record !== ABSENT && typeof record === 'object' && record !== null ? (record as Record<string, unknown>)[field] : undefined;
    }
    const fields = this.fieldPrevious.get(root)?.get(key);
    if (fields?.has(field)) {
      const value = fields.get(field);
      return value === ABSENT ? undefined : value;
    }
    const nested = this.nestedPrevious.get(root)?.get(key);
    if (nested?.has(field)) return nested.get(field);
    const record = this.rootMap(root)?.get(key);
    return record instanceof Y.Map ? plainOf(record.get(field)) : undefined;
  }

  changedFields(root: string, key: string): ReadonlySet<string> {
    const fields = this.fieldPrevious.get(root)?.get(key);
    if (!fields) return NO_FIELDS;
    if (fields !== this.lastFields) {
      this.lastFields = fields;
      this.lastFieldSet = new Set(fields.keys());
    }
    return this.lastFieldSet;
  }
}

interface KeyChange {
  /** The key did not exist before the transaction. */
  readonly added: boolean;
  readonly oldValue: unknown;
}

/** What `YMapEvent.changes.keys` says of one key (null: no change), without building the event. */
function keyChange(transaction: Y.Transaction, map: Y.Map<unknown>, key: string): KeyChange | null {
  const item = map._map.get(key);
  if (item === undefined) return null;
  const adds = (struct: Y.Item): boolean => struct.id.clock >= (transaction.beforeState.get(struct.id.client) ?? 0);
  const deletes = (struct: Y.Item): boolean => Y.isDeleted(transaction.deleteSet, struct.id);
  const last = (struct: Y.Item): unknown => {
    const content = struct.content.getContent();
    return content[content.length - 1];
  };
  if (adds(item)) {
    let previous = item.left;
    while (previous !== null && adds(previous)) previous = previous.left;
    if (deletes(item)) return previous !== null && deletes(previous) ? { added: false, oldValue: last(previous) } : null;
    return previous !== null && deletes(previous) ? { added: false, oldValue: last(previous) } : { added: true, oldValue: undefined };
  }
  return deletes(item) ? { added: false, oldValue: last(item) } : null;
}

/**
 * Gives Yjs a new, young list for the transaction it is about to start (DECISIONS 148). Yjs
 * pushes each transaction into `doc._transactionCleanups` and, when done, replaces that array
 * with a new one, which then waits for the document's next change. On a board changed less often
 * than the young generation fills (S3: every ~250 ms, a scavenge every ~90 ms) that waiting array
 * has been promoted to old space, and once dropped it keeps, until the next full GC, the
 * transaction pushed into it and all it reaches (its maps and sets, events, the origin, new
 * structs): V8's scavenger takes every old-to-young pointer as a root, live or not. A young
 * array dies young with it. Only between transactions, when the list is empty.
 */
function freshTransactionList(doc: Y.Doc): void {
  if (doc._transaction === null && doc._transactionCleanups.length === 0) doc._transactionCleanups = [];
}

function setDefault<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}
