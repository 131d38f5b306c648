import { describeDecision, readBoard, updateBoardMeta, updateLane } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { identity, startTestHost, updateMessage, type TestHost } from '../room/testHost.ts';

let test: TestHost;
afterEach(async () => test?.close());

describe('changes to the rules of the board are decisions (raw Yjs client)', () => {
  it('logs the hard/soft switch, the tech-health target, a lane\'s limit, capacity and planning-period flag, with who and when', async () => {
    test = await startTestHost();
    const { id: boardId, doc } = await test.createBoard();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const lanes = readBoard(client)?.lanes ?? [];
    const p1 = lanes.find((lane) => lane.name === 'P1')?.id as string;
    const later = lanes.find((lane) => lane.name === 'Later')?.id as string;
    await test.send([
      { t: 'open', boardId, knownSeq: 0 },
      { t: 'join', boardId, conn: 1, identity: identity('Erin'), decisions: false, rejoin: false },
    ]);
    const send = async (edit: (d: Y.Doc) => void) => {
      const before = Y.encodeStateVector(client);
      edit(client);
      await test.send([{ t: 'message', boardId, conn: 1, data: updateMessage(Y.encodeStateAsUpdate(client, before)) }]);
    };
    const started = Date.now();
    await send((d) => updateBoardMeta(d, { limitMode: 'hard' }));
    await send((d) => updateBoardMeta(d, { techHealthTarget: 0.3 }));
    await send((d) => updateLane(d, p1, { itemLimit: 8, capacity: 40 }));
    await send((d) => updateLane(d, later, { inPlanningPeriod: true }));
    await send((d) => updateBoardMeta(d, { limitMode: 'soft', title: 'Renamed' }));
    // A title change is not a rule of the board.
    await send((d) => updateBoardMeta(d, { title: 'Renamed again' }));

    const entries = (await test.storage.decisions.list(boardId)).sort((a, b) => a.seq - b.seq);
    expect(entries.map((entry) => `${entry.actor.name} ${describeDecision(entry)}`)).toEqual([
      'Erin switched the board to hard limits (was soft)',
      'Erin set the tech-health target to 30% (was 20%)',
      'Erin set the item limit of P1 to 8 (was 6)',
      'Erin set the capacity of P1 to 40 (was none)',
      'Erin counted lane Later in the planning period',
      'Erin switched the board to soft limits (was hard)',
    ]);
    for (const entry of entries) expect(entry.at).toBeGreaterThanOrEqual(started);
  });
});
