/**
 * Two real server processes (the compiled server) on one PostgreSQL schema without the fan-out
 * (no REDIS_URL), each board served by one instance at a time (the fan-out's own tests are in
 * test/instances/). A board written on one instance and killed with SIGKILL opens on the other with
 * everything its clients saw; both instances' decision entries form one chain; logs and metrics
 * name the instance.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addItem, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { backendEnv } from './backend.ts';
import { boardFetch, connectProvider, createBoardOverHttp, tempDataDir, waitFor, waitForSync } from './harness.ts';

const serverEntry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });

interface Instance {
  readonly process: ChildProcess;
  readonly http: string;
  readonly ws: string;
  readonly logInstances: Set<string>;
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server process on its own data directory (links, secret file) and the shared schema of `schemaDir`. */
function spawnInstance(schemaDir: string, instanceId: string): Promise<Instance> {
  const data = tempDataDir();
  cleanups.push(data.remove);
  const child = spawn(process.execPath, [serverEntry], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: data.dir,
      CLIENT_DIST: `${data.dir}/none`,
      LOG_LEVEL: 'info',
      INSTANCE_ID: instanceId,
      LANEWISE_SECRET: 'one-secret-shared-by-every-instance-of-this-test',
      ...backendEnv(schemaDir),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  const logInstances = new Set<string>();
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number; instance?: string };
        if (entry.instance) logInstances.add(entry.instance);
        if (entry.msg === 'Lanewise is listening' && entry.port) resolve({ process: child, http: `http://127.0.0.1:${entry.port}`, ws: `ws://127.0.0.1:${entry.port}`, logInstances });
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

describe('two instances on one PostgreSQL database', () => {
  it('a board written on one instance, killed with SIGKILL, opens on the other with everything its clients saw', { timeout: 60_000 }, async () => {
    const shared = tempDataDir(); // names the schema both instances use
    cleanups.push(shared.remove);
    const [a, b] = await Promise.all([spawnInstance(shared.dir, 'instance-a'), spawnInstance(shared.dir, 'instance-b')]);
    const boardId = await createBoardOverHttp(a.http);
    const writer = connectProvider(a.ws, boardId, 'Dana');
    const watcher = connectProvider(a.ws, boardId, 'Lee');
    cleanups.push(() => writer.destroy(), () => watcher.destroy());
    await Promise.all([waitForSync(writer), waitForSync(watcher)]);
    const laneId = readBoard(writer.doc)?.lanes[0]?.id as string;
    for (let i = 0; i < 30; i++) addItem(writer.doc, { title: `On A ${i}`, laneId });
    await waitFor(() => readBoard(watcher.doc)?.lanes[0]?.items.length === 30, 'Lee to see 30 items');
    a.process.kill('SIGKILL');
    await new Promise((resolve) => a.process.once('exit', resolve));

    const elsewhere: WebsocketProvider = connectProvider(b.ws, boardId, 'Kim');
    cleanups.push(() => elsewhere.destroy());
    await waitForSync(elsewhere);
    expect(readBoard(elsewhere.doc)?.lanes[0]?.items.map((item) => item.title).sort()).toEqual(readBoard(watcher.doc)?.lanes[0]?.items.map((item) => item.title).sort());
    addItem(elsewhere.doc, { title: 'On B', laneId });
    const entries = async () => ((await (await boardFetch(`${b.http}/api/boards/${boardId}/decisions?order=asc&limit=1000`)).json()) as { entries: Array<{ seq: number; action: string; item?: { title: string } }> }).entries;
    await waitFor(async () => (await entries()).some((entry) => entry.item?.title === 'On B'), 'the entry written on B');
    const all = await entries();
    expect(all.map((entry) => entry.seq)).toEqual(all.map((_, i) => i + 1)); // one gap-free chain across both instances
    expect(all.filter((entry) => entry.action === 'item.created' && entry.item?.title.startsWith('On A')).length).toBe(30);
    expect(await (await boardFetch(`${b.http}/api/boards/${boardId}/decisions/verify`)).json()).toMatchObject({ ok: true });

    expect(a.logInstances).toEqual(new Set(['instance-a']));
    expect(b.logInstances).toEqual(new Set(['instance-b']));
    const metrics = await (await fetch(`${b.http}/metrics`)).text();
    expect(metrics).toMatch(/^lanewise_connections\{instance_id="instance-b"\} 1$/m);
    expect((await fetch(`${b.http}/readyz`)).status).toBe(200);
  });
});
