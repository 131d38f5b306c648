import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SnapshotKind } from './SqliteSnapshotStore.ts';
import { SqliteSnapshotStore } from './SqliteSnapshotStore.ts';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;
const actor = { name: 'Lanewise', verified: true };
let db: Database.Database;
let pruned: Array<[string | null, number]>;
let store: SqliteSnapshotStore;

beforeEach(() => {
  db = new Database(':memory:');
  pruned = [];
  store = new SqliteSnapshotStore(db, { keep: 3, maxAgeMs: 10 * DAY, onPruned: (boardId, removed) => pruned.push([boardId, removed]) });
});
afterEach(() => db.close());

const save = (boardId: string, kind: SnapshotKind, createdAt: number, name = `${kind} ${createdAt}`) =>
  store.save({ boardId, name, kind, createdBy: actor, decisionSeq: 1, data: new Uint8Array([1, 2, 3]), createdAt });
const names = (boardId: string) => store.list(boardId).map((snapshot) => snapshot.name);

describe('automatic snapshot retention', () => {
  it('keeps the newest automatic snapshots of a board up to the count, and every named one', () => {
    save('b1', 'manual', NOW - 20 * DAY, 'Q2 plan (named long ago)');
    const kinds: SnapshotKind[] = ['session-end', 'interval', 'before-restore', 'session-end', 'interval', 'session-end'];
    kinds.forEach((kind, i) => save('b1', kind, NOW + i * 1000, `auto ${i}`));
    save('b1', 'manual', NOW + 10_000, 'Agreed');
    save('b2', 'session-end', NOW, 'other board');
    expect(names('b1')).toEqual(['Q2 plan (named long ago)', 'auto 3', 'auto 4', 'auto 5', 'Agreed']);
    expect(names('b2')).toEqual(['other board']);
    expect(pruned).toEqual([['b1', 1], ['b1', 1], ['b1', 1]]);
  });

  it('removes automatic snapshots past the age limit when the board saves another, and in the sweep across boards', () => {
    save('b1', 'session-end', NOW - 11 * DAY, 'too old');
    save('b1', 'interval', NOW - 9 * DAY, 'recent enough');
    save('b1', 'manual', NOW - 400 * DAY, 'named, ancient');
    save('b1', 'session-end', NOW, 'today');
    expect(names('b1')).toEqual(['named, ancient', 'recent enough', 'today']);

    save('b2', 'interval', NOW - 30 * DAY, 'idle board');
    save('b3', 'manual', NOW - 30 * DAY, 'idle board, named');
    expect(store.pruneExpired(NOW)).toBe(1);
    expect(names('b2')).toEqual([]);
    expect(names('b3')).toEqual(['idle board, named']);
    expect(store.pruneExpired(NOW)).toBe(0);
  });

  it('prunes nothing without a policy', () => {
    const unlimited = new SqliteSnapshotStore(db);
    for (let i = 0; i < 10; i++) unlimited.save({ boardId: 'b4', name: `auto ${i}`, kind: 'interval', createdBy: actor, decisionSeq: 1, data: new Uint8Array([1]), createdAt: NOW - i * 100 * DAY });
    expect(unlimited.list('b4')).toHaveLength(10);
    expect(unlimited.pruneExpired(NOW)).toBe(0);
  });
});
