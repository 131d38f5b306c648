import { boardDocumentSchema, checkItemTextToPlain, ID_PATTERN, isItemTextField, TOP_LEVEL_KEYS, type BoardProblem, type ItemTextField } from '@lanewise/shared';
import * as Y from 'yjs';
import { z } from 'zod';

/** Keys that turn into prototype tricks in plain objects built from the document. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Deeper nesting than any board record has is refused before it is walked. */
const MAX_DEPTH = 16;
/** The board document's schema per top-level type, read once (zod's `shape` is a getter: not read per update). */
const ROOT_SCHEMAS: ReadonlyMap<string, z.ZodType> = new Map(Object.entries(boardDocumentSchema.shape as Record<string, z.ZodType>));

type SharedType = Parameters<Y.Transaction['changed']['get']>[0];

/** The records one or more transactions touched, per top-level type ("*": the whole of it, e.g. meta). */
export interface TouchedRecords {
  readonly roots: Map<string, Set<string>>;
  /**
   * Per top-level type and record: the fields the transactions changed (set, deleted, or edited
   * inside), or null when the record itself was set or deleted (or the change could not be
   * pinned to fields). Lets a field edit of a known-valid record be checked field by field.
   */
  readonly fields: Map<string, Map<string, Set<string> | null>>;
  /** Problems seen while walking: unknown top-level types, list content inside maps. */
  readonly problems: BoardProblem[];
}

export function emptyTouched(): TouchedRecords {
  return { roots: new Map(), fields: new Map(), problems: [] };
}

export function touchedAnything(touched: TouchedRecords): boolean {
  return touched.roots.size > 0;
}

const isKnownRoot = (name: string): boolean => (TOP_LEVEL_KEYS as readonly string[]).includes(name);

/**
 * Each document's top-level types by name, kept between transactions (built per transaction, it was
 * a Map per update): Yjs only adds to `doc.share`, or replaces a type by a more specific one of the
 * same name (`getMap` on a type first read untyped), so a type not found means the cache is stale.
 */
const rootNamesOf = new WeakMap<Y.Doc, Map<SharedType, string>>();

function rootNameOf(doc: Y.Doc, type: SharedType): string {
  let names = rootNamesOf.get(doc);
  const known = names?.get(type);
  if (known !== undefined) return known;
  names = new Map();
  for (const [name, shared] of doc.share) names.set(shared, name);
  rootNamesOf.set(doc, names);
  return names.get(type) ?? '?';
}

/**
 * Adds what a transaction changed to `touched`. `transaction.changed` names every shared type
 * whose content changed (insertions and deletions) and, for maps, the keys; each is walked up to
 * the record it belongs to (a direct child of a top-level map) or to the top-level map itself.
 */
export function collectTouched(doc: Y.Doc, transaction: Y.Transaction, touched: TouchedRecords): void {
  for (const [type, keys] of transaction.changed) {
    let record: SharedType = type;
    let recordKey: string | null = null;
    /** The key, inside the record, of the value that holds the changed type (depth ≥ 2). */
    let fieldKey: string | null = null;
    let depth = 0;
    while (record._item !== null) {
      const item = record._item;
      fieldKey = recordKey;
      recordKey = item.parentSub;
      record = item.parent as SharedType;
      depth++;
    }
    const root = rootNameOf(doc, record);
    if (!isKnownRoot(root)) {
      touched.problems.push({ path: root, message: 'is not a known top-level type' });
      continue;
    }
    let records = touched.roots.get(root);
    if (!records) touched.roots.set(root, (records = new Set()));
    let fields = touched.fields.get(root);
    if (!fields) touched.fields.set(root, (fields = new Map()));
    if (depth === 0) {
      for (const key of keys) {
        if (key === null) touched.problems.push({ path: root, message: 'holds list content; it is a map' });
        else {
          records.add(key);
          fields.set(key, null);
        }
      }
    } else if (recordKey === null) {
      touched.problems.push({ path: root, message: 'holds list content; it is a map' });
    } else {
      records.add(recordKey);
      const known = fields.get(recordKey);
      if (known === null) continue;
      const changed = depth === 1 ? [...keys] : [fieldKey];
      if (changed.some((field) => field === null)) {
        fields.set(recordKey, null);
        continue;
      }
      const set = known ?? new Set<string>();
      for (const field of changed as string[]) set.add(field);
      fields.set(recordKey, set);
    }
  }
}

/** Top-level types that appeared in `doc` since `before` (its `doc.share` keys then). */
export function newTopLevelTypes(doc: Y.Doc, before: ReadonlySet<string>): BoardProblem[] {
  const problems: BoardProblem[] = [];
  for (const name of doc.share.keys()) {
    if (!before.has(name) && !isKnownRoot(name)) problems.push({ path: name, message: 'is not a known top-level type' });
  }
  return problems;
}

/**
 * A value of the document as plain data with own properties only (what `toJSON` would give,
 * minus its prototype tricks): forbidden keys, objects with a foreign prototype (a `__proto__`
 * key in decoded JSON sets one), text and XML types and subdocuments are problems.
 */
function toPlain(value: unknown, path: string, problems: BoardProblem[], depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    problems.push({ path, message: 'is nested too deeply' });
    return undefined;
  }
  if (value instanceof Y.Map) return plainObject((value as Y.Map<unknown>).entries(), path, problems, depth);
  if (value instanceof Y.Array) return (value as Y.Array<unknown>).toArray().map((entry, i) => toPlain(entry, `${path}.${i}`, problems, depth + 1));
  if (value instanceof Y.AbstractType || value instanceof Y.Doc) {
    problems.push({ path, message: 'is not a supported shared type' });
    return undefined;
  }
  if (Array.isArray(value)) return value.map((entry, i) => toPlain(entry, `${path}.${i}`, problems, depth + 1));
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) problems.push({ path, message: 'is not a plain object' });
    return plainObject(Object.entries(value), path, problems, depth);
  }
  return value;
}

/** Converts one entry of a record; `key` is the entry's key in the record. */
type EntryToPlain = (key: string, value: unknown, path: string, problems: BoardProblem[], depth: number) => unknown;

const plainEntry: EntryToPlain = (_key, value, path, problems, depth) => toPlain(value, path, problems, depth);

/**
 * An item's title or description as the plain text the item schema describes, after the shared
 * checks of its type and content (`checkItemText`: a Y.Text title, a Y.XmlFragment description,
 * allowed nodes and marks, safe links, size caps). A value of the wrong type reads as undefined.
 */
function itemTextToPlain(field: ItemTextField, value: unknown, path: string, problems: BoardProblem[]): unknown {
  // One walk of a description for both (DECISIONS 115).
  const { problems: found, plain } = checkItemTextToPlain(field, value, path);
  for (const problem of found) problems.push(problem);
  return plain;
}

/** Collaborative text lives in exactly two places: an item's title (plain) and description (rich). */
const itemEntry: EntryToPlain = (key, value, path, problems, depth) => (isItemTextField(key) ? itemTextToPlain(key, value, path, problems) : toPlain(value, path, problems, depth));

/** A record of a top-level type as plain data (`toPlain`, with the item text fields for items). */
function recordToPlain(root: string, value: unknown, path: string, problems: BoardProblem[]): unknown {
  if (root === 'items' && value instanceof Y.Map) return plainObject((value as Y.Map<unknown>).entries(), path, problems, 0, itemEntry);
  return toPlain(value, path, problems);
}

function plainObject(entries: Iterable<[string, unknown]>, path: string, problems: BoardProblem[], depth: number, entryToPlain: EntryToPlain = plainEntry): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    if (FORBIDDEN_KEYS.has(key)) {
      problems.push({ path: `${path}.${key}`, message: 'is not an allowed key' });
      continue;
    }
    Object.defineProperty(record, key, { value: entryToPlain(key, entry, `${path}.${key}`, problems, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** Fields whose change leaves a record's other fields and the links between records alone. */
const LINK_FIELDS: ReadonlySet<string> = new Set(['id', 'laneId']);

/**
 * Whether a record that was valid before is still valid after only `fields` changed, checked
 * field by field (a description edit parses one string, not the whole record). Only for strict
 * object schemas without cross-field checks; anything else (or any problem) answers false and
 * the whole record is validated, which also words the problems.
 */
function fieldsStillValid(root: string, schema: z.ZodType, value: unknown, fields: Set<string> | null | undefined): boolean {
  if (!fields || !(value instanceof Y.Map)) return false;
  const checks = fieldChecksOf(schema);
  if (checks === null) return false;
  const scratch: BoardProblem[] = [];
  for (const field of fields) {
    const check = checks.get(field);
    if (check === undefined || LINK_FIELDS.has(field) || FORBIDDEN_KEYS.has(field)) return false;
    const entry: unknown = (value as Y.Map<unknown>).get(field);
    // The item schema describes the plain view of the text fields: their type and content are
    // checked first, or a plain string could replace an item's rich text.
    const plain = root === 'items' && isItemTextField(field) ? itemTextToPlain(field, entry, field, scratch) : toPlain(entry, field, scratch);
    if (scratch.length > 0 || !check(plain)) return false;
  }
  return true;
}

/** Whether one field's plain value satisfies its schema. */
type FieldCheck = (plain: unknown) => boolean;

/** Per record schema, its fields' checks; null: not a strict object schema without cross-field checks. */
const fieldChecksBySchema = new Map<z.ZodType, ReadonlyMap<string, FieldCheck> | null>();

function fieldChecksOf(schema: z.ZodType): ReadonlyMap<string, FieldCheck> | null {
  let checks = fieldChecksBySchema.get(schema);
  if (checks === undefined) {
    checks = schema instanceof z.ZodObject && (schema._zod.def.checks?.length ?? 0) === 0 ? new Map(Object.entries(schema.shape as Record<string, z.ZodType>).map(([field, fieldSchema]) => [field, fieldCheck(fieldSchema)])) : null;
    fieldChecksBySchema.set(schema, checks);
  }
  return checks;
}

/**
 * A field's check: a string bounded only by its length (titles, descriptions, names: the fields a
 * live edit changes) is checked as zod would, without a parse per update; anything else by zod.
 */
function fieldCheck(schema: z.ZodType): FieldCheck {
  if (schema instanceof z.ZodOptional) {
    const inner = fieldCheck(schema.unwrap() as z.ZodType);
    return (plain) => plain === undefined || inner(plain);
  }
  const lengthOnly = (string: z.ZodString) => (string._zod.def.checks ?? []).every((check) => ['max_length', 'min_length'].includes(check._zod.def.check));
  if (!(schema instanceof z.ZodString) || !lengthOnly(schema)) return (plain) => schema.safeParse(plain).success;
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  return (plain) => typeof plain === 'string' && plain.length >= min && plain.length <= max;
}

function checkSchema(schema: z.ZodType, data: unknown, path: string, problems: BoardProblem[]): boolean {
  const result = schema.safeParse(data);
  if (result.success) return true;
  // A value already refused while reading it (e.g. a string where rich text belongs) is not
  // worded twice.
  const reported = new Set(problems.map((problem) => problem.path));
  for (const issue of result.error.issues) {
    const at = [path, ...issue.path.map(String)].join('.');
    if (!reported.has(at)) problems.push({ path: at, message: issue.message });
  }
  return false;
}

/**
 * Validates only what changed, against the same schemas as `validateBoard`: each touched record
 * of each top-level type (strict: unknown fields, `__proto__`/`constructor` keys and wrong types
 * are problems), whole single-record types such as `meta`, and the cross-record rules (lane and
 * item ids match their keys, a touched item's lane exists, no lane an item refers to vanished,
 * at least one lane). An item's title and description go through the same `checkItemText` as in
 * `validateBoard` (a Y.Text title, a Y.XmlFragment description, their content), on the per-field
 * path as on the whole-record one. Stricter than `validateBoard` only where `toJSON` would hide a
 * problem: prototype keys, and text/XML types or subdocuments where plain values belong.
 */
export function validateTouched(doc: Y.Doc, touched: TouchedRecords, recordsWereValid = false): BoardProblem[] {
  const problems = [...touched.problems];
  const lanes = doc.getMap<unknown>('lanes');
  const vanishedLanes = new Set<string>();
  for (const [root, keys] of touched.roots) {
    const schema = ROOT_SCHEMAS.get(root);
    const map = doc.getMap<unknown>(root);
    if (schema instanceof z.ZodRecord) {
      for (const key of keys) {
        const path = `${root}.${key}`;
        if (FORBIDDEN_KEYS.has(key) || !ID_PATTERN.test(key)) {
          problems.push({ path, message: 'is not a valid record id' });
          continue;
        }
        const value = map.get(key);
        if (value === undefined) {
          if (root === 'lanes') vanishedLanes.add(key);
          continue; // deleted
        }
        const recordSchema = schema.valueType as z.ZodType;
        if (recordsWereValid && fieldsStillValid(root, recordSchema, value, touched.fields.get(root)?.get(key))) continue;
        const record = recordToPlain(root, value, path, problems);
        if (!checkSchema(recordSchema, record, path, problems)) continue;
        const { id, laneId } = record as { id?: unknown; laneId?: unknown };
        if ((root === 'lanes' || root === 'items') && id !== key) problems.push({ path: `${path}.id`, message: 'does not match its key' });
        if (root === 'items' && !lanes.has(laneId as string)) problems.push({ path: `${path}.laneId`, message: `refers to unknown lane "${String(laneId)}"` });
      }
    } else if (schema) {
      checkSchema(schema, toPlain(map, root, problems), root, problems);
    }
  }
  if (touched.roots.has('lanes') && lanes.size === 0) problems.push({ path: 'lanes', message: 'a board needs at least one lane' });
  if (vanishedLanes.size > 0) {
    // Lanes are tombstoned, never removed; a removal must not strand items.
    for (const [id, item] of doc.getMap<unknown>('items').entries()) {
      const laneId: unknown = item instanceof Y.Map ? item.get('laneId') : undefined;
      if (typeof laneId === 'string' && vanishedLanes.has(laneId)) problems.push({ path: `items.${id}.laneId`, message: `refers to unknown lane "${laneId}"` });
    }
  }
  return problems;
}
