/**
 * The BoardStorage contract, run against the backend of this test run (SQLite in the `sqlite`
 * vitest project, PostgreSQL in the `postgres` one): gap-free update log, decision chain, all-or-
 * nothing batches, compaction, named snapshots with retention, signed anchors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DecisionDraft } from '../src/decisions/DecisionEntry.ts';
import type { BoardStorage, BoardSummary } from '../src/storage/BoardStorage.ts';
import { openStorage } from '../src/storage/openStorage.ts';
import { backend, backendEnv, schemaFor, testDatabaseUrl } from './backend.ts';
import { tempDataDir } from './harness.ts';

const secret = new TextEncoder().encode('contract-secret-of-at-least-thirty-two-chars');
let data: ReturnType<typeof tempDataDir>;
let storage: BoardStorage;
const pruned: number[] = [];

function open(): BoardStorage {
  return openStorage(
    {
      dataDir: data.dir,
      sqliteSynchronous: 'NORMAL',
      databaseUrl: backend === 'postgres' ? testDatabaseUrl() : null,
      databaseSchema: backend === 'postgres' ? schemaFor(data.dir) : 'public',
    },
    { anchorSecret: secret, snapshotRetention: { keep: 2, maxAgeMs: null, onPruned: (_boardId, removed) => pruned.push(removed) } },
  );
}

beforeEach(() => {
  data = tempDataDir();
  pruned.length = 0;
  storage = open();
});
afterEach(async () => {
  await storage.close();
  data.remove();
});

const summary = (id: string): BoardSummary => ({ id, title: 'T', template: 'planning', createdAt: 1, updatedAt: 1 });
const draft = (title: string, at = 1000): DecisionDraft => ({ at, actor: { name: 'Dana', verified: false }, action: 'item.created', item: { id: `i-${title}`, title } });

/** A board and `count` text updates to it, each one Yjs update of its own. */
function edits(count: number): { initial: Uint8Array; updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'start ');
  const initial = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${i} `);
  return { initial, updates, doc };
}

function rebuild(stored: Awaited<ReturnType<BoardStorage['loadBoard']>>): string {
  const doc = new Y.Doc();
  if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
  for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update.data);
  return doc.getText('t').toString();
}

describe(`BoardStorage on ${backend}`, () => {
  it('keeps one gap-free update sequence and rebuilds the board from it', async () => {
    const { initial, updates, doc } = edits(12);
    await storage.createBoard(summary('b1'), initial);
    const seqs: number[] = [];
    for (let i = 0; i < updates.length; i += 3) {
      const batch = updates.slice(i, i + 3).map((update) => ({ boardId: 'b1', update, decisions: [] }));
      seqs.push(...(await storage.appendUpdates(batch)).map((result) => result.seq));
    }
    expect(seqs).toEqual(Array.from({ length: 12 }, (_, i) => i + 2)); // update 1 is the initial state
    const stored = await storage.loadBoard('b1');
    expect(stored?.lastSeq).toBe(13);
    expect(rebuild(stored)).toBe(doc.getText('t').toString());
    expect((await storage.updatesAfter('b1', 10))?.map((update) => update.seq)).toEqual([11, 12, 13]);
    expect(await storage.pendingUpdateCount('b1')).toBe(13);
  });

  it('stores a batch all or nothing: an append to a missing board leaves every board as it was', async () => {
    const { initial, updates } = edits(2);
    await storage.createBoard(summary('b1'), initial);
    const before = await storage.loadBoard('b1');
    await expect(
      storage.appendUpdates([
        { boardId: 'b1', update: updates[0] as Uint8Array, decisions: [draft('a')] },
        { boardId: 'missing', update: updates[1] as Uint8Array, decisions: [] },
      ]),
    ).rejects.toThrow();
    expect(await storage.loadBoard('b1')).toEqual(before);
    expect(await storage.decisions.list('b1')).toEqual([]);
    // The next append continues the sequence and the chain without a gap.
    const [next] = await storage.appendUpdates([{ boardId: 'b1', update: updates[0] as Uint8Array, decisions: [draft('a')] }]);
    expect(next).toMatchObject({ seq: 2, decisions: [{ seq: 1 }] });
  });

  it('chains decision entries per board, filters them, and verifies the chain', async () => {
    const { initial, updates } = edits(3);
    await storage.createBoard(summary('b1'), initial, { history: { snapshots: [], decisions: [draft('imported', 10)] } });
    await storage.appendUpdates(updates.map((update, i) => ({ boardId: 'b1', update, decisions: [draft(`n${i}`, 100 + i)], ...(i === 2 ? { title: 'Renamed' } : {}) })));
    await storage.decisions.append('b1', [draft('direct', 500)]);
    const entries = await storage.decisions.list('b1', { order: 'asc', limit: 1000 });
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    expect((await storage.decisions.list('b1', { itemId: 'i-n1' })).map((entry) => entry.seq)).toEqual([3]);
    expect((await storage.decisions.list('b1', { afterSeq: 3, order: 'asc' })).map((entry) => entry.seq)).toEqual([4, 5]);
    expect(await storage.decisions.verify('b1')).toMatchObject({ ok: true, checked: 5, mode: 'full' });
    expect((await storage.loadBoardSummary('b1'))?.title).toBe('Renamed');
  });

  it('compacts: the state replaces the log up to a point, later updates stay in the log', async () => {
    const { initial, updates, doc } = edits(6);
    await storage.createBoard(summary('b1'), initial);
    await storage.appendUpdates(updates.slice(0, 4).map((update) => ({ boardId: 'b1', update, decisions: [] })));
    const partial = new Y.Doc();
    const loaded = await storage.loadBoard('b1');
    for (const update of loaded?.updates ?? []) Y.applyUpdate(partial, update.data);
    await storage.compact('b1', { data: Y.encodeStateAsUpdate(partial), stateVector: Y.encodeStateVector(partial), schemaVersion: 2 }, 5);
    await storage.appendUpdates(updates.slice(4).map((update) => ({ boardId: 'b1', update, decisions: [] })));
    const stored = await storage.loadBoard('b1');
    expect(stored?.snapshot).toMatchObject({ uptoSeq: 5, schemaVersion: 2 });
    expect(stored?.snapshot?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.updates.map((update) => update.seq)).toEqual([6, 7]);
    expect(rebuild(stored)).toBe(doc.getText('t').toString());
    expect(await storage.updatesAfter('b1', 2)).toBeNull(); // folded away
    expect(await storage.pendingUpdateCount('b1')).toBe(2);
  });

  it('keeps named snapshots, prunes automatic ones past the retention, and signs the chain head at each', async () => {
    const { initial } = edits(0);
    await storage.createBoard(summary('b1'), initial);
    await storage.decisions.append('b1', [draft('a')]);
    const actor = { name: 'Dana', verified: false };
    const named = await storage.snapshots.save({ boardId: 'b1', name: 'Plan A', kind: 'manual', createdBy: actor, decisionSeq: 1, data: initial, createdAt: 1 });
    for (let i = 0; i < 4; i++) await storage.snapshots.save({ boardId: 'b1', name: `auto ${i}`, kind: 'interval', createdBy: actor, decisionSeq: 1, data: initial, createdAt: 10 + i });
    expect((await storage.snapshots.list('b1')).map((snapshot) => snapshot.name)).toEqual(['Plan A', 'auto 2', 'auto 3']);
    expect(pruned).toEqual([1, 1]);
    expect((await storage.snapshots.get('b1', named.id))?.data).toEqual(initial);
    expect(await storage.snapshots.get('b1', 'nope')).toBeUndefined();
    const verified = await storage.decisions.verify('b1');
    expect(verified).toMatchObject({ ok: true, anchor: { seq: 1, reason: 'snapshot' } });
    expect(await storage.decisions.signHead('b1', 'export')).toMatchObject({ seq: 1, reason: 'snapshot' }); // already signed
  });

  it('lists boards newest first and reopens with everything in place', async () => {
    await storage.createBoard({ ...summary('old'), updatedAt: 1 }, edits(0).initial);
    await storage.createBoard({ ...summary('new'), updatedAt: 2 }, edits(0).initial);
    expect((await storage.listBoards()).map((board) => board.id)).toEqual(['new', 'old']);
    await storage.close();
    storage = open();
    expect(await storage.loadBoardSummary('old')).toMatchObject({ id: 'old', title: 'T' });
    expect(await storage.loadBoardSummary('none')).toBeNull();
    expect(backendEnv(data.dir)).toEqual(backend === 'postgres' ? expect.objectContaining({ DATABASE_SCHEMA: schemaFor(data.dir) }) : {});
  });
});
