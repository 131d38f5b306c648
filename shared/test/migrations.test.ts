import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap } from '../src/boardDoc.ts';
import { migrateBoard, schemaVersionOf, type Migration } from '../src/migrations.ts';
import { readBoard } from '../src/readBoard.ts';
import { validateBoard } from '../src/validate.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

function loadFrozenV1(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(new URL('board-v1.bin', fixtures))));
  return doc;
}

describe('schema migrations', () => {
  it('opens the frozen v1 document unchanged with today\'s code', () => {
    const doc = loadFrozenV1();
    expect(schemaVersionOf(doc)).toBe(1);
    expect(migrateBoard(doc)).toEqual([]);
    const validation = validateBoard(doc);
    expect(validation.ok).toBe(true);
    const expected: unknown = JSON.parse(readFileSync(new URL('board-v1.view.json', fixtures), 'utf8'));
    expect(readBoard(doc)).toEqual(expected);
  });

  // The mechanism, exercised with a step that a future schema could plausibly need.
  const splitTags: Migration = {
    id: 'v2-lowercase-tags',
    to: 2,
    up: (doc) => {
      for (const item of itemsMap(doc).values()) {
        const tags = item.get('tags') as string[];
        item.set('tags', tags.map((tag) => tag.toLowerCase()));
      }
    },
  };

  it('applies named steps in order, one transaction each, with a migration origin', () => {
    const doc = loadFrozenV1();
    itemsMap(doc).get('v1item00')?.set('tags', ['Enterprise']);
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(migrateBoard(doc, [splitTags], 2)).toEqual(['v2-lowercase-tags']);
    expect(schemaVersionOf(doc)).toBe(2);
    expect(itemsMap(doc).get('v1item00')?.get('tags')).toEqual(['enterprise']);
    expect(origins).toEqual([{ source: 'migration', toVersion: 2 }]);
    expect(migrateBoard(doc, [splitTags], 2)).toEqual([]);
  });

  it('refuses a document from a newer version and a gap in the steps', () => {
    const doc = loadFrozenV1();
    expect(() => migrateBoard(doc, [], 2)).toThrow(/No migration leads to schema version 2/);
    doc.getMap('meta').set('schemaVersion', 5);
    expect(() => migrateBoard(doc)).toThrow(/newer Lanewise/);
  });
});
