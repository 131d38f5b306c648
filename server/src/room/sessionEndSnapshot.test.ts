import { addItem, moveItem, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identity, startTestHost, updateMessage, type TestHost } from './testHost.ts';

let test: TestHost;
afterEach(async () => test?.close());

const actor = { name: 'Priya', verified: true };

describe('the automatic "Session ended" snapshot', () => {
  it('is taken when the last person leaves a changed board, and not when every change since the last snapshot was taken back', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const [p0, p1] = (readBoard(client)?.lanes ?? []).map((lane) => lane.id) as [string, string];
    const send = async (conn: number, edit: () => void) => {
      const before = Y.encodeStateVector(client);
      edit();
      await test.send([{ t: 'message', boardId, conn, data: updateMessage(Y.encodeStateAsUpdate(client, before)) }]);
    };
    const snapshotNames = async () => (await test.storage.snapshots.list(boardId)).map((snapshot) => snapshot.name);
    /**
     * A manual snapshot, queued on the board after whatever leaving queued (loading the last
     * snapshot, comparing, saving): once its result is back, the session-end work is done.
     */
    let commandId = 0;
    const manualSnapshot = async (name: string) => {
      const id = ++commandId;
      await test.send([{ t: 'command', id, boardId, command: { type: 'takeSnapshot', name, kind: 'manual', actor } }]);
      for (let turn = 0; turn < 1000 && !test.ops.some((op) => op.t === 'result' && op.id === id); turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(test.ops.find((op) => op.t === 'result' && op.id === id)).toMatchObject({ ok: true });
    };

    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Dana'), decisions: false, rejoin: false },
    ]);
    let item = '';
    await send(1, () => (item = addItem(client, { title: 'Real change', laneId: p1 })));
    await test.send([{ t: 'leave', boardId, conn: 1 }]);
    await manualSnapshot('Marker');
    expect(await snapshotNames()).toEqual([expect.stringMatching(/^Session ended \d{4}-\d\d-\d\d \d\d:\d\d UTC$/), 'Marker']);

    // Next session: a card moved up and back again, then everyone leaves. Nothing changed.
    await test.send([{ t: 'join', boardId, conn: 2, identity: identity('Lee'), decisions: false, rejoin: false }]);
    await send(2, () => moveItem(client, item, { laneId: p0, position: 'top' }));
    await send(2, () => moveItem(client, item, { laneId: p1, position: 'top' }));
    await test.send([{ t: 'leave', boardId, conn: 2 }]);
    await manualSnapshot('After');
    expect(await snapshotNames()).toEqual([expect.stringMatching(/^Session ended/), 'Marker', 'After']);
  });
});
