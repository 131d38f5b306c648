/**
 * Several instances, one board (issue 14, DECISIONS 95–99): real compiled server processes on one
 * PostgreSQL schema and one Redis, stock y-websocket clients spread over them.
 */
import { CloseCode, DECISIONS_FEATURE, itemsMap, MessageType, readBoard, addItem } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { boardFetch, connectProvider, createBoardOverHttp, rawSocket, tokenOfLink, waitFor, waitForSync } from '../harness.ts';
import { Cluster, buildServer, freshCluster, ownRedis, storedItemIds, tcpProxy } from './cluster.ts';

buildServer();

const clusters: Cluster[] = [];
const providers: WebsocketProvider[] = [];
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const cluster of clusters.splice(0)) await cluster.stop();
});

function cluster(settings: Partial<ConstructorParameters<typeof Cluster>[0]> = {}): Cluster {
  const made = new Cluster({ ...freshCluster(), ...settings });
  clusters.push(made);
  return made;
}

function client(ws: string, boardId: string, name: string, params: Record<string, string> = {}): WebsocketProvider {
  const provider = connectProvider(ws, boardId, name, undefined, params);
  providers.push(provider);
  return provider;
}

const itemIds = (provider: WebsocketProvider) => new Set(itemsMap(provider.doc).keys());
const firstLane = (provider: WebsocketProvider) => readBoard(provider.doc)?.lanes[0]?.id as string;

/** Every client holds exactly `expected` items (by id). */
function converged(clients: readonly WebsocketProvider[], expected: number): boolean {
  const first = itemIds(clients[0] as WebsocketProvider);
  if (first.size !== expected) return false;
  return clients.every((provider) => {
    const ids = itemIds(provider);
    return ids.size === first.size && [...first].every((id) => ids.has(id));
  });
}

/** Records every item id a client ever received (or made). */
function recordSeen(provider: WebsocketProvider, seen: Set<string>): void {
  const items = itemsMap(provider.doc);
  for (const id of items.keys()) seen.add(id);
  items.observe((event) => {
    for (const key of event.keysChanged) seen.add(key);
  });
}

/** Adds `count` items, one per turn of the event loop with a little spacing, calling `at(i)` after each. */
async function burst(provider: WebsocketProvider, prefix: string, count: number, at: (i: number) => unknown = () => {}): Promise<void> {
  for (let i = 0; i < count; i++) {
    addItem(provider.doc, { title: `${prefix} ${i}`, laneId: firstLane(provider) });
    await at(i);
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
}

async function decisionSeqs(storage: ReturnType<Cluster['storage']>, boardId: string): Promise<number[]> {
  return (await storage.sql<{ seq: number }>('SELECT seq FROM board_decisions WHERE board_id = $1 ORDER BY seq', [boardId])).map((row) => Number(row.seq));
}

async function expectLogGapFree(storage: ReturnType<Cluster['storage']>, boardId: string): Promise<void> {
  const seqs = await decisionSeqs(storage, boardId);
  expect(seqs.length).toBeGreaterThan(0);
  expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // one sequence, no gap, no duplicate
  const [board] = await storage.sql<{ last_seq: number }>('SELECT last_seq FROM boards WHERE id = $1', [boardId]);
  const [compacted] = await storage.sql<{ upto_seq: number }>('SELECT upto_seq FROM board_compacted WHERE board_id = $1', [boardId]);
  const updates = (await storage.sql<{ seq: number }>('SELECT seq FROM board_updates WHERE board_id = $1 ORDER BY seq', [boardId])).map((row) => Number(row.seq));
  const from = Number(compacted?.upto_seq ?? 0);
  expect(updates).toEqual(Array.from({ length: Number(board?.last_seq) - from }, (_, i) => from + i + 1));
}

describe('several instances on one PostgreSQL and Redis', () => {
  it('clients spread over three instances converge on every board; presence, tickets, revocations and restores cross instances', async () => {
    const lanewise = cluster();
    const [a, b, c] = await Promise.all([lanewise.start('inst-a'), lanewise.start('inst-b'), lanewise.start('inst-c')]);
    const instances = [a, b, c];
    const boards = [await createBoardOverHttp(a.http, 'Board one'), await createBoardOverHttp(b.http, 'Board two')];
    const byBoard = boards.map((boardId) => instances.map((instance, i) => client(instance.ws, boardId, `Person ${i}`)));
    await Promise.all(byBoard.flat().map(waitForSync));
    // Everyone writes at once, on every board.
    await Promise.all(byBoard.flatMap((clients, board) => clients.map((provider, i) => burst(provider, `b${board} p${i}`, 15))));
    for (const clients of byBoard) await waitFor(() => converged(clients, 45), 'every client of the board to hold all 45 items', 20_000);
    const storage = lanewise.storage();
    lanewise.onStop(() => storage.close());
    for (const [i, boardId] of boards.entries()) {
      expect(await storedItemIds(storage, boardId)).toEqual(itemIds(byBoard[i]?.[0] as WebsocketProvider));
      await expectLogGapFree(storage, boardId);
    }

    // Presence crosses instances and leaves with its connection.
    const [onA, , onC] = byBoard[0] as WebsocketProvider[];
    (onA as WebsocketProvider).awareness.setLocalStateField('user', { name: 'Ana on A' });
    const anaId = (onA as WebsocketProvider).awareness.clientID;
    await waitFor(() => (onC as WebsocketProvider).awareness.getStates().get(anaId)?.user?.name === 'Ana on A', "Ana's presence on instance C");
    const lateOnB = client(b.ws, boards[0] as string, 'Late on B');
    await waitForSync(lateOnB);
    await waitFor(() => lateOnB.awareness.getStates().get(anaId)?.user?.name === 'Ana on A', "Ana's presence for a client that joined B later");
    // A board loaded on C only now hears of the presence already on A at once (C asks when it loads it).
    const fresh = await createBoardOverHttp(a.http, 'Board three');
    const freshOnA = client(a.ws, fresh, 'Fresh on A');
    await waitForSync(freshOnA);
    freshOnA.awareness.setLocalStateField('user', { name: 'Bo on A' });
    const freshOnC = client(c.ws, fresh, 'Fresh on C');
    await waitForSync(freshOnC);
    await waitFor(() => freshOnC.awareness.getStates().get(freshOnA.awareness.clientID)?.user?.name === 'Bo on A', "Bo's presence for the first client of the board on C", 3000);
    (onA as WebsocketProvider).destroy();
    await waitFor(() => !(onC as WebsocketProvider).awareness.getStates().has(anaId) && !lateOnB.awareness.getStates().has(anaId), "Ana's presence to leave C and B", 5000);

    // The live decision feed crosses instances too: a card added through B shows in a feed on C.
    const feedOnC = client(c.ws, boards[0] as string, 'Feed on C', { features: DECISIONS_FEATURE });
    const feed: string[] = [];
    feedOnC.messageHandlers[MessageType.Decisions] = (_encoder, decoder: decoding.Decoder) => void feed.push(decoding.readVarString(decoder));
    await waitForSync(feedOnC);
    addItem(lateOnB.doc, { title: 'Logged across instances', laneId: firstLane(lateOnB) });
    await waitFor(() => feed.some((entries) => entries.includes('Logged across instances')), 'the decision entry made on B in the live feed on C');
    feedOnC.destroy();

    // A connection ticket issued by A is redeemed on B.
    const boardId = boards[0] as string;
    const ticketResponse = await boardFetch(`${a.http}/api/boards/${boardId}/sync-ticket`, { method: 'POST' }, 'editor');
    expect(ticketResponse.status).toBe(201);
    const { ticket } = (await ticketResponse.json()) as { ticket: string };
    const viaTicket = await new Promise<{ code: number } | 'open'>((resolve) => {
      void import('ws').then(({ WebSocket }) => {
        const socket = new WebSocket(`${b.ws}/sync/${boardId}?ticket=${ticket}`);
        socket.once('message', () => (socket.close(), resolve('open')));
        socket.once('close', (code) => resolve({ code }));
      });
    });
    expect(viaTicket).toBe('open');

    // A personal link issued on A, used on B and C, revoked on A: its sockets on B and C close with 4401.
    const issued = await boardFetch(`${a.http}/api/boards/${boardId}/links/personal`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Noor', role: 'editor' }) });
    expect(issued.status).toBe(201);
    const personal = (await issued.json()) as { id: string; link: string };
    const noorOnB = await rawSocket(b.ws, boardId, tokenOfLink(personal.link));
    const noorOnC = await rawSocket(c.ws, boardId, tokenOfLink(personal.link));
    await waitFor(() => noorOnB.received.length > 0 && noorOnC.received.length > 0, 'Noor to be served on B and C');
    expect((await boardFetch(`${a.http}/api/boards/${boardId}/links/personal/${personal.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await noorOnB.closed).code).toBe(CloseCode.Unauthorized);
    expect((await noorOnC.closed).code).toBe(CloseCode.Unauthorized);

    // A restore made through C reaches the clients of A and B.
    const clientsNow = [(byBoard[0] as WebsocketProvider[])[1] as WebsocketProvider, onC as WebsocketProvider, lateOnB];
    const taken = await boardFetch(`${c.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Before the extra' }) });
    expect(taken.status).toBe(201);
    const { snapshot } = (await taken.json()) as { snapshot: { id: string } };
    addItem(lateOnB.doc, { title: 'Extra after the snapshot', laneId: firstLane(lateOnB) });
    await waitFor(() => converged(clientsNow, 47), 'the extra item everywhere', 10_000);
    const restored = await boardFetch(`${c.http}/api/boards/${boardId}/snapshots/${snapshot.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    await waitFor(() => converged(clientsNow, 46), 'the restore to reach every client on every instance', 10_000);

    // Readiness covers the fan-out; /metrics measures the lag between instances.
    const ready = (await (await fetch(`${b.http}/readyz`)).json()) as { checks: Record<string, boolean> };
    expect(ready.checks).toEqual({ database: true, fanout: true });
    const metrics = await (await fetch(`${b.http}/metrics`)).text();
    expect(Number(/lanewise_cross_instance_lag_seconds_count\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    // Logs say which instance handled what.
    for (const instance of instances) expect(instance.logs.some((entry) => entry.instance === instance.id)).toBe(true);
  });

  it('kill -9 of one instance mid-burst: everything any client received is in PostgreSQL; its clients reconnect elsewhere and converge', async () => {
    const lanewise = cluster();
    const [a, b] = await Promise.all([lanewise.start('kill-a'), lanewise.start('kill-b')]);
    // The load balancer: A while it accepts connections, else B.
    let alive = [a.port, b.port];
    const balancer = await tcpProxy(() => alive);
    lanewise.onStop(() => balancer.close());
    const boardId = await createBoardOverHttp(a.http);
    const viaBalancer = `ws://127.0.0.1:${balancer.port}`;
    const writerA = client(viaBalancer, boardId, 'Writer on A');
    const watcherA = client(viaBalancer, boardId, 'Watcher on A');
    const writerB = client(b.ws, boardId, 'Writer on B');
    const watcherB = client(b.ws, boardId, 'Watcher on B');
    const everyone = [writerA, watcherA, writerB, watcherB];
    // Someone connected to A directly (no balancer): when A dies, their presence must leave B too.
    const onlyOnA = client(a.ws, boardId, 'Only on A');
    await Promise.all([...everyone, onlyOnA].map(waitForSync));
    onlyOnA.awareness.setLocalStateField('user', { name: 'Kit on A' });
    const kit = onlyOnA.awareness.clientID;
    await waitFor(() => watcherB.awareness.getStates().get(kit)?.user?.name === 'Kit on A', "Kit's presence on B");
    const seen = new Set<string>();
    for (const provider of everyone) recordSeen(provider, seen);

    let killed = false;
    await Promise.all([
      burst(writerA, 'A', 60, async (i) => {
        if (i !== 30) return;
        alive = [b.port];
        a.process.kill('SIGKILL');
        await a.exited;
        killed = true;
      }),
      burst(writerB, 'B', 60),
    ]);
    expect(killed).toBe(true);
    // A's heartbeat expires (3 s) and B removes the presence A carried, well before the clients' own 30 s timeout.
    await waitFor(() => !watcherB.awareness.getStates().has(kit), "Kit's presence to leave B after A died", 10_000);
    await waitFor(() => converged(everyone, 120), 'all four clients to hold all 120 items (A’s clients through B)', 30_000);
    const storage = lanewise.storage();
    lanewise.onStop(() => storage.close());
    const stored = await storedItemIds(storage, boardId);
    for (const id of seen) expect(stored.has(id), `item ${id} that a client received is stored`).toBe(true);
    expect(stored.size).toBe(120);
    await expectLogGapFree(storage, boardId);
  });

  it('Redis restarted mid-burst: instances recover, the board converges, nothing relayed is lost, the log has no gap or duplicate', async () => {
    const redis = await ownRedis();
    const lanewise = cluster({ redisUrl: redis.url });
    lanewise.onStop(() => redis.kill());
    const [a, b] = await Promise.all([lanewise.start('redis-a'), lanewise.start('redis-b')]);
    const boardId = await createBoardOverHttp(a.http);
    const onA = [client(a.ws, boardId, 'One on A'), client(a.ws, boardId, 'Two on A')];
    const onB = [client(b.ws, boardId, 'One on B'), client(b.ws, boardId, 'Two on B')];
    const everyone = [...onA, ...onB];
    await Promise.all(everyone.map(waitForSync));
    const seen = new Set<string>();
    for (const provider of everyone) recordSeen(provider, seen);
    await Promise.all([
      burst(onA[0] as WebsocketProvider, 'A', 60, async (i) => {
        if (i === 20) await redis.kill();
        if (i === 35) await redis.start();
      }),
      burst(onB[0] as WebsocketProvider, 'B', 60),
    ]);
    await waitFor(() => converged(everyone, 120), 'all four clients to hold all 120 items after Redis came back', 30_000);
    const storage = lanewise.storage();
    lanewise.onStop(() => storage.close());
    const stored = await storedItemIds(storage, boardId);
    for (const id of seen) expect(stored.has(id)).toBe(true);
    expect(stored.size).toBe(120);
    await expectLogGapFree(storage, boardId);
    await waitFor(async () => (await fetch(`${a.http}/readyz`)).status === 200 && (await fetch(`${b.http}/readyz`)).status === 200, 'both instances ready again');
    // The instances did lose Redis, and came back through the reconnect (which backfills from PostgreSQL).
    for (const instance of [a, b]) expect(instance.logs.some((entry) => entry.msg === 'Redis connection back' && entry.connection === 'reader')).toBe(true);
  });

  it('two instances compacting the same board at once: one compacted state wins, no update lost', async () => {
    const lanewise = cluster({ env: { COMPACT_AFTER_UPDATES: '8' } });
    const [a, b] = await Promise.all([lanewise.start('compact-a'), lanewise.start('compact-b')]);
    const boardId = await createBoardOverHttp(a.http);
    const everyone = [client(a.ws, boardId, 'On A'), client(b.ws, boardId, 'On B')];
    await Promise.all(everyone.map(waitForSync));
    // Both instances pass the threshold together, many times over.
    await Promise.all(everyone.map((provider, i) => burst(provider, `w${i}`, 50)));
    await waitFor(() => converged(everyone, 100), 'both clients to hold all 100 items', 20_000);
    const storage = lanewise.storage();
    lanewise.onStop(() => storage.close());
    const rows = await storage.sql<{ epoch: number; upto_seq: number }>('SELECT epoch, upto_seq FROM board_compacted WHERE board_id = $1', [boardId]);
    expect(rows).toHaveLength(1); // one compacted state per board: whichever compaction reached furthest
    expect(Number(rows[0]?.upto_seq)).toBeGreaterThan(8);
    expect(await storedItemIds(storage, boardId)).toEqual(itemIds(everyone[0] as WebsocketProvider));
    await expectLogGapFree(storage, boardId);
    // Both instances did compact this board (a compaction that lost the race is logged and keeps the log).
    for (const instance of [a, b]) expect(instance.logs.some((entry) => entry.msg === 'board compacted' && entry.boardId === boardId)).toBe(true);
  });

  it('PostgreSQL unreachable: writes are refused with 4504 and sent again later, the loaded board stays readable, nothing half-written', async () => {
    const pgPort = Number(new URL(process.env.LANEWISE_TEST_DATABASE_URL as string).port || 5432);
    const proxy = await tcpProxy(() => [pgPort]);
    const databaseUrl = new URL(process.env.LANEWISE_TEST_DATABASE_URL as string);
    databaseUrl.port = String(proxy.port);
    const lanewise = cluster({ databaseUrl: databaseUrl.toString() });
    lanewise.onStop(() => proxy.close());
    const a = await lanewise.start('pgdown-a');
    const boardId = await createBoardOverHttp(a.http);
    const writer = client(a.ws, boardId, 'Writer');
    const reader = client(a.ws, boardId, 'Reader');
    await Promise.all([waitForSync(writer), waitForSync(reader)]);
    await burst(writer, 'before', 5);
    await waitFor(() => itemIds(reader).size === 5, 'the reader to see the first 5 items');

    const closes: number[] = [];
    writer.on('connection-close', (event: { code: number } | null) => void (event && closes.push(event.code)));
    proxy.cut();
    addItem(writer.doc, { title: 'Written while the database is down', laneId: firstLane(writer) });
    await waitFor(() => closes.includes(CloseCode.StorageUnavailable), 'the write to be refused with 4504', 15_000);
    expect(itemIds(writer).size).toBe(6); // the client keeps its edit
    expect(itemIds(reader).size).toBe(5); // nothing unstored was relayed
    // The loaded board is still served: a new client gets it from memory.
    const late = client(a.ws, boardId, 'Late reader');
    await waitForSync(late);
    expect(itemIds(late).size).toBe(5);
    expect((await fetch(`${a.http}/readyz`)).status).toBe(503);

    proxy.restore();
    await waitFor(() => converged([writer, reader, late], 6), 'the refused edit to be sent again and reach everyone once the database is back', 20_000);
    const storage = new Cluster({ ...lanewise.settings, databaseUrl: process.env.LANEWISE_TEST_DATABASE_URL as string }).storage();
    lanewise.onStop(() => storage.close());
    expect((await storedItemIds(storage, boardId)).size).toBe(6);
    await expectLogGapFree(storage, boardId);
  });

  it('PostgreSQL cut while a retro draft or vote is being written: the process stays up, the writer gets 503 with a message, the same write succeeds once the database is back, nothing stored earlier is lost', async () => {
    const pgPort = Number(new URL(process.env.LANEWISE_TEST_DATABASE_URL as string).port || 5432);
    const proxy = await tcpProxy(() => [pgPort]);
    const databaseUrl = new URL(process.env.LANEWISE_TEST_DATABASE_URL as string);
    databaseUrl.port = String(proxy.port);
    const lanewise = cluster({ databaseUrl: databaseUrl.toString(), redisUrl: null });
    lanewise.onStop(() => proxy.close());
    const a = await lanewise.start('pgcut-retro');
    const boardId = await createBoardOverHttp(a.http, 'Retro on PostgreSQL', 'retro-went-well');
    const viewer = client(a.ws, boardId, 'Viewer');
    await waitForSync(viewer);
    const lane = firstLane(viewer);
    const retro = (path: string, method: string, body?: unknown, role: 'owner' | 'editor' = 'editor') =>
      boardFetch(`${a.http}/api/boards/${boardId}/retro${path}`, { method, headers: { 'content-type': 'application/json', 'x-lanewise-participant': 'ana-0123456789abcdef' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }, role);
    /** The answer, or what went wrong on the way (a crashed server gives no answer). */
    const answer = async (request: Promise<Response>) => {
      try {
        const response = await request;
        return { status: response.status, body: (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null };
      } catch (error) {
        return { status: 0, body: null, failed: String((error as Error).cause ?? error) };
      }
    };
    const up = async () => a.process.exitCode === null && a.process.signalCode === null && (await fetch(`${a.http}/healthz`)).status === 200;
    const myDrafts = async () => ((await (await retro('', 'GET')).json()) as { mine: { drafts: Array<{ text: string }> } }).mine.drafts.map((draft) => draft.text).sort();

    expect((await retro('/drafts', 'POST', { laneId: lane, text: 'Stored before the cut' })).status).toBe(201);

    // A draft save whose INSERT has reached the proxy (on a pooled connection) when PostgreSQL goes away.
    const draftInFlight = proxy.stallOn('INSERT INTO retro_drafts');
    const saving = answer(retro('/drafts', 'POST', { laneId: lane, text: 'Written during the cut' }));
    await draftInFlight;
    proxy.cut();
    const refusedDraft = await saving;
    expect(refusedDraft).toMatchObject({ status: 503, body: { error: { code: 'storage_unavailable' } } });
    expect(refusedDraft.body?.error?.message).toMatch(/database/i);
    expect(await up()).toBe(true);
    proxy.restore();
    expect((await retro('/drafts', 'POST', { laneId: lane, text: 'Written during the cut' })).status).toBe(201);
    expect(await myDrafts()).toEqual(['Stored before the cut', 'Written during the cut']);

    // The reveal turns both drafts into cards; one vote is stored, then PostgreSQL goes away in the middle of the next vote's transaction.
    expect((await retro('/phase', 'POST', { phase: 'vote' }, 'owner')).status).toBe(200);
    await waitFor(() => (readBoard(viewer.doc)?.lanes.flatMap((column) => column.items) ?? []).length === 2, 'the two revealed cards');
    const [first, second] = (readBoard(viewer.doc)?.lanes.flatMap((column) => column.items) ?? []).map((item) => item.id) as [string, string];
    expect((await retro(`/votes/${first}`, 'PUT', { votes: 1 })).status).toBe(200);
    const voteInFlight = proxy.stallOn('SELECT COALESCE(SUM(votes)'); // after BEGIN and the advisory lock
    const voting = answer(retro(`/votes/${second}`, 'PUT', { votes: 1 }));
    await voteInFlight;
    proxy.cut();
    const refusedVote = await voting;
    expect(refusedVote).toMatchObject({ status: 503, body: { error: { code: 'storage_unavailable' } } });
    expect(await up()).toBe(true);
    proxy.restore();
    const retried = await retro(`/votes/${second}`, 'PUT', { votes: 1 });
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { votes: Record<string, number> }).votes).toEqual({ [first]: 1, [second]: 1 });
    expect(await myDrafts()).toEqual([]); // revealed, as before the cuts: nothing half-written in between
  });
});
