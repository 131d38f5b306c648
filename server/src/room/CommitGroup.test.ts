import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppendedUpdate, BoardStorage, UpdateAppend } from '../storage/BoardStorage.ts';
import { CommitGroup } from './CommitGroup.ts';

/** A storage that records each transaction (the boards of its appends) and numbers what it stores. */
function fakeStorage(kind: 'sync' | 'async', failsFor?: string): { storage: BoardStorage; transactions: string[][] } {
  const transactions: string[][] = [];
  let seq = 0;
  const commit = (appends: readonly UpdateAppend[]): AppendedUpdate[] => {
    transactions.push(appends.map((append) => append.boardId));
    if (appends.some((append) => append.boardId === failsFor)) throw new Error(`disk I/O error on ${failsFor}`);
    return appends.map(() => ({ seq: ++seq, decisions: [] }));
  };
  const storage =
    kind === 'sync'
      ? { appendUpdatesNow: commit, appendUpdates: () => Promise.reject(new Error('a synchronous storage is not awaited')) }
      : { appendUpdates: async (appends: readonly UpdateAppend[]) => commit(appends) };
  return { storage: storage as unknown as BoardStorage, transactions };
}

function appendsOf(boardId: string, count: number): UpdateAppend[] {
  return Array.from({ length: count }, (_, i) => ({ boardId, update: new Uint8Array([i]), decisions: [] }));
}

/** A room's side of the group: what its callbacks were called with. */
function room(group: CommitGroup, boardId: string, count: number, onStored?: () => void): { stored: number[][]; failed: unknown[]; appends: UpdateAppend[] } {
  const seen = { stored: [] as number[][], failed: [] as unknown[], appends: appendsOf(boardId, count) };
  group.append(
    seen.appends,
    (results) => {
      seen.stored.push(results.map((result) => result.seq));
      onStored?.();
    },
    (error) => seen.failed.push(error),
  );
  return seen;
}

/** Lets a promise callback, and the microtasks it queues, run. */
const settled = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A batch: each board's room appends `count` updates, then the group is flushed and settled. */
async function commitBatch(kind: 'sync' | 'async', counts: Record<string, number>, failsFor?: string): Promise<{ transactions: string[][]; rooms: ReturnType<typeof room>[] }> {
  const { storage, transactions } = fakeStorage(kind, failsFor);
  const group = new CommitGroup(storage);
  const rooms = Object.entries(counts).map(([boardId, count]) => room(group, boardId, count));
  group.flush();
  await settled();
  return { transactions, rooms };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe.each(['sync', 'async'] as const)('CommitGroup over %s storage', (kind) => {
  it('commits every room of a batch in one transaction and gives each room its own results, in order', async () => {
    const { transactions, rooms } = await commitBatch(kind, { a: 2, b: 1, c: 3 });
    expect(transactions).toEqual([['a', 'a', 'b', 'c', 'c', 'c']]);
    expect(rooms.map((entry) => entry.stored)).toEqual([[[1, 2]], [[3]], [[4, 5, 6]]]);
    expect(rooms.flatMap((entry) => entry.failed)).toEqual([]);
  });

  it('commits a room alone with its own appends and results', async () => {
    const { storage } = fakeStorage(kind);
    const appendUpdates = vi.spyOn(storage, kind === 'sync' ? 'appendUpdatesNow' : 'appendUpdates');
    const group = new CommitGroup(storage);
    const only = room(group, 'a', 2);
    group.flush();
    await settled();
    expect(appendUpdates).toHaveBeenCalledTimes(1);
    expect(appendUpdates.mock.calls[0]?.[0]).toBe(only.appends);
    expect(only.stored).toEqual([[1, 2]]);
  });

  it('when the shared transaction fails, tries each board alone: only the failing board fails', async () => {
    const { transactions, rooms } = await commitBatch(kind, { a: 1, b: 2, c: 1 }, 'b');
    expect(transactions).toEqual([['a', 'b', 'b', 'c'], ['a'], ['b', 'b'], ['c']]);
    expect(rooms.map((entry) => entry.stored)).toEqual([[[1]], [], [[2]]]);
    expect(rooms.map((entry) => entry.failed)).toEqual([[], [new Error('disk I/O error on b')], []]);
  });

  it('a room whose callback throws: the error is thrown again on its own, the other rooms are stored, nothing is failed', async () => {
    const thrownLater: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) => thrownLater.push(callback));
    const { storage, transactions } = fakeStorage(kind);
    const group = new CommitGroup(storage);
    const a = room(group, 'a', 1, () => {
      throw new Error('room a broke');
    });
    const b = room(group, 'b', 1);
    group.flush();
    await settled();
    expect(transactions).toEqual([['a', 'b']]);
    expect([a.stored, b.stored]).toEqual([[[1]], [[2]]]);
    expect([...a.failed, ...b.failed]).toEqual([]);
    // The first queued callback is the end-of-turn flush `append` scheduled; the last rethrows.
    expect(thrownLater.at(-1)).toThrow('room a broke');
  });

  it('without an explicit flush, commits at the end of the turn', async () => {
    const { storage, transactions } = fakeStorage(kind);
    const group = new CommitGroup(storage);
    const a = room(group, 'a', 1);
    const b = room(group, 'b', 1);
    expect(transactions).toEqual([]);
    await settled();
    expect(transactions).toEqual([['a', 'b']]);
    expect([a.stored, b.stored]).toEqual([[[1]], [[2]]]);
  });
});

describe('CommitGroup timing (DECISIONS 125)', () => {
  it('with a synchronous storage, every room is stored before flush() returns, and what a room queues then too', () => {
    const { storage, transactions } = fakeStorage('sync');
    const group = new CommitGroup(storage);
    let later: ReturnType<typeof room> | undefined;
    const a = room(group, 'a', 1, () => {
      later = room(group, 'a', 1);
    });
    const b = room(group, 'b', 1);
    group.flush();
    expect(transactions).toEqual([['a', 'b'], ['a']]);
    expect([a.stored, b.stored, later?.stored]).toEqual([[[1]], [[2]], [[3]]]);
  });

  it('with a synchronous storage, a failing board is failed before flush() returns', () => {
    const { storage } = fakeStorage('sync', 'b');
    const group = new CommitGroup(storage);
    const a = room(group, 'a', 1);
    const b = room(group, 'b', 1);
    group.flush();
    expect(a.stored).toEqual([[1]]);
    expect(b.failed).toHaveLength(1);
  });

  it('with an asynchronous storage, rooms are stored only once its transaction has committed', async () => {
    let commit: (results: AppendedUpdate[]) => void = () => {};
    const storage = { appendUpdates: () => new Promise<AppendedUpdate[]>((resolve) => (commit = resolve)) } as unknown as BoardStorage;
    const group = new CommitGroup(storage);
    const a = room(group, 'a', 1);
    const b = room(group, 'b', 1);
    group.flush();
    await settled();
    expect([a.stored, b.stored]).toEqual([[], []]);
    commit([
      { seq: 7, decisions: [] },
      { seq: 8, decisions: [] },
    ]);
    await settled();
    expect([a.stored, b.stored]).toEqual([[[7]], [[8]]]);
  });
});
