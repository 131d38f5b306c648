import { itemDescriptionText, readBoard, readPeople, type Item } from '@lanewise/shared';
import type * as Y from 'yjs';

/** What an import is planned against: the board's lanes, items and people as they are now. */
export interface ImportTarget {
  readonly lanes: ReadonlyArray<{ readonly id: string; readonly name: string }>;
  readonly items: readonly Item[];
  readonly people: readonly string[];
}

export function importTargetOf(doc: Y.Doc): ImportTarget {
  const view = readBoard(doc);
  if (!view) throw new Error('The document holds no board.');
  return {
    lanes: view.lanes.map((lane) => ({ id: lane.id, name: lane.name })),
    items: view.lanes.flatMap((lane) => lane.items.map((item) => ({ ...item, description: itemDescriptionText(doc, item, 'plain') }))),
    people: readPeople(doc).map((person) => person.name),
  };
}
