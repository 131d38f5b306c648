import { readFileSync } from 'node:fs';
import { addItem, moveItem, readBoard, CloseCode, MessageType } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AWARENESS_BATCH_MS } from '../src/room/BoardRoom.ts';
import { syncMessage } from './hostileInputs.ts';
import { connectProvider, createBoardOverHttp, learnTokens, rawSocket, serverDoc, storedRows, tokenOfLink, startServer, tempDataDir, waitFor, waitForSync, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

function join(boardId: string, name: string): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name);
  providers.push(provider);
  return provider;
}

const titlesOf = (doc: Y.Doc) => readBoard(doc)?.lanes.map((lane) => lane.items.map((item) => item.title));

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir, { ROOM_UNLOAD_DELAY_MS: '50' });
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

describe('live sync with stock y-websocket clients', () => {
  it('lets two clients see each other\'s changes and presence', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = join(boardId, 'Dana');
    const lee = join(boardId, 'Lee');
    await Promise.all([waitForSync(dana), waitForSync(lee)]);
    const lanes = readBoard(dana.doc)?.lanes ?? [];
    expect(lanes.map((lane) => lane.name)).toEqual(['P0', 'P1', 'P2', 'Later']);

    const item = addItem(dana.doc, { title: 'SSO', laneId: lanes[1]?.id as string });
    await waitFor(() => titlesOf(lee.doc)?.[1]?.[0] === 'SSO', 'Lee to see the new item');
    moveItem(lee.doc, item, { laneId: lanes[0]?.id as string, position: 'top' });
    await waitFor(() => titlesOf(dana.doc)?.[0]?.[0] === 'SSO', 'Dana to see the move');

    dana.awareness.setLocalStateField('user', { name: 'Dana', color: '#c33' });
    await waitFor(() => [...lee.awareness.getStates().values()].some((state) => state.user?.name === 'Dana'), 'Lee to see Dana');
  });

  it('removes the presence of a closed connection at once for everyone', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = join(boardId, 'Dana');
    const lee = join(boardId, 'Lee');
    await Promise.all([waitForSync(dana), waitForSync(lee)]);
    dana.awareness.setLocalStateField('user', { name: 'Dana' });
    await waitFor(() => lee.awareness.getStates().has(dana.awareness.clientID), 'Lee to see Dana');
    // Close the socket without the client saying goodbye (no awareness removal from Dana).
    dana.shouldConnect = false;
    dana.ws?.close();
    const closedAt = Date.now();
    await waitFor(() => !lee.awareness.getStates().has(dana.awareness.clientID), 'Dana to vanish for Lee', 2000);
    expect(Date.now() - closedAt).toBeLessThan(1000); // well before the 30 s awareness timeout
  });

  it('relays presence in batches: 40 people moving cursors cost each client a bounded number of messages', { timeout: 30_000 }, async () => {
    const boardId = await createBoardOverHttp(running.http);
    const people = Array.from({ length: 40 }, (_, i) => join(boardId, `Person ${i}`));
    await Promise.all(people.map(waitForSync));
    // A plain client that records every presence message the server sends it.
    const watcher = await rawSocket(running.ws, boardId);
    const seen = new awarenessProtocol.Awareness(new Y.Doc());
    let read = 0;
    const moves = 25;
    const started = Date.now();
    for (let move = 1; move <= moves; move++) {
      for (const person of people) person.awareness.setLocalStateField('cursor', { x: move, y: move });
      await new Promise((resolve) => setTimeout(resolve, 20)); // a cursor rate of ~50 moves a second each
    }
    // Every person's last position arrives…
    await waitFor(() => {
      for (const message of watcher.received.slice(read)) {
        read++;
        if (message[0] !== MessageType.Awareness) continue;
        const decoder = decoding.createDecoder(message);
        decoding.readVarUint(decoder);
        awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
      }
      return people.every((person) => (seen.getStates().get(person.awareness.clientID) as { cursor?: { x: number } } | undefined)?.cursor?.x === moves);
    }, 'the watcher to see every last cursor position');
    const elapsed = Date.now() - started;
    // …in at most one merged message per 50 ms (plus the first), not one per move (40 × 25 = 1,000).
    const received = watcher.received.filter((message) => message[0] === MessageType.Awareness).length;
    expect(received).toBeLessThanOrEqual(Math.ceil(elapsed / AWARENESS_BATCH_MS) + 2);
    watcher.socket.close();
  });

  it('stores and relays a burst of one client\'s edits, read in one turn, in the order sent and one row each', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const lee = join(boardId, 'Lee');
    await waitForSync(lee);
    const writer = await serverDoc(running.server, boardId);
    const laneId = readBoard(writer)?.lanes[0]?.id as string;
    // Each edit builds on the one before: out of order, Yjs would park it instead of applying it.
    const updates: Uint8Array[] = [];
    writer.on('update', (update: Uint8Array) => updates.push(update));
    for (let step = 1; step <= 12; step++) addItem(writer, { title: `Step ${step}`, laneId });
    const storedBefore = (await storedRows(running.server, boardId)).length;

    const { socket } = await rawSocket(running.ws, boardId);
    // One write on the wire, so the server reads every frame in one turn.
    const tcp = (socket as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    tcp.cork();
    for (const update of updates) socket.send(syncMessage(2, update)); // sync updates
    tcp.uncork();

    const steps = Array.from({ length: 12 }, (_, i) => `Step ${i + 1}`);
    await waitFor(() => JSON.stringify(titlesOf(lee.doc)?.[0]) === JSON.stringify(steps), 'Lee to see the twelve items');
    // Stored as sent, one row each, in the order sent.
    const stored = await storedRows(running.server, boardId);
    expect(stored.slice(storedBefore)).toEqual(updates);
    socket.close();
  });

  it('keeps what was written when the server restarts', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = join(boardId, 'Dana');
    await waitForSync(dana);
    const laneId = readBoard(dana.doc)?.lanes[2]?.id as string;
    for (let i = 0; i < 20; i++) addItem(dana.doc, { title: `Item ${i}`, laneId });
    // A new board starts as a stored, validated state; the 20 additions follow it in the log.
    await waitFor(async () => (await running.server.storage.pendingUpdateCount(boardId)) >= 20, 'updates to be stored');
    dana.destroy();
    await running.stop();
    running = await startServer(data.dir);
    const fresh = join(boardId, 'Fresh');
    await waitForSync(fresh);
    expect(titlesOf(fresh.doc)?.[2]).toEqual(Array.from({ length: 20 }, (_, i) => `Item ${i}`));
  });

  it('loads a board once for concurrent joins and unloads it after the last client leaves', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const clients = Array.from({ length: 5 }, (_, i) => join(boardId, `P${i}`));
    await Promise.all(clients.map(waitForSync));
    expect(running.server.rooms.info(boardId)).toMatchObject({ loads: 1, connections: 5 });
    for (const client of clients) client.destroy();
    // Unloaded for good (the thread confirmed it), not merely on its way out: a join during the
    // unload reopens the same board on its thread, which counts as a second load.
    await waitFor(() => !running.server.rooms.holds(boardId), 'the board to unload');
    const again = join(boardId, 'Again');
    await waitForSync(again);
    expect(running.server.rooms.info(boardId)).toMatchObject({ loads: 1, connections: 1 });
  });

  it('migrates an old board on load as a stored forward change', async () => {
    const v1 = new Uint8Array(readFileSync(new URL('../../shared/test/fixtures/board-v1.bin', import.meta.url)));
    await running.server.storage.createBoard({ id: 'old-board', title: 'Old', template: 'planning', createdAt: 1, updatedAt: 1 }, v1);
    await learnTokens(running.server, 'old-board');
    const client = join('old-board', 'Dana');
    await waitForSync(client);
    expect(readBoard(client.doc)?.meta).toMatchObject({ schemaVersion: 4, limitMode: 'soft', kind: 'planning' });
    expect(await running.server.storage.pendingUpdateCount('old-board')).toBe(2);
  });

  it('closes a connection to a board that does not exist with 4404 (given a validly signed token for it)', async () => {
    const { editor } = await running.server.access.roleLinks('no-such-board');
    const { closed } = await rawSocket(running.ws, 'no-such-board', tokenOfLink(editor));
    expect(await closed).toEqual({ code: CloseCode.BoardNotFound, reason: 'board not found' });
  });

  it('folds the update log into one snapshot past the threshold and loads the same board from it', async () => {
    await running.stop();
    running = await startServer(data.dir, { COMPACT_AFTER_UPDATES: '10', ROOM_UNLOAD_DELAY_MS: '0' });
    const boardId = await createBoardOverHttp(running.http);
    const dana = join(boardId, 'Dana');
    await waitForSync(dana);
    const laneId = readBoard(dana.doc)?.lanes[0]?.id as string;
    for (let i = 0; i < 25; i++) addItem(dana.doc, { title: `Item ${i}`, laneId });
    await waitFor(async () => titlesOf(await serverDoc(running.server, boardId))?.[0]?.length === 25, 'server to apply all');
    await waitFor(async () => (await running.server.storage.pendingUpdateCount(boardId)) < 10, 'compaction');
    const stored = await running.server.storage.loadBoard(boardId);
    expect(stored?.snapshot).not.toBeNull();
    const cold = new Y.Doc();
    if (stored?.snapshot) Y.applyUpdate(cold, stored.snapshot.data);
    for (const update of stored?.updates ?? []) Y.applyUpdate(cold, update.data);
    expect(readBoard(cold)).toEqual(readBoard(dana.doc));
  });
});
