import { addItem, deleteItem, DECISIONS_FEATURE, itemsMap, MessageType, moveItem, rationalesMap, readBoard } from '@lanewise/shared';
import Database from 'better-sqlite3';
import { backend, pgQuery } from './backend.ts';
import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { DecisionEntry } from '../src/decisions/DecisionEntry.ts';
import { boardFetch, connectProvider, createBoardOverHttp, startServer, tempDataDir, waitFor, waitForSync, tokenFor, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir);
});
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

/** A client that also receives live decision entries, as the Lanewise client does. */
function joinWithFeed(boardId: string, name: string): { provider: WebsocketProvider; feed: DecisionEntry[] } {
  const provider = new WebsocketProvider(`${running.ws}/sync`, boardId, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { name, features: DECISIONS_FEATURE, token: tokenFor(boardId) },
    disableBc: true,
  });
  const feed: DecisionEntry[] = [];
  provider.messageHandlers[MessageType.Decisions] = (_encoder, decoder: decoding.Decoder) => {
    feed.push(...(JSON.parse(decoding.readVarString(decoder)) as DecisionEntry[]));
  };
  providers.push(provider);
  return { provider, feed };
}

const api = async <T>(path: string, init?: RequestInit): Promise<T> => {
  const response = await boardFetch(`${running.http}${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

describe('decision log', () => {
  it('records who moved what from where to where and why, live and in the Markdown record', async () => {
    const boardId = await createBoardOverHttp(running.http, 'Q3 planning');
    const dana = joinWithFeed(boardId, 'Dana');
    const lee = joinWithFeed(boardId, 'Lee');
    await Promise.all([waitForSync(dana.provider), waitForSync(lee.provider)]);
    const [p0, p1] = readBoard(dana.provider.doc)?.lanes.map((lane) => lane.id) ?? [];
    const sso = addItem(dana.provider.doc, { title: 'SSO with SAML', laneId: p1 as string });
    await waitFor(() => lee.feed.length === 1, 'Lee to see the creation in the feed');
    const movedAt = Date.now();
    moveItem(dana.provider.doc, sso, { laneId: p0 as string, position: 'top' }, undefined, { rationale: 'Blocks the Acme renewal' });
    await waitFor(() => lee.feed.length === 2, 'Lee to see the move in the feed', 1000);
    expect(Date.now() - movedAt).toBeLessThan(1000);
    expect(lee.feed[1]).toMatchObject({
      seq: 2,
      action: 'item.moved',
      actor: { name: 'Dana', verified: false },
      item: { id: sso, title: 'SSO with SAML' },
      from: { laneName: 'P1', position: 1 },
      to: { laneName: 'P0', position: 1 },
      rationale: 'Blocks the Acme renewal',
    });

    const markdown = await (await boardFetch(`${running.http}/api/boards/${boardId}/decisions/export.md`)).text();
    expect(markdown).toContain('# Decision record — Q3 planning');
    expect(markdown).toContain('**Dana (unverified)** moved “SSO with SAML” from P1 #1 to P0 #1 — Reason: Blocks the Acme renewal');
    expect(markdown).toMatch(/## Final plan[^\n]*\n\n### P0 — 1 of 3 items, 0 pts\n\n1\. SSO with SAML — no owner · not estimated\n/);
    const csv = await (await boardFetch(`${running.http}/api/boards/${boardId}/decisions/export.csv`)).text();
    expect(csv.split('\r\n')[2]).toContain('Dana,false,item.moved');
  });

  it('takes the actor from the connection, never from what the client wrote into the document', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const mallory = connectProvider(running.ws, boardId, 'Mallory');
    providers.push(mallory);
    await waitForSync(mallory);
    const lane = readBoard(mallory.doc)?.lanes[0]?.id as string;
    const id = addItem(mallory.doc, { title: 'Forged', laneId: lane, createdBy: 'Alice (CEO)' });
    mallory.doc.transact(() => {
      itemsMap(mallory.doc).get(id)?.set('owner', 'Alice (CEO)');
      rationalesMap(mallory.doc).set(id, { text: 'Alice approved', at: 1 });
      // (An unknown key such as meta.actor would be refused outright: hostile.test.ts.)
    });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length >= 1, 'the entry');
    const { entries } = await api<{ entries: DecisionEntry[] }>(`/api/boards/${boardId}/decisions`);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.actor).toEqual({ name: 'Mallory', verified: false, via: 'editor-link' });
  });

  it('outlives the items it mentions, pages and filters, and detects a tampered row', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = connectProvider(running.ws, boardId, 'Dana');
    const lee = connectProvider(running.ws, boardId, 'Lee');
    providers.push(dana, lee);
    await Promise.all([waitForSync(dana), waitForSync(lee)]);
    const [p0, p1] = readBoard(dana.doc)?.lanes.map((lane) => lane.id) as [string, string];
    const ids = Array.from({ length: 5 }, (_, i) => addItem(dana.doc, { title: `Item ${i}`, laneId: p1 }));
    await waitFor(() => readBoard(lee.doc)?.lanes[1]?.items.length === 5, 'Lee to see the items');
    moveItem(lee.doc, ids[2] as string, { laneId: p0, position: 'top' });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 6, 'six entries');
    for (const id of ids) deleteItem(dana.doc, id);
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 11, 'eleven entries');

    const byItem = await api<{ entries: DecisionEntry[] }>(`/api/boards/${boardId}/decisions?item=${ids[2]}&order=asc`);
    expect(byItem.entries.map((e) => [e.action, e.actor.name])).toEqual([['item.created', 'Dana'], ['item.moved', 'Lee'], ['item.deleted', 'Dana']]);
    const byLee = await api<{ entries: DecisionEntry[] }>(`/api/boards/${boardId}/decisions?actor=Lee`);
    expect(byLee.entries).toHaveLength(1);
    const page1 = await api<{ entries: DecisionEntry[]; next: number | null }>(`/api/boards/${boardId}/decisions?limit=4`);
    expect(page1.entries.map((e) => e.seq)).toEqual([11, 10, 9, 8]);
    const page2 = await api<{ entries: DecisionEntry[]; next: number | null }>(`/api/boards/${boardId}/decisions?limit=4&before=${page1.next}`);
    expect(page2.entries.map((e) => e.seq)).toEqual([7, 6, 5, 4]);
    const since = await api<{ entries: DecisionEntry[] }>(`/api/boards/${boardId}/decisions?sinceSeq=9&order=asc`);
    expect(since.entries.map((e) => e.seq)).toEqual([10, 11]);
    const bad = await boardFetch(`${running.http}/api/boards/${boardId}/decisions?limit=0`);
    expect(bad.status).toBe(400);

    expect(await api(`/api/boards/${boardId}/decisions/verify`)).toMatchObject({ ok: true, checked: 11 });
    // Someone with access to the database file edits history.
    if (backend === 'sqlite') {
      const db = new Database(`${data.dir}/lanewise.db`);
      expect(() => db.prepare('UPDATE board_decisions SET body = body WHERE board_id = ?').run(boardId)).toThrow(/append-only/);
      db.exec('DROP TRIGGER board_decisions_no_update');
      db.prepare("UPDATE board_decisions SET body = replace(body, '\"Lee\"', '\"Dana\"'), actor_name = 'Dana' WHERE board_id = ? AND seq = 6").run(boardId);
      db.close();
    } else {
      await expect(pgQuery(data.dir, 'UPDATE board_decisions SET body = body WHERE board_id = $1', [boardId])).rejects.toThrow(/append-only/);
      await pgQuery(data.dir, 'ALTER TABLE board_decisions DISABLE TRIGGER board_decisions_append_only');
      await pgQuery(data.dir, "UPDATE board_decisions SET body = replace(body, '\"Lee\"', '\"Dana\"'), actor_name = 'Dana' WHERE board_id = $1 AND seq = 6", [boardId]);
    }
    expect(await api(`/api/boards/${boardId}/decisions/verify`)).toMatchObject({ ok: false, checked: 5, brokenAt: 6, problem: 'content does not match its hash', mode: 'full' });
  });
});

describe('snapshots', () => {
  it('names, diffs and restores a snapshot for every connected client, and the restore can be undone', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = joinWithFeed(boardId, 'Dana');
    const lee = connectProvider(running.ws, boardId, 'Lee');
    providers.push(lee);
    await Promise.all([waitForSync(dana.provider), waitForSync(lee)]);
    const [p0, p1] = readBoard(dana.provider.doc)?.lanes.map((lane) => lane.id) as [string, string];
    const a = addItem(dana.provider.doc, { title: 'A', laneId: p0 });
    addItem(dana.provider.doc, { title: 'B', laneId: p1 });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 2, 'two entries');
    const agreed = readBoard(dana.provider.doc);

    const { snapshot } = await api<{ snapshot: { id: string; name: string } }>(`/api/boards/${boardId}/snapshots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lanewise-name': 'Dana' },
      body: JSON.stringify({ name: 'Q3 plan – agreed' }),
    });
    moveItem(lee.doc, a, { laneId: p1, position: 'top' });
    addItem(lee.doc, { title: 'C', laneId: p0 });
    await waitFor(() => readBoard(dana.provider.doc)?.lanes[0]?.items[0]?.title === 'C', 'Dana to see the changes');

    const { diff } = await api<{ diff: { added: unknown[]; moved: Array<{ item: { title: string } }> } }>(`/api/boards/${boardId}/snapshots/${snapshot.id}/diff?to=now`);
    expect(diff.added).toHaveLength(1);
    expect(diff.moved.map((m) => m.item.title)).toEqual(['A']);

    const changed = readBoard(dana.provider.doc);
    const result = await api<{ undo: { id: string } }>(`/api/boards/${boardId}/snapshots/${snapshot.id}/restore`, { method: 'POST', headers: { 'x-lanewise-name': 'Dana' } });
    await waitFor(() => JSON.stringify(readBoard(lee.doc)) === JSON.stringify(agreed), 'Lee to see the restored board');
    await waitFor(() => JSON.stringify(readBoard(dana.provider.doc)) === JSON.stringify(agreed), 'Dana to see the restored board');
    await waitFor(() => dana.feed.some((e) => e.action === 'snapshot.restored'), 'the restore in the feed');
    const restoreEntries = (await running.server.storage.decisions.list(boardId, { order: 'asc' })).filter((e) => e.at >= 0).slice(-1);
    expect(restoreEntries.map((e) => [e.action, e.actor.name])).toEqual([['snapshot.restored', 'Dana']]);

    await api(`/api/boards/${boardId}/snapshots/${result.undo.id}/restore`, { method: 'POST' });
    await waitFor(() => JSON.stringify(readBoard(lee.doc)) === JSON.stringify(changed), 'the undo to reach Lee');

    const missing = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots/nope/restore`, { method: 'POST' });
    expect(missing.status).toBe(404);
    const empty = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":""}' });
    expect(empty.status).toBe(400);
  });

  it('keeps an automatic snapshot when a session that changed something ends', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const dana = connectProvider(running.ws, boardId, 'Dana');
    await waitForSync(dana);
    addItem(dana.doc, { title: 'A', laneId: readBoard(dana.doc)?.lanes[0]?.id as string });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 1, 'the entry');
    dana.destroy();
    await waitFor(async () => (await running.server.storage.snapshots.list(boardId)).length === 1, 'the session snapshot');
    expect((await running.server.storage.snapshots.list(boardId))[0]).toMatchObject({ kind: 'session-end', createdBy: { name: 'Lanewise' } });
  });
});
