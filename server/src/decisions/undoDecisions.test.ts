import { addItem, DEFAULT_ORIGIN, describeDecision, readBoard, swapIntoLane } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identity, startTestHost, updateMessage, type TestHost } from '../room/testHost.ts';

let test: TestHost;
afterEach(async () => test?.close());

describe('undo in the decision log', () => {
  it('logs undoing a swap as the undo of the entries it reverts, not as new decisions', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const [p0, p1] = (readBoard(client)?.lanes ?? []).map((lane) => lane.id) as [string, string];
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
    ]);
    const send = async (edit: () => void) => {
      const before = Y.encodeStateVector(client);
      edit();
      await test.send([{ t: 'message', boardId, conn: 1, data: updateMessage(Y.encodeStateAsUpdate(client, before)) }]);
    };
    let incoming = '';
    let leaving = '';
    await send(() => {
      leaving = addItem(client, { title: 'Leaving P0', laneId: p0 });
      incoming = addItem(client, { title: 'Entering P0', laneId: p1 });
    });
    // What the board's undo does (client boardSession): a Yjs UndoManager over meta, lanes and items, tracking local edits.
    const undo = new Y.UndoManager([client.getMap('meta'), client.getMap('lanes'), client.getMap('items')], { trackedOrigins: new Set([DEFAULT_ORIGIN]), captureTimeout: 0 });
    await send(() => swapIntoLane(client, { itemId: incoming, target: { laneId: p0, position: 'top' }, demoteItemId: leaving, demoteTo: { laneId: p1, position: 'top' } }));
    await send(() => undo.undo());
    expect(readBoard(client)?.lanes[0]?.items.map((item) => item.title)).toEqual(['Leaving P0']);

    const entries = (await test.storage.decisions.list(boardId)).sort((a, b) => a.seq - b.seq);
    const swap = entries.filter((entry) => entry.action === 'item.moved').slice(0, 2);
    expect(entries.slice(-2).map((entry) => describeDecision(entry))).toEqual(
      expect.arrayContaining([
        `undid #${swap.find((entry) => entry.item?.id === leaving)?.seq}: “Leaving P0” back from P1 #1 to P0 #1 (and “Entering P0”)`,
        `undid #${swap.find((entry) => entry.item?.id === incoming)?.seq}: “Entering P0” back from P0 #1 to P1 #1 (and “Leaving P0”)`,
      ]),
    );
    // Redoing it (the cards moved again) is a decision again, not an undo of the undo.
    await send(() => swapIntoLane(client, { itemId: incoming, target: { laneId: p0, position: 'top' }, demoteItemId: leaving, demoteTo: { laneId: p1, position: 'top' } }));
    const last = (await test.storage.decisions.list(boardId, { limit: 2 })).map((entry) => describeDecision(entry));
    for (const sentence of last) expect(sentence).toMatch(/^moved /);
  });
});
