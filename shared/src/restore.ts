import * as Y from 'yjs';
import { itemsMap, lanesMap, metaMap, type RecordMap } from './boardDoc.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { richTextToMarkdown, setPlainText } from './richText.ts';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Makes `target`'s records equal to `source`'s, writing only the fields that differ. */
function syncRecords(target: Y.Map<RecordMap>, source: Y.Map<RecordMap>, removeMissing: (id: string, map: RecordMap) => void): void {
  for (const [id, sourceMap] of source) {
    const wanted = sourceMap.toJSON() as Record<string, unknown>;
    const existing = target.get(id);
    if (!(existing instanceof Y.Map)) {
      target.set(id, copyRecord(sourceMap));
      continue;
    }
    for (const [key, value] of Object.entries(wanted)) {
      const have = existing.get(key);
      const source = sourceMap.get(key);
      // Collaborative text is rewritten as text: a title by the smallest edit, a description
      // (when it differs) as a copy of the source's nodes.
      if (source instanceof Y.Text && have instanceof Y.Text) setPlainText(have, source.toString());
      else if (source instanceof Y.XmlFragment && have instanceof Y.XmlFragment) {
        if (richTextToMarkdown(source) === richTextToMarkdown(have) && source.toString() === have.toString()) continue;
        have.delete(0, have.length);
        have.insert(0, source.toArray().flatMap((node) => (node instanceof Y.XmlHook ? [] : [node.clone()])));
      } else if (source instanceof Y.AbstractType) existing.set(key, copyValue(source));
      else if (!same(have, value)) existing.set(key, value);
    }
    for (const key of [...existing.keys()]) if (!(key in wanted)) existing.delete(key);
  }
  for (const [id, map] of [...target.entries()]) if (!source.has(id)) removeMissing(id, map);
}

/** A record of another document as a new map; shared text types are cloned (they cannot move between documents). */
function copyRecord(source: RecordMap): RecordMap {
  const map = new Y.Map<unknown>();
  for (const [key, value] of source) map.set(key, copyValue(value));
  return map;
}

function copyValue(value: unknown): unknown {
  if (value instanceof Y.AbstractType) return value.clone();
  return value;
}

/**
 * Restores a board to the state held in `source` as a forward change: one transaction that
 * rewrites what differs. History is not rewritten, every peer sees the change like any other,
 * and restoring the state from before is the way back. Lanes added since are tombstoned (their
 * items are gone or moved back anyway); items added since are deleted.
 */
export function restoreBoard(doc: Y.Doc, source: Y.Doc, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    for (const [key, value] of Object.entries(metaMap(source).toJSON())) {
      // The board keeps its own schema version: a source is migrated before it is restored.
      if (key !== 'schemaVersion' && !same(meta.get(key), value)) meta.set(key, value);
    }
    syncRecords(lanesMap(doc), lanesMap(source), (_id, map) => map.set('deleted', true));
    syncRecords(itemsMap(doc), itemsMap(source), (id) => itemsMap(doc).delete(id));
  }, origin);
}
