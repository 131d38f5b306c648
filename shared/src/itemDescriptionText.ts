import type * as Y from 'yjs';
import type { Item } from './schema.ts';

/**
 * The description of an item as plain text, for every export (JSON, roadmap Markdown and CSV).
 * The one place exports read descriptions: when descriptions become collaborative rich text,
 * this turns the item's rich text into Markdown and nothing else changes.
 */
export function itemDescriptionText(_doc: Y.Doc, item: Pick<Item, 'id' | 'description'>): string {
  return item.description;
}
