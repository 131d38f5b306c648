/**
 * Two real server processes (the compiled server) on one PostgreSQL schema without the fan-out
 * (no REDIS_URL), each board served by one instance at a time (the fan-out's own tests are in
 * test/instances/). A board written on one instance and killed with SIGKILL opens on the other with
 * everything its clients saw; both instances' decision entries form one chain; logs and metrics
 * name the instance.
 */
import { addItem, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { boardFetch, connectProvider, createBoardOverHttp, waitFor, waitForSync } from './harness.ts';
import { buildServer, Cluster, freshCluster, type Instance } from './instances/cluster.ts';

buildServer();

const clusters: Cluster[] = [];
afterEach(async () => {
  for (const cluster of clusters.splice(0)) await cluster.stop();
});

/** The instance ids its log lines name. */
const instancesInLogs = (instance: Instance): Set<unknown> => new Set(instance.logs.map((entry) => entry.instance).filter(Boolean));

describe('two instances on one PostgreSQL database', () => {
  it('a board written on one instance, killed with SIGKILL, opens on the other with everything its clients saw', { timeout: 60_000 }, async () => {
    const cluster = new Cluster({ ...freshCluster(), redisUrl: null }); // one schema, no fan-out
    clusters.push(cluster);
    const [a, b] = await Promise.all([cluster.start('instance-a'), cluster.start('instance-b')]);
    const boardId = await createBoardOverHttp(a.http);
    const writer = connectProvider(a.ws, boardId, 'Dana');
    const watcher = connectProvider(a.ws, boardId, 'Lee');
    cluster.onStop(() => (writer.destroy(), watcher.destroy()));
    await Promise.all([waitForSync(writer), waitForSync(watcher)]);
    const laneId = readBoard(writer.doc)?.lanes[0]?.id as string;
    for (let i = 0; i < 30; i++) addItem(writer.doc, { title: `On A ${i}`, laneId });
    await waitFor(() => readBoard(watcher.doc)?.lanes[0]?.items.length === 30, 'Lee to see 30 items');
    a.process.kill('SIGKILL');
    await a.exited;

    const elsewhere: WebsocketProvider = connectProvider(b.ws, boardId, 'Kim');
    cluster.onStop(() => elsewhere.destroy());
    await waitForSync(elsewhere);
    expect(readBoard(elsewhere.doc)?.lanes[0]?.items.map((item) => item.title).sort()).toEqual(readBoard(watcher.doc)?.lanes[0]?.items.map((item) => item.title).sort());
    addItem(elsewhere.doc, { title: 'On B', laneId });
    const entries = async () => ((await (await boardFetch(`${b.http}/api/boards/${boardId}/decisions?order=asc&limit=1000`)).json()) as { entries: Array<{ seq: number; action: string; item?: { title: string } }> }).entries;
    await waitFor(async () => (await entries()).some((entry) => entry.item?.title === 'On B'), 'the entry written on B');
    const all = await entries();
    expect(all.map((entry) => entry.seq)).toEqual(all.map((_, i) => i + 1)); // one gap-free chain across both instances
    expect(all.filter((entry) => entry.action === 'item.created' && entry.item?.title.startsWith('On A')).length).toBe(30);
    expect(await (await boardFetch(`${b.http}/api/boards/${boardId}/decisions/verify`)).json()).toMatchObject({ ok: true });

    expect(instancesInLogs(a)).toEqual(new Set(['instance-a']));
    expect(instancesInLogs(b)).toEqual(new Set(['instance-b']));
    const metrics = await (await fetch(`${b.http}/metrics`)).text();
    expect(metrics).toMatch(/^lanewise_connections\{instance_id="instance-b"\} 1$/m);
    expect((await fetch(`${b.http}/readyz`)).status).toBe(200);
  });
});
