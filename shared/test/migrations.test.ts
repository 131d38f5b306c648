import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap } from '../src/boardDoc.ts';
import { BOARD_MIGRATIONS, migrateBoard, schemaVersionOf, type Migration } from '../src/migrations.ts';
import type { BoardView } from '../src/readBoard.ts';
import { readBoard } from '../src/readBoard.ts';
import { isRetroBoard, readRetro } from '../src/retro.ts';
import { validateBoard } from '../src/validate.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

function loadFrozen(version: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(new URL(`board-v${version}.bin`, fixtures))));
  return doc;
}
const loadFrozenV1 = () => loadFrozen(1);
const frozenView = (version: number) => JSON.parse(readFileSync(new URL(`board-v${version}.view.json`, fixtures), 'utf8')) as BoardView;

describe('schema migrations', () => {
  it('migrates the frozen v1 document to today\'s schema, keeping every lane and item', () => {
    const doc = loadFrozenV1();
    expect(schemaVersionOf(doc)).toBe(1);
    expect(validateBoard(doc).ok).toBe(false); // v1 lacks the v2 settings
    expect(migrateBoard(doc)).toEqual(['v2-budgets-people-conversations', 'v3-retro-boards']);
    expect(validateBoard(doc).ok).toBe(true);
    const v1 = frozenView(1);
    expect(readBoard(doc)).toEqual({ ...v1, meta: { ...v1.meta, schemaVersion: 3, limitMode: 'soft', techHealthTarget: 0.2, planningPeriod: '', kind: 'planning' } });
  });

  it('turns the frozen v2 document into a v3 planning board, keeping everything else', () => {
    const doc = loadFrozen(2);
    expect(migrateBoard(doc)).toEqual(['v3-retro-boards']);
    expect(validateBoard(doc).ok).toBe(true);
    const v2 = frozenView(2);
    expect(readBoard(doc)).toEqual({ ...v2, meta: { ...v2.meta, schemaVersion: 3, kind: 'planning' } });
    expect(isRetroBoard(doc)).toBe(false);
    expect(readRetro(doc)).toBeNull();
    expect(migrateBoard(doc)).toEqual([]);
  });

  // The mechanism, exercised with a step that a future schema could plausibly need.
  const splitTags: Migration = {
    id: 'v4-lowercase-tags',
    to: 4,
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
    const registry = [...BOARD_MIGRATIONS, splitTags];
    expect(migrateBoard(doc, registry, 4)).toEqual(['v2-budgets-people-conversations', 'v3-retro-boards', 'v4-lowercase-tags']);
    expect(schemaVersionOf(doc)).toBe(4);
    expect(itemsMap(doc).get('v1item00')?.get('tags')).toEqual(['enterprise']);
    expect(origins).toEqual([{ source: 'migration', toVersion: 2 }, { source: 'migration', toVersion: 3 }, { source: 'migration', toVersion: 4 }]);
    expect(migrateBoard(doc, registry, 4)).toEqual([]);
  });

  it('refuses a document from a newer version and a gap in the steps', () => {
    const doc = loadFrozenV1();
    expect(() => migrateBoard(doc, [], 2)).toThrow(/No migration leads to schema version 2/);
    expect(() => migrateBoard(doc, BOARD_MIGRATIONS, 4)).toThrow(/No migration leads to schema version 4/);
    doc.getMap('meta').set('schemaVersion', 5);
    expect(() => migrateBoard(doc)).toThrow(/newer Lanewise/);
  });
});
