/**
 * RemoteFeed (DECISIONS 95): other instances' updates are applied in seq order, each once; a hole
 * that does not fill by itself is read from storage. Storage is a real SQLite store standing for
 * the shared database; the room records what the feed asks of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import { SqliteStorage } from '../storage/SqliteStorage.ts';
import { tempDataDir, waitFor } from '../../test/harness.ts';
import { RemoteFeed, type RemoteFeedRoom } from './RemoteFeed.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A board in storage and `count` updates appended to it (as another instance would), in seq order. */
async function boardWithUpdates(count: number): Promise<{ storage: SqliteStorage; updates: Array<{ seq: number; data: Uint8Array }> }> {
  const data = tempDataDir();
  const storage = new SqliteStorage(data.dir);
  cleanups.push(data.remove, () => storage.close());
  const doc = new Y.Doc();
  await storage.createBoard({ id: 'b1', title: 'Board', template: 'planning', createdAt: 0, updatedAt: 0 }, Y.encodeStateAsUpdate(doc));
  const updates: Array<{ seq: number; data: Uint8Array }> = [];
  for (let i = 0; i < count; i++) {
    const before = Y.encodeStateVector(doc);
    doc.getMap('notes').set(`n${i}`, i);
    const update = Y.encodeStateAsUpdate(doc, before);
    updates.push({ seq: (await storage.appendUpdate('b1', update)).seq, data: update });
  }
  return { storage, updates };
}

/** A room that runs its queue at once and records the seqs applied (counted from `base`). */
function recordingRoom(storage: SqliteStorage, base: number): RemoteFeedRoom & { applied: number[]; idle: () => Promise<void> } {
  let work = Promise.resolve();
  const applied: number[] = [];
  return {
    boardId: 'b1',
    storage,
    logger: createLogger('silent'),
    applied,
    enqueueBarrier: (run) => run(),
    enqueueWork: (next) => void (work = work.then(next)),
    applyCommitted: (seq) => void applied.push(seq - base),
    replaceStored: () => {},
    applyRemotePresence: () => {},
    removePresence: () => {},
    announcePresence: () => {},
    idle: () => work,
  };
}

describe('RemoteFeed', () => {
  it('applies updates in seq order, each once, whatever order and how often they arrive', async () => {
    const { storage, updates } = await boardWithUpdates(6);
    const base = (updates[0]?.seq ?? 1) - 1; // what the board's creation stored
    const room = recordingRoom(storage, base);
    const feed = new RemoteFeed(room, base, true);
    cleanups.push(() => feed.close());
    const [u1, u2, u3, u4, u5, u6] = updates as [typeof updates[0], typeof updates[0], typeof updates[0], typeof updates[0], typeof updates[0], typeof updates[0]];
    feed.receive([u2, u3]); // early: held until 1 arrives
    expect(room.applied).toEqual([]);
    feed.receive([u1, u2]);
    expect(room.applied).toEqual([1, 2, 3]);
    feed.committedHere(base + 4); // this instance's own commit
    feed.receive([u4, u5, u1]); // 4 and 1 are in the room already
    expect(room.applied).toEqual([1, 2, 3, 5]);
    feed.receive([u6, u6]);
    expect(room.applied).toEqual([1, 2, 3, 5, 6]);
    expect(feed.contiguousSeq).toBe(base + 6);
  });

  it('reads a hole that does not fill by itself from storage, in order', async () => {
    const { storage, updates } = await boardWithUpdates(5);
    const base = (updates[0]?.seq ?? 1) - 1;
    const room = recordingRoom(storage, base);
    const feed = new RemoteFeed(room, base, true);
    cleanups.push(() => feed.close());
    feed.receive([updates[0] as (typeof updates)[0], updates[3] as (typeof updates)[0]]); // 2 and 3 never reach the stream
    expect(room.applied).toEqual([1]);
    await waitFor(() => room.applied.length >= 5, 'the hole to be read from storage');
    await room.idle();
    expect(room.applied).toEqual([1, 2, 3, 4, 5]); // after the grace period, everything storage has after 1
  });

  it('catches up from storage at once when told the stream may have lost entries', async () => {
    const { storage, updates } = await boardWithUpdates(3);
    const base = (updates[0]?.seq ?? 1) - 1;
    const room = recordingRoom(storage, base);
    const feed = new RemoteFeed(room, base, true);
    cleanups.push(() => feed.close());
    feed.catchUp(); // e.g. Redis restarted: nothing in the stream says what is missing
    await room.idle();
    expect(room.applied).toEqual([1, 2, 3]);
  });

  it('is off without the fan-out', async () => {
    const { storage, updates } = await boardWithUpdates(2);
    const room = recordingRoom(storage, 0);
    const feed = new RemoteFeed(room, 0, false);
    feed.receive(updates);
    feed.committedHere(99);
    expect(room.applied).toEqual([]);
  });
});
