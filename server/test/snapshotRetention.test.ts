import { addItem, readBoard } from '@lanewise/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boardFetch, connectProvider, createBoardOverHttp, startServer, tempDataDir, waitFor, waitForSync, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir, { AUTO_SNAPSHOTS_KEEP: '2', ROOM_UNLOAD_DELAY_MS: '0' });
});
afterEach(async () => {
  await running.stop();
  data.remove();
});

describe('snapshot retention', () => {
  it('keeps only the newest AUTO_SNAPSHOTS_KEEP automatic snapshots of a board, and every named one', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const named = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Agreed plan' }) });
    expect(named.status).toBe(201);
    const sessionEnds = async () => (await running.server.storage.snapshots.list(boardId)).filter((snapshot) => snapshot.kind === 'session-end');
    const taken: string[] = [];
    for (let session = 1; session <= 4; session++) {
      // Each session changes the board and ends: the server keeps a session-end snapshot.
      const before = new Set((await sessionEnds()).map((snapshot) => snapshot.id));
      const provider = connectProvider(running.ws, boardId, `Session ${session}`);
      await waitForSync(provider);
      addItem(provider.doc, { title: `Item ${session}`, laneId: readBoard(provider.doc)?.lanes[0]?.id as string });
      await waitFor(async () => (await running.server.storage.decisions.list(boardId)).some((entry) => entry.item?.title === `Item ${session}`), `item ${session} to be stored`);
      provider.destroy();
      await waitFor(async () => (await sessionEnds()).some((snapshot) => !before.has(snapshot.id)), `session ${session}'s snapshot`);
      taken.push((await sessionEnds()).find((snapshot) => !before.has(snapshot.id))?.id as string);
    }
    const listed = (await (await boardFetch(`${running.http}/api/boards/${boardId}/snapshots`)).json()) as { snapshots: Array<{ id: string; kind: string; name: string }> };
    expect(listed.snapshots.filter((snapshot) => snapshot.kind === 'session-end').map((snapshot) => snapshot.id)).toEqual(taken.slice(-2));
    expect(listed.snapshots.filter((snapshot) => snapshot.kind === 'manual').map((snapshot) => snapshot.name)).toEqual(['Agreed plan']);
    // A pruned snapshot is gone for good, with a clear answer.
    const restore = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots/${taken[0]}/restore`, { method: 'POST' });
    expect(restore.status).toBe(404);
  });
});
