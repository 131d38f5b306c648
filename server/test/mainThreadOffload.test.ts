/**
 * The main thread keeps small, quick boards and moves a board whose updates are slow to a board
 * thread (DECISIONS 105, 157). An update slow by the wall clock only counts if its batch used the
 * CPU (a stalled machine must not move every board): the first slow update of a board is not
 * measured and only makes it a suspect; its next slow update, measured, moves it — even with other
 * boards' quick batches in between. Quick boards stay where they are.
 */
import { addItem, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectProvider, createBoardOverHttp, rawSocket, startServer, tempDataDir, tokenFor, waitFor, waitForSync, type RunningServer } from './harness.ts';
import { conflictBomb, syncMessage } from './hostileInputs.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

function join(boardId: string, name: string): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name, new Y.Doc());
  providers.push(provider);
  return provider;
}

const items = (doc: Y.Doc) => readBoard(doc)?.lanes.flatMap((lane) => lane.items.map((item) => item.title)) ?? [];

describe('boards on the main thread', () => {
  it('a board whose updates use the CPU for long moves to a board thread at its second slow update; quick boards stay', { timeout: 60_000 }, async () => {
    data = tempDataDir();
    // The message-size bound would move the board before its bomb runs: lifted, so the slow-update rule decides.
    running = await startServer(data.dir, { MAIN_THREAD_MAX_MESSAGE_BYTES: String(16 * 1024 * 1024) });
    const slow = await createBoardOverHttp(running.http);
    const quick = await createBoardOverHttp(running.http);
    const watcher = join(slow, 'Lee');
    const sam = join(quick, 'Sam');
    const kim = join(quick, 'Kim');
    await Promise.all([watcher, sam, kim].map(waitForSync));
    const thread = (boardId: string) => running.server.rooms.info(boardId)?.thread;
    expect([thread(slow), thread(quick)]).toEqual([0, 0]);
    const lane = readBoard(sam.doc)?.lanes[0]?.id as string;
    let edits = 0;
    const quickEdit = async () => {
      const name = `quick edit ${++edits}`;
      addItem(sam.doc, { title: name, laneId: lane });
      await waitFor(() => items(kim.doc).includes(name), `${name} to reach Kim`);
    };

    // 2,500 concurrent writers of the title: over 100 ms of CPU here; the second conflicts with the first's too.
    const bomb = async (firstClient: number) => {
      const { socket } = await rawSocket(running.ws, slow, tokenFor(slow, 'owner'));
      socket.send(syncMessage(2, conflictBomb(2500, firstClient)));
      return socket;
    };
    const first = await bomb(1_000_000);
    await waitFor(() => watcher.doc.store.clients.has(1_000_000 + 2499), 'the first slow update to reach Lee', 20_000);
    first.close();
    // Not measured: the board is only suspected, and stays.
    expect(thread(slow)).toBe(0);
    await quickEdit();
    await quickEdit();

    const second = await bomb(2_000_000);
    await waitFor(() => (thread(slow) ?? 0) > 0, 'the slow board to move to a board thread', 20_000);
    second.close();
    expect(thread(quick)).toBe(0);
    await quickEdit();
    expect(thread(quick)).toBe(0);
    // The watcher follows the board to its thread and still receives its edits.
    addItem(watcher.doc, { title: 'after the move', laneId: readBoard(watcher.doc)?.lanes[0]?.id as string });
    const check = join(slow, 'Dana');
    await waitForSync(check);
    await waitFor(() => items(check.doc).includes('after the move'), 'an edit after the move to be served by the board thread');
  });
});
