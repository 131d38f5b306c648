import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, addLane, createBoard, deleteItem, moveItem, renameLane, updateItem } from './commands.ts';
import { readBoard } from './readBoard.ts';
import { restoreBoard } from './restore.ts';

describe('restoreBoard', () => {
  it('brings back the saved state as one forward transaction that syncs to peers', () => {
    const doc = new Y.Doc();
    const [p0, p1] = createBoard(doc, { title: 'Q3', template: 'planning' }) as [string, string];
    const a = addItem(doc, { title: 'A', laneId: p0 });
    const b = addItem(doc, { title: 'B', laneId: p1, estimate: 3 });
    const saved = new Y.Doc();
    Y.applyUpdate(saved, Y.encodeStateAsUpdate(doc));
    const expected = readBoard(saved);

    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    doc.on('update', (update: Uint8Array) => Y.applyUpdate(peer, update));

    moveItem(doc, a, { laneId: p1, position: 'top' });
    deleteItem(doc, b);
    updateItem(doc, a, { title: 'A renamed' });
    addItem(doc, { title: 'New since', laneId: p0 });
    renameLane(doc, p0, 'Must');
    addLane(doc, { name: 'Extra' });

    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    restoreBoard(doc, saved);
    expect(transactions).toBe(1);
    expect(readBoard(doc)).toEqual(expected);
    expect(readBoard(peer)).toEqual(expected);
  });
});
