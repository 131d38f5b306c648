import * as Y from 'yjs';
import type { BoardMeta, Item, Lane } from './schema.ts';

/** Typed access to the three top-level maps of a board document. */
export type RecordMap = Y.Map<unknown>;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

export function lanesMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('lanes');
}

export function itemsMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('items');
}

export function rationalesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('rationales');
}

export function peopleMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('people');
}

export function commentsMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('comments');
}

export function pokerMap(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('poker');
}

/**
 * The document as plain data, shaped like `BoardDocument`. It is not validated: run
 * `validateBoard` on it before trusting it.
 */
export function boardToJSON(doc: Y.Doc): {
  meta: unknown;
  lanes: Record<string, unknown>;
  items: Record<string, unknown>;
  rationales: Record<string, unknown>;
  people: Record<string, unknown>;
  comments: Record<string, unknown>;
  poker: Record<string, unknown>;
} {
  return {
    meta: metaMap(doc).toJSON(),
    lanes: lanesMap(doc).toJSON() as Record<string, unknown>,
    items: itemsMap(doc).toJSON() as Record<string, unknown>,
    rationales: rationalesMap(doc).toJSON() as Record<string, unknown>,
    people: peopleMap(doc).toJSON() as Record<string, unknown>,
    comments: commentsMap(doc).toJSON() as Record<string, unknown>,
    poker: pokerMap(doc).toJSON() as Record<string, unknown>,
  };
}

export function readRecord<T>(map: RecordMap | undefined): T | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  return map.toJSON() as T;
}

export function readLane(doc: Y.Doc, laneId: string): Lane | undefined {
  return readRecord<Lane>(lanesMap(doc).get(laneId));
}

export function readItem(doc: Y.Doc, itemId: string): Item | undefined {
  return readRecord<Item>(itemsMap(doc).get(itemId));
}

export function readMeta(doc: Y.Doc): BoardMeta | undefined {
  const meta = metaMap(doc);
  if (!meta.has('title')) return undefined;
  return meta.toJSON() as BoardMeta;
}

/** Writes a plain record into a new Y.Map (values stay plain JSON: strings, numbers, arrays). */
export function toRecordMap(record: object): RecordMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(record)) map.set(key, value);
  return map;
}
