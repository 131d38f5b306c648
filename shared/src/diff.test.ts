import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, addLane, createBoard, deleteItem, moveItem, removeLane, updateItem, updateLane } from './commands.ts';
import { diffBoards, isEmptyDiff, reorderedIds } from './diff.ts';
import { readBoard, type BoardView } from './readBoard.ts';

describe('reorderedIds', () => {
  it('reports only the card that moved, not the ones it shifted', () => {
    expect([...reorderedIds(['a', 'b', 'c', 'd', 'e'], ['e', 'a', 'b', 'c', 'd'])]).toEqual(['e']);
    expect([...reorderedIds(['a', 'b', 'c'], ['a', 'b', 'c'])]).toEqual([]);
    expect([...reorderedIds(['a', 'b', 'c', 'd'], ['b', 'a', 'd', 'c'])].length).toBe(2);
  });
});

describe('diffBoards', () => {
  function board() {
    const doc = new Y.Doc();
    const [p0, p1, p2] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string, string, string];
    const ids = ['A', 'B', 'C', 'D'].map((title) => addItem(doc, { title, laneId: p1, id: title.toLowerCase() }));
    return { doc, p0, p1, p2, ids };
  }
  const view = (doc: Y.Doc) => readBoard(doc) as BoardView;

  it('is empty for the same board', () => {
    const { doc } = board();
    expect(isEmptyDiff(diffBoards(view(doc), view(doc)))).toBe(true);
  });

  it('finds added, removed, moved, re-ranked and edited items and lane changes', () => {
    const { doc, p0, p1, p2 } = board();
    const before = view(doc);
    addItem(doc, { title: 'E', laneId: p2, id: 'e' });
    deleteItem(doc, 'b');
    moveItem(doc, 'a', { laneId: p0, position: 'top' });
    moveItem(doc, 'd', { laneId: p1, position: 'top' });
    updateItem(doc, 'c', { estimate: 5, owner: 'Marco' });
    updateLane(doc, p0, { itemLimit: 2 });
    const extra = addLane(doc, { name: 'Icebox' });
    removeLane(doc, extra);
    const diff = diffBoards(before, view(doc));
    expect(diff.added).toEqual([{ item: { id: 'e', title: 'E' }, to: { laneId: p2, laneName: 'P2', position: 1 } }]);
    expect(diff.removed).toEqual([{ item: { id: 'b', title: 'B' }, from: { laneId: p1, laneName: 'P1', position: 2 } }]);
    expect(diff.moved).toEqual([{ item: { id: 'a', title: 'A' }, from: { laneId: p1, laneName: 'P1', position: 1 }, to: { laneId: p0, laneName: 'P0', position: 1 } }]);
    expect(diff.reranked).toEqual([{ item: { id: 'd', title: 'D' }, from: { laneId: p1, laneName: 'P1', position: 4 }, to: { laneId: p1, laneName: 'P1', position: 1 } }]);
    expect(diff.changed).toEqual([
      { item: { id: 'c', title: 'C' }, fields: [ { field: 'owner', before: '', after: 'Marco' }, { field: 'estimate', before: null, after: 5 } ] },
    ]);
    expect(diff.lanes.changed).toEqual([{ id: p0, name: 'P0', fields: [{ field: 'itemLimit', before: 3, after: 2 }] }]);
    expect(diff.lanes.added).toEqual([]);
  });
});
