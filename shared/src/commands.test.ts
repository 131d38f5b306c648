import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addItem,
  addLane,
  createBoard,
  deleteItem,
  moveItem,
  moveLane,
  removeLane,
  renameLane,
  updateItem,
  updateLane,
} from './commands.ts';
import { BoardCommandError } from './errors.ts';
import { localOrigin } from './origin.ts';
import { readBoard } from './readBoard.ts';
import { validateBoard } from './validate.ts';
import { SCHEMA_VERSION } from './schema.ts';

function planningBoard() {
  const doc = new Y.Doc();
  const [p0, p1, p2, later] = createBoard(doc, { title: 'Q3', template: 'planning', createdAt: 1 }) as [string, string, string, string];
  return { doc, p0, p1, p2, later };
}

function titles(doc: Y.Doc) {
  return readBoard(doc)?.lanes.map((lane) => [lane.name, lane.items.map((item) => item.title)]);
}

describe('board commands', () => {
  it('creates a board from each template', () => {
    const { doc } = planningBoard();
    expect(titles(doc)).toEqual([['P0', []], ['P1', []], ['P2', []], ['Later', []]]);
    const now = new Y.Doc();
    createBoard(now, { title: 'Roadmap', template: 'now-next-later' });
    expect(readBoard(now)?.lanes.map((lane) => lane.name)).toEqual(['Now', 'Next', 'Later']);
    expect(readBoard(now)?.meta).toMatchObject({ title: 'Roadmap', template: 'now-next-later', kind: 'planning', schemaVersion: SCHEMA_VERSION, limitMode: 'soft', techHealthTarget: 0.2 });
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('refuses to create a board twice in one document or with an empty title', () => {
    const { doc } = planningBoard();
    expect(() => createBoard(doc, { title: 'Again', template: 'planning' })).toThrow(/already holds a board/);
    expect(() => createBoard(new Y.Doc(), { title: '   ', template: 'planning' })).toThrow(/title: must not be empty/);
  });

  it('adds items at the top, bottom and next to neighbours, and moves them', () => {
    const { doc, p0, p1 } = planningBoard();
    const a = addItem(doc, { title: 'A', laneId: p0 });
    const b = addItem(doc, { title: 'B', laneId: p0 });
    addItem(doc, { title: 'C', laneId: p0, placement: { position: 'top' } });
    addItem(doc, { title: 'D', laneId: p0, placement: { after: a } });
    expect(titles(doc)?.[0]).toEqual(['P0', ['C', 'A', 'D', 'B']]);
    moveItem(doc, b, { laneId: p1, position: 'top' });
    moveItem(doc, a, { laneId: p1, before: b });
    expect(titles(doc)?.slice(0, 2)).toEqual([['P0', ['C', 'D']], ['P1', ['A', 'B']]]);
    moveItem(doc, a, { laneId: p1, after: b });
    expect(titles(doc)?.[1]).toEqual(['P1', ['B', 'A']]);
  });

  it('makes each command one transaction with the given origin', () => {
    const { doc, p0 } = planningBoard();
    const origin = localOrigin('me');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const id = addItem(doc, { title: 'A', laneId: p0 }, origin);
    moveItem(doc, id, { laneId: p0, position: 'top' }, origin);
    updateItem(doc, id, { title: 'A2', tags: ['x'] }, origin);
    deleteItem(doc, id, origin);
    expect(origins).toEqual([origin, origin, origin, origin]);
  });

  it('updates fields with validation and a clear error', () => {
    const { doc, p0 } = planningBoard();
    const id = addItem(doc, { title: 'A', laneId: p0, estimate: 3, impact: 2 });
    updateItem(doc, id, { owner: ' Priya ', confidence: 0.5 });
    expect(readBoard(doc)?.lanes[0]?.items[0]).toMatchObject({ owner: 'Priya', confidence: 0.5, estimate: 3, impact: 2 });
    expect(() => updateItem(doc, id, { confidence: 2 })).toThrow(/Invalid item confidence/);
    expect(() => updateItem(doc, id, { laneId: p0 } as never)).toThrow(BoardCommandError);
    expect(() => updateItem(doc, 'nope', { title: 'x' })).toThrow(/does not exist/);
  });

  it('adds, renames, reorders and removes lanes; items of a removed lane move to the next one', () => {
    const { doc, p0, p1, later } = planningBoard();
    const x = addItem(doc, { title: 'X', laneId: p0 });
    addItem(doc, { title: 'Y', laneId: p1 });
    const extra = addLane(doc, { name: 'Icebox', placement: { after: later } });
    renameLane(doc, p1, 'Soon');
    updateLane(doc, p1, { itemLimit: 2, capacity: 10 });
    moveLane(doc, extra, { position: 'top' });
    expect(readBoard(doc)?.lanes.map((lane) => lane.name)).toEqual(['Icebox', 'P0', 'Soon', 'P2', 'Later']);
    removeLane(doc, p0);
    expect(titles(doc)).toEqual([['Icebox', []], ['Soon', ['Y', 'X']], ['P2', []], ['Later', []]]);
    expect(() => moveItem(doc, x, { laneId: p0, position: 'top' })).toThrow(/does not exist/);
    expect(validateBoard(doc).ok).toBe(true);
  });

  it('never removes the last lane', () => {
    const doc = new Y.Doc();
    const ids = createBoard(doc, { title: 'T', template: 'now-next-later' });
    removeLane(doc, ids[0] as string);
    removeLane(doc, ids[1] as string);
    expect(() => removeLane(doc, ids[2] as string)).toThrow(/at least one lane/);
  });

  it('shows an item moved concurrently into a removed lane in the next lane', () => {
    const { doc: a, p0, p1 } = planningBoard();
    const item = addItem(a, { title: 'Moved', laneId: p1 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    removeLane(a, p0);
    moveItem(b, item, { laneId: p0, position: 'top' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(titles(a)).toEqual(titles(b));
    expect(titles(a)?.[0]).toEqual(['P1', ['Moved']]);
  });

  it('orders concurrent inserts at the same spot by id and can still insert between them', () => {
    const { doc: a, p0 } = planningBoard();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    addItem(a, { title: 'from A', laneId: p0, id: 'aaa' });
    addItem(b, { title: 'from B', laneId: p0, id: 'bbb' });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(titles(a)?.[0]).toEqual(['P0', ['from A', 'from B']]);
    expect(titles(b)).toEqual(titles(a));
    addItem(a, { title: 'between', laneId: p0, placement: { after: 'aaa' } });
    expect(titles(a)?.[0]).toEqual(['P0', ['from A', 'between', 'from B']]);
  });

  it('rejects placing an item next to itself or next to an item of another lane', () => {
    const { doc, p0, p1 } = planningBoard();
    const a = addItem(doc, { title: 'A', laneId: p0 });
    const b = addItem(doc, { title: 'B', laneId: p1 });
    expect(() => moveItem(doc, a, { laneId: p0, before: a })).toThrow(/next to itself/);
    expect(() => moveItem(doc, a, { laneId: p0, before: b })).toThrow(/not in that lane/);
  });
});

describe('reasons', () => {
  it('records a reason with a new item in the same transaction', () => {
    const { doc, p0 } = planningBoard();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    const id = addItem(doc, { title: 'Urgent', laneId: p0 }, undefined, { rationale: '  Outage follow-up  ' });
    expect(transactions).toBe(1);
    expect(doc.getMap('rationales').get(id)).toMatchObject({ text: 'Outage follow-up' });
    const quiet = addItem(doc, { title: 'Quiet', laneId: p0 }, undefined, { rationale: '   ' });
    expect(doc.getMap('rationales').has(quiet)).toBe(false);
  });
});
