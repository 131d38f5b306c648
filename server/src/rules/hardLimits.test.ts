import { addItem, CloseCode, moveItem, rationalesMap, readBoard, swapIntoLane, updateBoardMeta, updateItem, updateLane } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identity, startTestHost, updateMessage, type TestHost } from '../room/testHost.ts';
import type { FromBoardThread } from '../threads/protocol.ts';

let test: TestHost;
afterEach(async () => test?.close());

/** A raw Yjs client: a replica of the stored board and the updates it makes. */
function replica(doc: Y.Doc) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return {
    doc: copy,
    change: (edit: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(copy);
      edit(copy);
      return Y.encodeStateAsUpdate(copy, before);
    },
  };
}

const storedRows = async (boardId: string) => {
  const stored = await test.storage.loadBoard(boardId);
  return [...(stored?.snapshot ? [stored.snapshot.data] : []), ...(stored?.updates ?? []).map((update) => update.data)].map((bytes) => [...bytes]);
};
const closesOf = (conn: number) => test.ops.filter((op): op is Extract<FromBoardThread, { t: 'close' }> => op.t === 'close' && op.conn === conn);

/**
 * A hard-limited planning board as stored: P0 (limit 3) full with three items, P1 (limit 2) full,
 * P2 with one item. Dana (conn 1) set it up; each test sends from a fresh raw client (conn 2).
 */
async function fullBoard() {
  test = await startTestHost();
  const { id: boardId, doc } = await test.createBoard();
  const dana = replica(doc);
  const [p0, p1, p2] = (readBoard(dana.doc)?.lanes ?? []).map((lane) => lane.id) as [string, string, string];
  const setup = dana.change((d) => {
    updateBoardMeta(d, { limitMode: 'hard' });
    updateLane(d, p1, { itemLimit: 2, capacity: null });
    for (const title of ['A0', 'B0', 'C0']) addItem(d, { title, laneId: p0 });
    for (const title of ['A1', 'B1']) addItem(d, { title, laneId: p1 });
    addItem(d, { title: 'A2', laneId: p2 });
  });
  await test.send([
    { t: 'open', boardId, knownSeq: 0 },
    { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
    { t: 'join', boardId, conn: 2, identity: identity('Mallory'), decisions: false, rejoin: false },
    { t: 'message', boardId, conn: 1, data: updateMessage(setup) },
  ]);
  expect(closesOf(1)).toEqual([]);
  const idOf = (title: string) => readBoard(dana.doc)?.lanes.flatMap((lane) => lane.items).find((item) => item.title === title)?.id as string;
  const send = async (edit: (d: Y.Doc) => void) => {
    // A fresh raw client on the board as stored now.
    const client = replica(await storedDoc(boardId));
    await test.send([{ t: 'message', boardId, conn: 2, data: updateMessage(client.change(edit)) }]);
  };
  const decisions = async () => (await test.storage.decisions.list(boardId)).map((entry) => ({ action: entry.action, title: entry.item?.title, rationale: entry.rationale }));
  return { boardId, p0, p1, p2, idOf, send, decisions };
}

describe('hard limits, enforced by the server (raw Yjs client)', () => {
  it('refuses a move into a full hard-limited lane with no reason: the sender is told why and nothing is stored', async () => {
    const { boardId, p0, idOf, send } = await fullBoard();
    const before = await storedRows(boardId);
    await send((d) => moveItem(d, idOf('A2'), { laneId: p0, position: 'top' }));
    expect(closesOf(2)).toEqual([expect.objectContaining({ code: CloseCode.SchemaViolation, reason: 'P0 is over its hard limit (4 of 3): move one out or give a reason; not saved' })]);
    expect(await storedRows(boardId)).toEqual(before);
  });

  it('refuses a new item added to a full hard-limited lane with no reason, and a reason written for another item does not count', async () => {
    const { boardId, p0, idOf, send } = await fullBoard();
    const before = await storedRows(boardId);
    await send((d) =>
      d.transact(() => {
        addItem(d, { title: 'Sneaked in', laneId: p0 });
        rationalesMap(d).set(idOf('A0'), { text: 'unrelated', at: 1 });
      }),
    );
    expect(closesOf(2)).toEqual([expect.objectContaining({ code: CloseCode.SchemaViolation, reason: expect.stringContaining('P0 is over its hard limit (4 of 3)') })]);
    expect(await storedRows(boardId)).toEqual(before);
  });

  it('refuses a swap whose demoted card lands in a full lane without a reason, and logs it as an override when it carries one', async () => {
    const { boardId, p0, p1, idOf, send, decisions } = await fullBoard();
    const before = await storedRows(boardId);
    // The issue's path: a card enters P1 (full), P1's weakest is "demoted" up into P0 (full).
    const swap = { itemId: idOf('A2'), target: { laneId: p1, position: 'top' as const }, demoteItemId: idOf('A1'), demoteTo: { laneId: p0, position: 'bottom' as const } };
    await send((d) => swapIntoLane(d, swap));
    expect(closesOf(2)).toEqual([expect.objectContaining({ code: CloseCode.SchemaViolation, reason: expect.stringContaining('P0 is over its hard limit (4 of 3)') })]);
    expect(await storedRows(boardId)).toEqual(before);

    await test.send([{ t: 'join', boardId, conn: 3, identity: identity('Lee'), decisions: false, rejoin: false }]);
    const lee = replica(await storedDoc(boardId));
    await test.send([{ t: 'message', boardId, conn: 3, data: updateMessage(lee.change((d) => swapIntoLane(d, swap, undefined, { rationale: 'Launch blocker for the beta' }))) }]);
    expect(closesOf(3)).toEqual([]);
    expect((await storedRows(boardId)).length).toBe(before.length + 1);
    expect(await decisions()).toEqual(
      expect.arrayContaining([
        { action: 'lane.limit-overridden', title: 'A1', rationale: 'Launch blocker for the beta' },
        expect.objectContaining({ action: 'item.moved', title: 'A2' }),
      ]),
    );
  });

  it('lets through a swap that keeps the lane\'s count, an override with a reason, a move within the lane and any move under soft limits', async () => {
    const { boardId, p0, p2, idOf, send, decisions } = await fullBoard();
    let rows = (await storedRows(boardId)).length;
    const stored = async () => {
      expect(closesOf(2)).toEqual([]);
      const now = (await storedRows(boardId)).length;
      expect(now).toBe(rows + 1);
      rows = now;
    };
    // To add a P0, demote one (into P2, which has no limit).
    await send((d) => swapIntoLane(d, { itemId: idOf('A2'), target: { laneId: p0, position: 'top' }, demoteItemId: idOf('C0'), demoteTo: { laneId: p2, position: 'top' } }));
    await stored();
    // Override with a reason (the client's "state a reason" path).
    await send((d) => moveItem(d, idOf('C0'), { laneId: p0, position: 'bottom' }, undefined, { rationale: 'Contract deadline' }));
    await stored();
    expect((await decisions()).filter((entry) => entry.action === 'lane.limit-overridden')).toEqual([{ action: 'lane.limit-overridden', title: 'C0', rationale: 'Contract deadline' }]);
    // Re-ranking inside an over-full lane and editing its items stay allowed.
    await send((d) => moveItem(d, idOf('C0'), { laneId: p0, position: 'top' }));
    await stored();
    await send((d) => updateItem(d, idOf('A0'), { estimate: 8 }));
    await stored();
    // Under soft limits the same move is only a warning.
    await send((d) => updateBoardMeta(d, { limitMode: 'soft' }));
    await stored();
    await send((d) => addItem(d, { title: 'Soft', laneId: p0 }));
    await stored();
  });

  it('refuses going over a hard capacity by effort, unless as much effort leaves', async () => {
    const { boardId, p0, p2, idOf, send } = await fullBoard();
    await send((d) => {
      updateLane(d, p2, { itemLimit: null, capacity: 10 });
      updateItem(d, idOf('A2'), { estimate: 8 });
      updateItem(d, idOf('A0'), { estimate: 5 });
      updateItem(d, idOf('B0'), { estimate: 1 });
    });
    expect(closesOf(2)).toEqual([]);
    const before = await storedRows(boardId);
    await send((d) => moveItem(d, idOf('A0'), { laneId: p2, position: 'top' }));
    expect(closesOf(2)).toEqual([expect.objectContaining({ reason: 'P2 is over its hard capacity (13 of 10): move one out or give a reason; not saved' })]);
    expect(await storedRows(boardId)).toEqual(before);
    // The same card in, the 8-point one out: effort does not grow, so it passes.
    await test.send([{ t: 'join', boardId, conn: 3, identity: identity('Lee'), decisions: false, rejoin: false }]);
    const lee = replica(await storedDoc(boardId));
    await test.send([{ t: 'message', boardId, conn: 3, data: updateMessage(lee.change((d) => swapIntoLane(d, { itemId: idOf('A0'), target: { laneId: p2, position: 'top' }, demoteItemId: idOf('A2'), demoteTo: { laneId: p0, position: 'bottom' } }))) }]);
    expect(closesOf(3)).toEqual([]);
    expect((await storedRows(boardId)).length).toBe(before.length + 1);
  });
});

/** The board document the server holds. */
async function storedDoc(boardId: string): Promise<Y.Doc> {
  await test.send([{ t: 'command', id: 998, boardId, command: { type: 'encodeState' } }]);
  const result = test.ops.findLast((op) => op.t === 'result' && op.id === 998);
  if (!result || result.t !== 'result' || !result.ok) throw new Error('no state');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, result.value as Uint8Array);
  return doc;
}
