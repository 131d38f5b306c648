import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap } from '../src/boardDoc.ts';
import { BOARD_MIGRATIONS, migrateBoard, schemaVersionOf, type Migration } from '../src/migrations.ts';
import type { BoardView } from '../src/readBoard.ts';
import { readBoard } from '../src/readBoard.ts';
import { isRetroBoard, readRetro } from '../src/retro.ts';
import { validateBoard } from '../src/validate.ts';
import { readItem } from '../src/boardDoc.ts';
import { updateItem } from '../src/commands.ts';
import { itemDescriptionText } from '../src/itemDescriptionText.ts';
import { checkRichText, richTextToMarkdown } from '../src/richText.ts';

const fixtures = new URL('./fixtures/', import.meta.url);

function loadFrozen(version: number | string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(readFileSync(new URL(`board-v${version}.bin`, fixtures))));
  return doc;
}
const loadFrozenV1 = () => loadFrozen(1);
const frozenView = (version: number | string) => JSON.parse(readFileSync(new URL(`board-v${version}.view.json`, fixtures), 'utf8')) as BoardView;

describe('schema migrations', () => {
  it('migrates the frozen v1 document to today\'s schema, keeping every lane and item', () => {
    const doc = loadFrozenV1();
    expect(schemaVersionOf(doc)).toBe(1);
    expect(validateBoard(doc).ok).toBe(false); // v1 lacks the v2 settings
    expect(migrateBoard(doc)).toEqual(['v2-budgets-people-conversations', 'v3-collaborative-text', 'v4-retro-boards']);
    expect(validateBoard(doc).ok).toBe(true);
    const v1 = frozenView(1);
    const migrated = readBoard(doc);
    expect({ ...migrated, lanes: migrated?.lanes.map(({ inPlanningPeriod: _, ...lane }) => lane) }).toEqual({ ...v1, meta: { ...v1.meta, schemaVersion: 4, limitMode: 'soft', techHealthTarget: 0.2, planningPeriod: '', kind: 'planning' } });
  });

  it('migrates the frozen v2 document with descriptions to v3: same words, now collaborative text', () => {
    const doc = loadFrozen('2-descriptions');
    const v2 = frozenView('2-descriptions');
    expect(migrateBoard(doc)).toEqual(['v3-collaborative-text', 'v4-retro-boards']);
    expect(validateBoard(doc).ok).toBe(true);
    // Every title and description reads as it did; lanes now say whether they count for the period.
    expect(readBoard(doc)).toEqual({
      ...v2,
      meta: { ...v2.meta, schemaVersion: 4, kind: 'planning' },
      lanes: v2.lanes.map((lane) => ({ ...lane, inPlanningPeriod: lane.name !== 'Later' })),
    });
    const item = itemsMap(doc).get('v2desc00');
    expect(item?.get('title')).toBeInstanceOf(Y.Text);
    const description = item?.get('description');
    expect(description).toBeInstanceOf(Y.XmlFragment);
    expect(checkRichText(description as Y.XmlFragment)).toEqual([]);
    // One paragraph per line of the old string, Markdown-looking characters kept as text.
    expect((description as Y.XmlFragment).length).toBe(5);
    expect(richTextToMarkdown(description as Y.XmlFragment)).toContain(String.raw`\- IdP quirks \*per vendor\*`);
    expect(itemDescriptionText(doc, { id: 'v2desc00', description: '' }, 'plain')).toBe('Enterprise customers ask for it.\n\nRisks:\n- IdP quirks *per vendor*\n- 2 weeks [maybe]');
    // The migrated text merges: two people editing the title at once both keep their change.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    updateItem(doc, 'v2desc00', { title: 'SSO with SAML (enterprise tier)' });
    updateItem(other, 'v2desc00', { title: 'SSO with SAML and SCIM (enterprise)' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    expect(readItem(doc, 'v2desc00')?.title).toBe('SSO with SAML and SCIM (enterprise tier)');
    expect(readItem(other, 'v2desc00')?.title).toBe('SSO with SAML and SCIM (enterprise tier)');
  });

  it('opens the frozen v2 document (no descriptions) and the frozen v3 document', () => {
    const v2 = loadFrozen(2);
    expect(migrateBoard(v2)).toEqual(['v3-collaborative-text', 'v4-retro-boards']);
    expect(validateBoard(v2).ok).toBe(true);
    const v3 = loadFrozen(3);
    expect(schemaVersionOf(v3)).toBe(3);
    expect(migrateBoard(v3)).toEqual(['v4-retro-boards']);
    expect(validateBoard(v3).ok).toBe(true);
    const frozenV3 = frozenView(3);
    expect(readBoard(v3)).toEqual({ ...frozenV3, meta: { ...frozenV3.meta, schemaVersion: 4, kind: 'planning' } });
  });

  it('turns an older board into a planning board at v4 (retro boards), keeping everything else', () => {
    const doc = loadFrozen(2);
    migrateBoard(doc);
    expect(validateBoard(doc).ok).toBe(true);
    expect(readBoard(doc)?.meta).toMatchObject({ schemaVersion: 4, kind: 'planning' });
    expect(isRetroBoard(doc)).toBe(false);
    expect(readRetro(doc)).toBeNull();
    expect(migrateBoard(doc)).toEqual([]);
  });

  // The mechanism, exercised with a step that a future schema could plausibly need.
  const splitTags: Migration = {
    id: 'v5-lowercase-tags',
    to: 5,
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
    expect(migrateBoard(doc, registry, 5)).toEqual(['v2-budgets-people-conversations', 'v3-collaborative-text', 'v4-retro-boards', 'v5-lowercase-tags']);
    expect(schemaVersionOf(doc)).toBe(5);
    expect(itemsMap(doc).get('v1item00')?.get('tags')).toEqual(['enterprise']);
    expect(origins).toEqual([2, 3, 4, 5].map((toVersion) => ({ source: 'migration', toVersion })));
    expect(migrateBoard(doc, registry, 5)).toEqual([]);
  });

  it('refuses a document from a newer version and a gap in the steps', () => {
    const doc = loadFrozenV1();
    expect(() => migrateBoard(doc, [], 2)).toThrow(/No migration leads to schema version 2/);
    expect(() => migrateBoard(doc, BOARD_MIGRATIONS, 5)).toThrow(/No migration leads to schema version 5/);
    doc.getMap('meta').set('schemaVersion', 6);
    expect(() => migrateBoard(doc)).toThrow(/newer Lanewise/);
  });
});
