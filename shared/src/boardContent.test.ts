import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { itemsMap, rationalesMap } from './boardDoc.ts';
import { richTextToMarkdown } from './richText.ts';
import { parseBoardContent, readBoardContent, writeBoardContent } from './boardContent.ts';
import { BOARD_EXPORT_FORMAT, parseBoardExport } from './boardExport.ts';
import { addItem, moveItem, removeLane, updateItem } from './commands.ts';
import { addComment, deleteComment, editComment } from './conversationCommands.ts';
import { publishVote, revealEstimation, startEstimation } from './estimationCommands.ts';
import { serverOrigin } from './origin.ts';
import { readBoard } from './readBoard.ts';
import { migrateBoard } from './migrations.ts';
import { buildSampleBoard } from './sampleBoard.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { validateBoard } from './validate.ts';

const origin = serverOrigin('import');

/** The sample board plus everything an export must carry: comments, reasons, a round, a removed lane. */
function busyBoard(): Y.Doc {
  const doc = new Y.Doc();
  buildSampleBoard(doc, { idPrefix: 's', createdAt: 1_790_000_000_000 });
  const view = readBoard(doc);
  const [p0, p1, p2] = view?.lanes ?? [];
  const first = p0?.items[0]?.id as string;
  const second = p1?.items[0]?.id as string;
  moveItem(doc, second, { laneId: p0?.id as string, position: 'top' }, undefined, { rationale: 'Blocks the enterprise deal' });
  updateItem(doc, first, { description: 'Line one\nLine two, with "quotes"' });
  const root = addComment(doc, { itemId: first, text: 'Do we need SCIM too?', author: 'Priya', id: 'c1', createdAt: 1_790_000_100_000 });
  addComment(doc, { itemId: first, text: 'Later, @Priya', author: 'Sam', parentId: root, id: 'c2', createdAt: 1_790_000_200_000 });
  editComment(doc, 'c2', 'Later, @Priya — after SSO', 'Sam');
  addComment(doc, { itemId: first, text: 'oops', author: 'Sam', id: 'c3', createdAt: 1_790_000_300_000 });
  deleteComment(doc, 'c3', 'Sam');
  const round = startEstimation(doc, { itemId: first, scale: 'fibonacci', facilitator: 'Priya' });
  revealEstimation(doc, first, round);
  publishVote(doc, first, round, 'Sam#1', '8');
  publishVote(doc, first, round, 'Priya#2', '5');
  addItem(doc, { title: 'Imported one', laneId: p2?.id as string, source: { system: 'jira', key: 'PLAT-7', url: 'https://example.atlassian.net/browse/PLAT-7' } });
  // A removed lane stays in the document as a tombstone; the export leaves it out.
  removeLane(doc, p2?.id as string);
  return doc;
}

const roundTrip = (doc: Y.Doc) => {
  const json = JSON.stringify(readBoardContent(doc));
  const parsed = parseBoardContent(JSON.parse(json));
  if (!parsed.ok) throw new Error(parsed.message);
  const copy = new Y.Doc();
  writeBoardContent(copy, parsed.content, origin);
  return { json, copy };
};

describe('board content (JSON export and import)', () => {
  it('round-trips a whole board exactly: export → import into a new board → export gives the same JSON', () => {
    const doc = busyBoard();
    const { json, copy } = roundTrip(doc);
    expect(validateBoard(copy).ok).toBe(true);
    expect(JSON.stringify(readBoardContent(copy))).toBe(json);
    // The new board shows what the old one showed, lane for lane, card for card.
    expect(readBoard(copy)).toEqual(readBoard(doc));
    const content = JSON.parse(json) as ReturnType<typeof readBoardContent>;
    expect(content.comments.map((comment) => [comment.id, comment.deleted, comment.editedAt !== null])).toEqual([
      ['c1', false, false],
      ['c2', false, true],
      ['c3', true, false],
    ]);
    expect(content.rationales).toEqual([expect.objectContaining({ text: 'Blocks the enterprise deal' })]);
    expect(content.estimation[0]?.votes).toEqual({ 'Priya#2': '5', 'Sam#1': '8' });
    expect(content.items.find((item) => item.title === 'Imported one')?.source).toEqual({ system: 'jira', key: 'PLAT-7', url: 'https://example.atlassian.net/browse/PLAT-7' });
    expect(content.lanes.map((lane) => lane.name)).toEqual(['P0', 'P1', 'Later']);
  });

  it('writes the new board in one transaction', () => {
    const { json } = roundTrip(busyBoard());
    const parsed = parseBoardContent(JSON.parse(json));
    if (!parsed.ok) throw new Error(parsed.message);
    const copy = new Y.Doc();
    let transactions = 0;
    copy.on('afterTransaction', () => transactions++);
    writeBoardContent(copy, parsed.content, origin);
    expect(transactions).toBe(1);
    expect(rationalesMap(copy).size).toBe(1);
  });

  it('migrates a file of schema version 1 through the stored-board migration steps', () => {
    const file = JSON.parse(readFileSync(new URL('../test/fixtures/board-export-schema-v1.json', import.meta.url), 'utf8')) as unknown;
    const parsed = parseBoardExport(file);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.migrations).toEqual(['v2-budgets-people-conversations', 'v3-collaborative-text', 'v4-retro-boards']);
    expect(parsed.value.board.schemaVersion).toBe(SCHEMA_VERSION);
    expect(parsed.value.board.meta).toMatchObject({ title: 'Q3 planning — Product & Engineering', limitMode: 'soft', techHealthTarget: 0.2, planningPeriod: '' });
    expect(parsed.value.board.items).toHaveLength(22);
    expect(parsed.value.board.people).toEqual([]);
  });

  it('refuses a file it cannot trust, naming the place and the problem', () => {
    const good = { format: BOARD_EXPORT_FORMAT, version: 1, exportedAt: '2026-01-01T00:00:00.000Z', boardId: 'b', board: readBoardContent(busyBoard()) };
    const withItem = (patch: object) => ({ ...good, board: { ...good.board, items: good.board.items.map((item, index) => (index === 3 ? { ...item, ...patch } : item)) } });
    const cases: Array<[unknown, RegExp]> = [
      [[1, 2], /expected a JSON object/],
      [{ ...good, format: 'trello' }, /not a Lanewise board export: "format" is "trello"/],
      [{ ...good, version: 7 }, /newer Lanewise \(export version 7/],
      [{ ...good, board: { ...good.board, schemaVersion: 99 } }, /newer Lanewise \(schema 99/],
      [withItem({ title: 'x'.repeat(201) }), /^board\.items\[3\]\.title: must be at most 200 characters/],
      [withItem({ laneId: 'nowhere' }), /^board\.items\[3\]\.laneId: refers to a lane that is not in the file/],
      [withItem({ id: good.board.items[0]?.id }), /^board\.items\[3\]\.id: repeats the id/],
      [withItem({ source: { system: 'trello', key: 'T-1' } }), /^board\.items\[3\]\.source\.system/],
      [withItem({ secret: 1 }), /^board\.items\[3\]: Unrecognized key: "secret"/],
      [{ ...good, board: { ...good.board, lanes: [] } }, /^board\.lanes: a board needs at least one lane/],
      [{ ...good, extra: true }, /^file: Unrecognized key: "extra"/],
    ];
    for (const [file, message] of cases) {
      const parsed = parseBoardExport(file);
      expect(parsed.ok, JSON.stringify(message)).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
  });

  it('carries formatted descriptions whole (richDescription): export → import → export is exact, and unsafe content is refused', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(readFileSync(new URL('../test/fixtures/board-v3.bin', import.meta.url))));
    migrateBoard(doc); // the frozen v3 board, as the server opens it today
    const exported = readBoardContent(doc);
    const formatted = exported.items.find((item) => item.id === 'v2desc01');
    expect(formatted?.richDescription).toBeDefined();
    expect(exported.items.find((item) => item.id === 'v2desc00')?.richDescription).toBeUndefined(); // plain paragraphs: the text says it all
    const parsed = parseBoardContent(JSON.parse(JSON.stringify(exported)));
    if (!parsed.ok) throw new Error(parsed.message);
    const copy = new Y.Doc();
    writeBoardContent(copy, parsed.content, origin);
    expect(readBoardContent(copy)).toEqual(exported);
    const markdown = (d: Y.Doc) => richTextToMarkdown(itemsMap(d).get('v2desc01')?.get('description') as Y.XmlFragment);
    expect(markdown(copy)).toBe(markdown(doc));
    expect(markdown(copy)).toContain('[the dashboard](https://example.com/dash)');
    expect(validateBoard(copy).ok).toBe(true);

    const hostile = JSON.parse(JSON.stringify(exported)) as { items: Array<{ id: string; richDescription?: unknown }> };
    const target = hostile.items.find((item) => item.id === 'v2desc01');
    if (target) target.richDescription = [{ type: 'paragraph', content: [{ text: 'x', marks: { link: { href: 'javascript:alert(1)' } } }] }];
    const refused = parseBoardContent(hostile);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? '' : refused.message).toMatch(/richDescription: 0\.0 has a link that is not http\(s\) or mailto/);
    if (target) target.richDescription = [{ type: 'script' }];
    expect(parseBoardContent(hostile)).toMatchObject({ ok: false, message: expect.stringMatching(/"script" node, not allowed/) as unknown });
  });
});
