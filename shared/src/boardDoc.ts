import * as Y from 'yjs';
import { descriptionOf, plainTextOf, richTextFromPlainText } from './richText.ts';
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
    items: Object.fromEntries([...itemsMap(doc)].map(([id, map]) => [id, map instanceof Y.Map ? itemRecordToJSON(map) : map])),
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
  return readItemRecord(itemsMap(doc).get(itemId));
}

/**
 * An item's map as plain data: the title's text and the description's plain text (schema v3 keeps
 * them as `Y.Text` and `Y.XmlFragment`; older documents as strings, read the same way).
 */
export function itemRecordToJSON(map: RecordMap): Record<string, unknown> {
  const record = map.toJSON() as Record<string, unknown>;
  if (map.has('title')) record.title = plainTextOf(map.get('title'));
  if (map.has('description')) record.description = descriptionOf(map.get('description'), 'plain');
  return record;
}

export function readItemRecord(map: RecordMap | undefined): Item | undefined {
  if (!(map instanceof Y.Map)) return undefined;
  return itemRecordToJSON(map) as unknown as Item;
}

/** A new item map: plain fields as values, the title as `Y.Text`, the description as rich text. */
export function itemToRecordMap(item: Item): RecordMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(item)) {
    if (key === 'title') map.set(key, new Y.Text(String(value)));
    else if (key === 'description') map.set(key, richTextFromPlainText(String(value)));
    else map.set(key, value);
  }
  return map;
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
