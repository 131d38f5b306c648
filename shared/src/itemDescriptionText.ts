import type * as Y from 'yjs';
import { itemsMap } from './boardDoc.ts';
import { descriptionOf } from './richText.ts';
import type { Item } from './schema.ts';

/**
 * The description of an item for exports, read from the document's rich text: Markdown for the
 * Markdown decision record and the board JSON, plain text (one line per paragraph, list markers
 * kept) for CSV. The one place exports read descriptions.
 */
export function itemDescriptionText(doc: Y.Doc, item: Pick<Item, 'id' | 'description'>, format: 'markdown' | 'plain' = 'markdown'): string {
  const map = itemsMap(doc).get(item.id);
  return map ? descriptionOf(map.get('description'), format) : item.description;
}
