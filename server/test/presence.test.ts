/**
 * Presence against the real server, sent by a raw y-protocols awareness client: a connection
 * speaks only for the client ids it introduced, presence states have a size cap, and a closed
 * connection's presence vanishes for everyone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MAX_PRESENCE_STATE_BYTES } from '../src/room/PresenceGuard.ts';
import { connectProvider, createBoardOverHttp, rawSocket, startServer, storedRows, tempDataDir, tokenFor, waitFor, waitForSync, type RunningServer } from './harness.ts';
import { awarenessMessage, deniedReasons } from './hostileInputs.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

function join(boardId: string, name: string): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name, new Y.Doc(), { token: tokenFor(boardId, 'editor') });
  providers.push(provider);
  return provider;
}

describe.each(['viewer', 'editor'] as const)('a %s connection', (role) => {
  it('cannot rewrite or remove another connection\'s presence, nor share a 256 KiB state; its own presence works and vanishes when it leaves', { timeout: 30_000 }, async () => {
    data = tempDataDir();
    running = await startServer(data.dir);
    const boardId = await createBoardOverHttp(running.http);
    const dana = join(boardId, 'Dana');
    const lee = join(boardId, 'Lee');
    await Promise.all([waitForSync(dana), waitForSync(lee)]);
    dana.awareness.setLocalStateField('user', { name: 'Dana', cursor: { x: 10, y: 20 } });
    const danaId = dana.awareness.clientID;
    await waitFor(() => lee.awareness.getStates().get(danaId)?.user?.name === 'Dana', 'Lee to see Dana');
    const danaAtLee = lee.awareness.getStates().get(danaId);
    const before = await storedRows(running.server, boardId);

    const { socket, received, closed } = await rawSocket(running.ws, boardId, tokenFor(boardId, role));
    const clock = (lee.awareness.meta.get(danaId)?.clock ?? 0) + 10;
    socket.send(awarenessMessage(danaId, clock, { user: { name: 'Mallory as Dana', cursor: { x: 0, y: 0 } } }));
    socket.send(awarenessMessage(danaId, clock + 1, null)); // "Dana left"
    const ownId = 777_000 + (role === 'viewer' ? 1 : 2);
    socket.send(awarenessMessage(ownId, 1, { user: { name: 'Big' }, pad: 'x'.repeat(256 * 1024) }));
    // A frame of its own, small: once Lee sees it, the frames before it were handled.
    socket.send(awarenessMessage(ownId, 2, { user: { name: `Mallory (${role})` } }));
    await waitFor(() => lee.awareness.getStates().get(ownId)?.user?.name === `Mallory (${role})`, 'Lee to see the attacker\'s own presence');

    expect(lee.awareness.getStates().get(danaId)).toEqual(danaAtLee);
    expect(dana.awareness.getStates().get(danaId)?.user?.name).toBe('Dana');
    expect(lee.awareness.getStates().get(ownId)).not.toHaveProperty('pad');
    await waitFor(() => deniedReasons(received).length >= 3, 'the attacker to be told');
    const reasons = deniedReasons(received);
    expect(reasons.filter((reason) => reason === `presence of client ${danaId} belongs to another connection: not changed`)).toHaveLength(2);
    expect(reasons.some((reason) => new RegExp(`^presence state of \\d+ bytes exceeds the limit of ${MAX_PRESENCE_STATE_BYTES} bytes`).test(reason))).toBe(true);
    expect(socket.readyState).toBe(socket.OPEN); // told, not closed

    // Another connection cannot take the attacker's id either, while it is connected.
    const second = await rawSocket(running.ws, boardId, tokenFor(boardId, 'editor'));
    second.socket.send(awarenessMessage(ownId, 5, null));
    await waitFor(() => deniedReasons(second.received).length === 1, 'the second connection to be told');
    expect(lee.awareness.getStates().has(ownId)).toBe(true);

    // Leaving removes the attacker's presence for everyone; its id is free again.
    socket.close();
    await closed;
    await waitFor(() => !lee.awareness.getStates().has(ownId), 'the attacker\'s presence to vanish at Lee');
    second.socket.send(awarenessMessage(ownId, 6, { user: { name: 'Reused id' } }));
    await waitFor(() => lee.awareness.getStates().get(ownId)?.user?.name === 'Reused id', `the freed id to be usable (told: ${deniedReasons(second.received).join('; ')}; closed: ${second.socket.readyState})`);
    second.socket.close();
    await second.closed;

    expect(await storedRows(running.server, boardId)).toEqual(before);
  });
});
