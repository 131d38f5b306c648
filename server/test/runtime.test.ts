/**
 * The production runtime's endpoints: GET /metrics (Prometheus text, prom-client) and GET /readyz.
 */
import { addItem, readBoard } from '@lanewise/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connectProvider, createBoardOverHttp, startServer, tempDataDir, waitFor, waitForSync, type RunningServer } from './harness.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(env: Record<string, string> = {}): Promise<RunningServer> {
  const data = tempDataDir();
  const running = await startServer(data.dir, { INSTANCE_ID: 'test-instance-1', ...env });
  cleanups.push(data.remove, running.stop);
  return running;
}

const sample = (text: string, name: string): number => {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : Number.NaN;
};

describe('GET /metrics', () => {
  it('counts connections, live boards, relayed updates, decision entries and commit latency, labelled with the instance', async () => {
    const running = await started();
    const boardId = await createBoardOverHttp(running.http);
    const clients: WebsocketProvider[] = ['Dana', 'Lee'].map((name) => connectProvider(running.ws, boardId, name));
    cleanups.push(() => clients.forEach((client) => client.destroy()));
    await Promise.all(clients.map(waitForSync));
    const [dana, lee] = clients as [WebsocketProvider, WebsocketProvider];
    addItem(dana.doc, { title: 'Measured', laneId: readBoard(dana.doc)?.lanes[0]?.id as string });
    await waitFor(() => readBoard(lee.doc)?.lanes[0]?.items.length === 1, 'Lee to see the item');

    const response = await fetch(`${running.http}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'lanewise_connections')).toBe(2);
    expect(sample(text, 'lanewise_live_boards')).toBe(1);
    expect(sample(text, 'lanewise_updates_relayed_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lanewise_decision_entries_total')).toBeGreaterThanOrEqual(1); // "item created"
    expect(sample(text, 'lanewise_persist_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lanewise_relay_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^lanewise_persist_latency_seconds_bucket\{le="\+Inf",instance_id="test-instance-1"\} \d+$/m);
    expect(text).toContain('# TYPE lanewise_cross_instance_lag_seconds histogram');
  });
});

describe('GET /readyz', () => {
  it('is ready when the database answers', async () => {
    const running = await started();
    const response = await fetch(`${running.http}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: true } });
  });

  it('answers 503 naming the database while PostgreSQL does not answer', async () => {
    const running = await started({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere', DATABASE_SCHEMA: 'lw_nowhere' });
    const response = await fetch(`${running.http}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', checks: { database: false } });
  });
});
