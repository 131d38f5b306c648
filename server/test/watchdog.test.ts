/**
 * The watchdog: a board thread stuck on one update past UPDATE_TIMEOUT_MS is terminated and
 * replaced; the sender is closed with 1008; every board that thread owned reloads from storage on
 * the new one and its other clients are joined again (sync step 1: they send what it lacks).
 *
 * And what keeps slow work off the main thread, which no watchdog can stop (DECISIONS 105, 157):
 * a board whose updates are slow moves to a board thread. An update slow by the wall clock only
 * counts if its batch used the CPU (a stalled machine must not move every board): a board's first
 * slow update is not measured and only makes it a suspect; its next one, measured, moves it — even
 * with other boards' quick batches in between. Quick boards stay where they are.
 */
import { addItem, CloseCode, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { connectProvider, createBoardOverHttp, rawSocket, serverDoc, startServer, tempDataDir, tokenFor, waitFor, waitForSync, type RunningServer } from './harness.ts';
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

/** The board's item titles in lane order (none before the board arrived); `titles`, sorted (undefined before). */
const items = (doc: Y.Doc) => readBoard(doc)?.lanes.flatMap((lane) => lane.items.map((item) => item.title)) ?? [];
const titles = (doc: Y.Doc) => (readBoard(doc) ? items(doc).sort() : undefined);

describe('watchdog', () => {
  it('replaces a thread stuck on an update; the boards it owned reload from storage, their clients converge and nothing stored is lost', { timeout: 60_000 }, async () => {
    data = tempDataDir();
    // One board thread: both boards live on the thread the bomb will stall.
    // (The main thread owns no board here: MAIN_THREAD_BOARDS=false puts both on that thread.)
    running = await startServer(data.dir, { UPDATE_TIMEOUT_MS: '300', BOARD_THREADS: '1', MAIN_THREAD_BOARDS: 'false' });
    const target = await createBoardOverHttp(running.http);
    const neighbour = await createBoardOverHttp(running.http);
    const dana = join(target, 'Dana');
    const lee = join(target, 'Lee');
    const sam = join(neighbour, 'Sam');
    const kim = join(neighbour, 'Kim');
    await Promise.all([dana, lee, sam, kim].map(waitForSync));
    expect(running.server.rooms.info(target)?.thread).toBe(running.server.rooms.info(neighbour)?.thread);
    const lane = (provider: WebsocketProvider) => readBoard(provider.doc)?.lanes[0]?.id as string;
    addItem(dana.doc, { title: 'stored before', laneId: lane(dana) });
    addItem(sam.doc, { title: 'neighbour before', laneId: lane(sam) });
    await waitFor(() => titles(lee.doc)?.includes('stored before') === true && titles(kim.doc)?.includes('neighbour before') === true, 'the first edits to arrive');

    // About two seconds of work for Yjs: well past the 300 ms limit.
    const { socket, closed } = await rawSocket(running.ws, target);
    socket.send(syncMessage(2, conflictBomb(20_000)));
    // While the thread grinds, Sam keeps editing the neighbouring board on that thread.
    await new Promise((resolve) => setTimeout(resolve, 50));
    addItem(sam.doc, { title: 'neighbour during', laneId: lane(sam) });
    expect(await closed).toEqual({ code: CloseCode.PolicyViolation, reason: 'update took too long to apply' });

    // Both boards were loaded again on the new thread; their clients stayed connected and converge.
    await waitFor(() => (running.server.rooms.info(target)?.loads ?? 0) >= 2 && (running.server.rooms.info(neighbour)?.loads ?? 0) >= 2, 'both boards to reload');
    await waitFor(() => titles(kim.doc)?.includes('neighbour during') === true, 'Sam\'s edit made during the stall to reach Kim', 10_000);
    addItem(dana.doc, { title: 'after the stall', laneId: lane(dana) });
    await waitFor(() => titles(lee.doc)?.includes('after the stall') === true, 'Dana\'s next edit to reach Lee', 10_000);
    expect([dana, lee, sam, kim].every((provider) => provider.wsconnected)).toBe(true);

    // Nothing of the stuck update, everything else: the server's documents equal the clients'.
    for (const [boardId, a, b] of [[target, dana, lee], [neighbour, sam, kim]] as const) {
      await waitFor(async () => JSON.stringify(titles(await serverDoc(running.server, boardId))) === JSON.stringify(titles(a.doc)), `the server to hold what ${a.doc.clientID} has`);
      expect(titles(b.doc)).toEqual(titles(a.doc));
    }
    expect(readBoard(await serverDoc(running.server, target))?.meta.title).toBe('Test board'); // the bomb's title never landed

    // And it is stored: after a restart the boards come back as the clients have them.
    const expected = { target: titles(dana.doc), neighbour: titles(sam.doc) };
    for (const provider of providers.splice(0)) provider.destroy();
    await running.stop();
    running = await startServer(data.dir);
    expect(titles(await serverDoc(running.server, target))).toEqual(expected.target);
    expect(titles(await serverDoc(running.server, neighbour))).toEqual(expected.neighbour);
  });
});

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
