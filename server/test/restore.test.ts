/**
 * Restoring a snapshot against the real server: one atomic step (the "before restore" snapshot,
 * the restore and their decision entries in one storage transaction) that fully happens and is
 * relayed, or — with a real SQLite failure injected by a trigger — does not happen at all and
 * says so with a 503; and an older snapshot is migrated before it is applied.
 */
import { readFileSync } from 'node:fs';
import { addItem, metaMap, readBoard, SCHEMA_VERSION, validateBoard } from '@lanewise/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { boardFetch, connectProvider, createBoardOverHttp, serverDoc, startServer, storedRows, tempDataDir, waitFor, waitForSync, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

async function boot(): Promise<string> {
  data = tempDataDir();
  running = await startServer(data.dir);
  return createBoardOverHttp(running.http);
}

/** Everything stored about a board: its rows byte for byte, its snapshots and its decision log. */
async function storedBoard(boardId: string): Promise<unknown> {
  const storage = running.server.storage;
  return {
    rows: await storedRows(running.server, boardId),
    snapshots: await storage.snapshots.list(boardId),
    decisions: await storage.decisions.list(boardId),
  };
}

const restore = (boardId: string, snapshotId: string) => boardFetch(`${running.http}/api/boards/${boardId}/snapshots/${snapshotId}/restore`, { method: 'POST', headers: { 'x-lanewise-name': 'Dana' } });

describe('restore', () => {
  it('with a storage failure injected stores nothing, relays nothing and answers 503; without it, happens whole', { timeout: 60_000 }, async () => {
    const boardId = await boot();
    const dana = connectProvider(running.ws, boardId, 'Dana');
    providers.push(dana);
    await waitForSync(dana);
    const laneId = readBoard(dana.doc)?.lanes[0]?.id as string;
    addItem(dana.doc, { title: 'Agreed', laneId });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 1, 'the first item to be recorded');
    const created = await boardFetch(`${running.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Agreed plan' }) });
    const { snapshot } = (await created.json()) as { snapshot: { id: string } };
    addItem(dana.doc, { title: 'Added later', laneId });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).some((entry) => JSON.stringify(entry).includes('Added later')), 'the second item to be recorded');
    const titles = () => readBoard(dana.doc)?.lanes[0]?.items.map((item) => item.title);
    expect([...(titles() ?? [])].sort()).toEqual(['Added later', 'Agreed']);
    const danaSees = titles();

    // A real SQLite failure, from a second connection to the server's database file: first on the
    // restore's update row, then on its "before restore" snapshot (written after the update row).
    const db = new Database(`${data.dir}/lanewise.db`);
    const failures = [
      'CREATE TRIGGER i12b_fail BEFORE INSERT ON board_updates BEGIN SELECT RAISE(ABORT, \'injected storage failure\'); END',
      'CREATE TRIGGER i12b_fail BEFORE INSERT ON board_named_snapshots WHEN NEW.kind = \'before-restore\' BEGIN SELECT RAISE(ABORT, \'injected storage failure\'); END',
    ];
    try {
      for (const trigger of failures) {
        const before = await storedBoard(boardId);
        db.exec(trigger);
        const response = await restore(boardId, snapshot.id);
        db.exec('DROP TRIGGER i12b_fail');
        expect(response.status, trigger).toBe(503);
        expect(await response.json()).toEqual({ error: { code: 'restore_not_saved', message: 'The restore was not saved because storing it failed. The board is unchanged; try again.' } });
        expect(await storedBoard(boardId), trigger).toEqual(before);
        expect(readBoard(await serverDoc(running.server, boardId))?.lanes[0]?.items.map((item) => item.title), trigger).toEqual(danaSees);
      }
    } finally {
      db.close();
    }
    // Nothing was relayed, and Dana's connection carries on: her next edit is stored.
    expect(titles()).toEqual(danaSees);
    expect(dana.wsconnected).toBe(true);

    const response = await restore(boardId, snapshot.id);
    expect(response.status).toBe(200);
    const { undo } = (await response.json()) as { undo: { id: string; kind: string; decisionSeq: number } };
    await waitFor(() => titles()?.join() === 'Agreed', 'Dana to see the restore');
    const decisions = await running.server.storage.decisions.list(boardId);
    const taken = decisions.find((entry) => entry.action === 'snapshot.taken' && (entry.details as { snapshotId?: string }).snapshotId === undo.id);
    const restored = decisions.find((entry) => entry.action === 'snapshot.restored');
    expect(undo.kind).toBe('before-restore');
    expect(taken?.seq).toBe(undo.decisionSeq);
    expect(restored?.details).toMatchObject({ snapshotId: snapshot.id, undoSnapshotId: undo.id, removed: 1 });
    expect(restored?.seq).toBe((taken?.seq ?? 0) + 1);

    // The undo point holds the state before the restore.
    const back = await restore(boardId, undo.id);
    expect(back.status).toBe(200);
    await waitFor(() => titles()?.length === 2, 'Dana to see the restore undone');
  });

  it('migrates an older snapshot before applying it and keeps the board\'s schema version', { timeout: 30_000 }, async () => {
    const boardId = await boot();
    const v1 = new Uint8Array(readFileSync(new URL('../../shared/test/fixtures/board-v1.bin', import.meta.url)));
    const old = new Y.Doc();
    Y.applyUpdate(old, v1);
    expect(metaMap(old).get('schemaVersion')).toBe(1);
    const saved = await running.server.storage.snapshots.save({ boardId, name: 'From v1', kind: 'manual', createdBy: { name: 'Dana', verified: true }, decisionSeq: 1, data: v1 });

    const response = await restore(boardId, saved.id);
    expect(response.status).toBe(200);
    const doc = await serverDoc(running.server, boardId);
    expect(metaMap(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
    expect(validateBoard(doc).ok).toBe(true);
    expect(readBoard(doc)?.lanes.flatMap((lane) => lane.items.map((item) => item.title)).sort()).toEqual(
      readBoard(old)?.lanes.flatMap((lane) => lane.items.map((item) => item.title)).sort(),
    );
  });
});
