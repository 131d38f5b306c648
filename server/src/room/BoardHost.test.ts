import { addComment, addItem, CloseCode, editComment, MessageType, readBoard, updateItem } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { BoardRule } from '../rules/BoardRule.ts';
import { BOARD_RULES } from '../rules/boardRules.ts';
import type { FromBoardThread } from '../threads/protocol.ts';
import { identity, startTestHost, updateMessage, type TestHost } from './testHost.ts';

let test: TestHost;
afterEach(async () => test?.close());

/** A client's replica of a stored board and the updates it makes. */
function replica(doc: Y.Doc): { doc: Y.Doc; change: (edit: (doc: Y.Doc) => void) => Uint8Array } {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return {
    doc: copy,
    change: (edit) => {
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
const relays = () => test.ops.filter((op): op is Extract<FromBoardThread, { t: 'relay' }> => op.t === 'relay' && op.seq > 0);

async function serverDoc(boardId: string): Promise<Y.Doc> {
  await test.send([{ t: 'command', id: 999, boardId, command: { type: 'encodeState' } }]);
  const result = test.ops.findLast((op) => op.t === 'result' && op.id === 999);
  if (!result || result.t !== 'result' || !result.ok) throw new Error('no state');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, result.value as Uint8Array);
  return doc;
}

describe('BoardHost: the update path on a board thread', () => {
  it('stores and relays the valid updates of a batch around a refused one, closes only its sender, and rebuilds the document from what is stored', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const laneId = readBoard(doc)?.lanes[0]?.id as string;
    const dana = replica(doc);
    const mallory = replica(doc);
    const lee = replica(doc);
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
      { t: 'join', boardId, conn: 2, identity: identity('Mallory'), decisions: false, rejoin: false },
      { t: 'join', boardId, conn: 3, identity: identity('Lee'), decisions: false, rejoin: false },
    ]);
    const before = await storedRows(boardId);

    const fromDana = dana.change((d) => addItem(d, { title: 'By Dana', laneId }));
    // Valid-looking at first (a real item) plus a field the schema does not allow.
    const fromMallory = mallory.change((d) => {
      const id = addItem(d, { title: 'By Mallory', laneId });
      (d.getMap('items').get(id) as Y.Map<unknown>).set('isAdmin', true);
    });
    const fromLee = lee.change((d) => addItem(d, { title: 'By Lee', laneId }));
    // One batch: the three arrive in the same turn, as a burst from the main thread does.
    await test.send([
      { t: 'message', boardId, conn: 1, data: updateMessage(fromDana) },
      { t: 'message', boardId, conn: 2, data: updateMessage(fromMallory) },
      { t: 'message', boardId, conn: 3, data: updateMessage(fromLee) },
    ]);

    expect(closesOf(2)).toEqual([expect.objectContaining({ code: CloseCode.SchemaViolation, reason: expect.stringMatching(/^update violates the board schema: .*isAdmin/) })]);
    expect(closesOf(1)).toEqual([]);
    expect(closesOf(3)).toEqual([]);
    // Dana's and Lee's are stored (after what was there), Mallory's is not; each relayed once, not to its sender.
    const after = await storedRows(boardId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 2);
    expect(relays().map((relay) => relay.except)).toEqual([1, 3]);
    // The document was dropped and rebuilt from storage: it holds exactly what is stored.
    const expected = replica(doc).doc;
    Y.applyUpdate(expected, fromDana);
    Y.applyUpdate(expected, fromLee);
    const server = await serverDoc(boardId);
    expect(readBoard(server)).toEqual(readBoard(expected));
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(expected));
    // …and keeps working: Lee's next edit is stored and relayed.
    Y.applyUpdate(lee.doc, fromDana);
    const itemId = readBoard(lee.doc)?.lanes[0]?.items.find((item) => item.title === 'By Lee')?.id as string;
    await test.send([{ t: 'message', boardId, conn: 3, data: updateMessage(lee.change((d) => updateItem(d, itemId, { estimate: 5 }))) }]);
    expect(relays()).toHaveLength(3);
    expect((await storedRows(boardId)).length).toBe(before.length + 3);
  });

  it('loads a validated board without building its document, and answers a first sync with the stored bytes', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
      { t: 'message', boardId, conn: 1, data: Uint8Array.of(0, 0, 1, 0) }, // sync step 1, empty state vector
    ]);
    const sends = test.ops.filter((op): op is Extract<FromBoardThread, { t: 'send' }> => op.t === 'send' && op.conn === 1);
    const stepTwo = sends.find((op) => op.data[0] === 0 && op.data[1] === 1);
    const stored = await test.storage.loadBoard(boardId);
    expect(stepTwo?.data.subarray(stepTwo.data.length - (stored?.snapshot?.data.length ?? 0))).toEqual(stored?.snapshot?.data);
    const received = new Y.Doc();
    Y.applyUpdate(received, stepTwo?.data.subarray(stepTwo.data.length - (stored?.snapshot?.data.length ?? 0)) as Uint8Array);
    expect(readBoard(received)).toEqual(readBoard(doc));
  });

  it('answers a first sync with its sync step 2 last, so a client that counts itself synced has the whole board', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const laneId = readBoard(doc)?.lanes[0]?.id as string;
    const dana = replica(doc);
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
    ]);
    // Two stored updates after the compacted state: a log tail.
    for (const title of ['First', 'Second']) await test.send([{ t: 'message', boardId, conn: 1, data: updateMessage(dana.change((d) => addItem(d, { title, laneId }))) }]);
    expect((await test.storage.loadBoard(boardId))?.updates).toHaveLength(2);

    await test.send([
      { t: 'join', boardId, conn: 2, identity: identity('Lee'), decisions: false, rejoin: false },
      { t: 'message', boardId, conn: 2, data: Uint8Array.of(0, 0, 1, 0) }, // sync step 1, empty state vector
    ]);
    // What a y-websocket provider does: apply each message in order; "synced" at the first sync step 2.
    const lee = new Y.Doc();
    let boardWhenSynced: ReturnType<typeof readBoard> | undefined;
    for (const op of test.ops) {
      if (op.t !== 'send' || op.conn !== 2 || op.data[0] !== MessageType.Sync) continue;
      const decoder = decoding.createDecoder(op.data);
      decoding.readVarUint(decoder);
      const type = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), lee, null);
      if (type === syncProtocol.messageYjsSyncStep2 && boardWhenSynced === undefined) boardWhenSynced = readBoard(lee);
    }
    expect(boardWhenSynced?.lanes[0]?.items.map((item) => item.title)).toEqual(['First', 'Second']);
    expect(boardWhenSynced).toEqual(readBoard(dana.doc));
  });

  it('commits two boards\' updates of a batch together and relays them before the batch returns; a storage failure of one board fails only that board', async () => {
    test = await startTestHost();
    const first = await test.createBoard('board-a');
    const second = await test.createBoard('board-b');
    const laneA = readBoard(first.doc)?.lanes[0]?.id as string;
    const laneB = readBoard(second.doc)?.lanes[0]?.id as string;
    await test.send([
      { t: 'open', boardId: first.id, knownSeq: 0 },
      { t: 'open', boardId: second.id, knownSeq: 0 },
      { t: 'join', boardId: first.id, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
      { t: 'join', boardId: first.id, conn: 2, identity: identity('Lee'), decisions: false, rejoin: false },
      { t: 'join', boardId: second.id, conn: 3, identity: identity('Kim'), decisions: false, rejoin: false },
      { t: 'join', boardId: second.id, conn: 4, identity: identity('Ari'), decisions: false, rejoin: false },
    ]);
    const storedA = await storedRows(first.id);
    const storedB = await storedRows(second.id);

    // Both boards in one batch: one transaction, and each relay is out when the batch returns.
    const a1 = replica(first.doc).change((d) => addItem(d, { title: 'On A', laneId: laneA }));
    const b1 = replica(second.doc).change((d) => addItem(d, { title: 'On B', laneId: laneB }));
    test.host.handle([
      { t: 'message', boardId: first.id, conn: 1, data: updateMessage(a1) },
      { t: 'message', boardId: second.id, conn: 3, data: updateMessage(b1) },
    ]);
    expect(relays().map((op) => [op.boardId, op.except])).toEqual([
      [first.id, 1],
      [second.id, 3],
    ]);
    expect((await storedRows(first.id)).length).toBe(storedA.length + 1);
    expect((await storedRows(second.id)).length).toBe(storedB.length + 1);

    // Board B's storage fails: the shared transaction fails, each board is tried alone, only B fails.
    const appendNow = test.storage.appendUpdatesNow.bind(test.storage);
    test.storage.appendUpdatesNow = (appends) => {
      if (appends.some((append) => append.boardId === second.id)) throw new Error('disk I/O error');
      return appendNow(appends);
    };
    const relayed = relays().length;
    const a2 = replica(first.doc).change((d) => addItem(d, { title: 'On A again', laneId: laneA }));
    const b2 = replica(second.doc).change((d) => addItem(d, { title: 'On B again', laneId: laneB }));
    await test.send([
      { t: 'message', boardId: first.id, conn: 2, data: updateMessage(a2) },
      { t: 'message', boardId: second.id, conn: 4, data: updateMessage(b2) },
    ]);
    expect(relays().slice(relayed).map((op) => [op.boardId, op.except])).toEqual([[first.id, 2]]);
    expect((await storedRows(first.id)).length).toBe(storedA.length + 2);
    expect((await storedRows(second.id)).length).toBe(storedB.length + 1);
    expect(closesOf(3)).toEqual([expect.objectContaining({ code: CloseCode.InternalError })]);
    expect(closesOf(4)).toEqual([expect.objectContaining({ code: CloseCode.InternalError })]);
    expect([...closesOf(1), ...closesOf(2)]).toEqual([]);
  });

  it('refuses a read-only link\'s change without applying it, and tells it so', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const viewer = replica(doc);
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 7, identity: identity('Vic', 'viewer'), decisions: false, rejoin: false },
    ]);
    const before = await storedRows(boardId);
    await test.send([{ t: 'message', boardId, conn: 7, data: updateMessage(viewer.change((d) => addItem(d, { title: 'nope', laneId: readBoard(d)?.lanes[0]?.id as string }))) }]);
    expect(test.ops.some((op) => op.t === 'send' && op.conn === 7 && op.data[0] === 2)).toBe(true); // permission denied
    expect(await storedRows(boardId)).toEqual(before);
    expect(closesOf(7)).toEqual([]);
  });
});

describe('board rules seam', () => {
  it('a rule sees who sent the update, what it touched and the values before it, and its refusal stores nothing', async () => {
    const seen: Array<{ sender: string; touched: string[]; authorBefore: unknown; textBefore: unknown; existed: boolean }> = [];
    // "A comment is edited only by its author" — the kind of rule later work adds.
    const commentAuthorship: BoardRule = {
      name: 'comments-by-their-author',
      check: ({ sender, changes }) => {
        for (const commentId of changes.touched.get('comments') ?? []) {
          const existed = changes.existedBefore('comments', commentId);
          const authorBefore = changes.fieldBefore('comments', commentId, 'author');
          seen.push({ sender: sender.name, touched: [...(changes.touched.get('comments') ?? [])], authorBefore, textBefore: changes.fieldBefore('comments', commentId, 'text'), existed });
          if (existed && authorBefore !== sender.name) return { code: CloseCode.Forbidden, reason: 'only its author can change a comment' };
        }
        return null;
      },
    };
    test = await startTestHost([commentAuthorship, ...BOARD_RULES]); // first, so it sees what the shipped rules would refuse
    const { id: boardId, doc } = await test.createBoard();
    const dana = replica(doc);
    const itemId = addItem(dana.doc, { title: 'Commented', laneId: readBoard(dana.doc)?.lanes[0]?.id as string });
    const setup = Y.encodeStateAsUpdate(dana.doc, Y.encodeStateVector(doc));
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
      { t: 'join', boardId, conn: 2, identity: identity('Lee'), decisions: false, rejoin: false },
      { t: 'message', boardId, conn: 1, data: updateMessage(setup) },
    ]);
    let commentId = '';
    await test.send([{ t: 'message', boardId, conn: 1, data: updateMessage(dana.change((d) => (commentId = addComment(d, { itemId, author: 'Dana', text: 'First draft' })))) }]);
    expect(seen.at(-1)).toMatchObject({ sender: 'Dana', existed: false, authorBefore: undefined });

    const lee = replica(dana.doc);
    const before = await storedRows(boardId);
    // Lee rewrites Dana's comment and claims it: the rule reads the author from before the edit.
    await test.send([
      {
        t: 'message',
        boardId,
        conn: 2,
        data: updateMessage(
          // A modified client: it writes the fields itself (the shared command would refuse).
          lee.change((d) => {
            const comment = d.getMap('comments').get(commentId) as Y.Map<unknown>;
            d.transact(() => {
              comment.set('text', 'Rewritten by Lee');
              comment.set('author', 'Lee');
            });
          }),
        ),
      },
    ]);
    expect(seen.at(-1)).toMatchObject({ sender: 'Lee', touched: [commentId], existed: true, authorBefore: 'Dana', textBefore: 'First draft' });
    expect(closesOf(2)).toEqual([expect.objectContaining({ code: CloseCode.Forbidden, reason: 'only its author can change a comment' })]);
    expect(await storedRows(boardId)).toEqual(before);

    // Dana edits her own: allowed, stored.
    await test.send([{ t: 'message', boardId, conn: 1, data: updateMessage(dana.change((d) => editComment(d, commentId, 'Second draft', 'Dana'))) }]);
    expect(seen.at(-1)).toMatchObject({ sender: 'Dana', authorBefore: 'Dana', textBefore: 'First draft' });
    expect((await storedRows(boardId)).length).toBe(before.length + 1);
    const server = await serverDoc(boardId);
    expect((server.getMap('comments').get(commentId) as Y.Map<unknown>).toJSON()).toMatchObject({ author: 'Dana', text: 'Second draft' });
  });
});
