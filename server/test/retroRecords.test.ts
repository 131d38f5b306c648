/**
 * RetroRecords on the run's backend (SQLite, or PostgreSQL in the `postgres` project): the private
 * drafts and votes, series, perspectives, "I'm done" names and phase deadlines — and the two rules
 * that must hold across instances sharing one database: a vote budget cannot be exceeded by
 * concurrent requests on two instances, and exactly one instance closes a due phase.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PhaseDeadlines, type PhaseDeadline } from '../src/facilitation/PhaseDeadlines.ts';
import { PgRetroRecords } from '../src/retro/PgRetroRecords.ts';
import type { RetroRecords } from '../src/retro/RetroRecords.ts';
import { SqliteRetroRecords } from '../src/retro/SqliteRetroRecords.ts';
import { PG_MIGRATIONS } from '../src/storage/pg/migrations.ts';
import { backend, testDatabaseUrl } from './backend.ts';
import { tempDataDir, waitFor } from './harness.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Two "instances" on one database: two connections (SQLite) or two pools (PostgreSQL). */
async function twoInstances(): Promise<[RetroRecords, RetroRecords]> {
  if (backend === 'postgres') {
    const schema = `h10_retro_${randomBytes(5).toString('hex')}`;
    const open = () => new PgRetroRecords({ url: testDatabaseUrl(), schema });
    const pair: [RetroRecords, RetroRecords] = [open(), open()];
    cleanups.push(async () => {
      for (const records of pair) await records.close();
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    });
    return pair;
  }
  const data = tempDataDir();
  const databases = [new Database(join(data.dir, 'retro.db')), new Database(join(data.dir, 'retro.db'))];
  for (const db of databases) db.pragma('busy_timeout = 5000');
  cleanups.push(() => {
    for (const db of databases) db.close();
    data.remove();
  });
  return [new SqliteRetroRecords(databases[0] as Database.Database), new SqliteRetroRecords(databases[1] as Database.Database)];
}

describe(`RetroRecords (${backend})`, () => {
  it('keeps drafts per participant until they are taken, and counts without showing them', async () => {
    const [records] = await twoInstances();
    const first = await records.addDraft('b1', 'ana', { laneId: 'l1', text: 'Deploys were slow', perspective: 'engineering', author: 'Ana' });
    await records.addDraft('b1', 'ana', { laneId: 'l2', text: 'Good pairing', perspective: null, author: 'Ana' });
    const bens = await records.addDraft('b1', 'ben', { laneId: 'l1', text: 'Scope crept', perspective: 'both', author: 'Ben' });
    await records.addDraft('b2', 'ana', { laneId: 'l1', text: 'Other board', perspective: null, author: 'Ana' });
    expect((await records.draftsOf('b1', 'ana')).map((draft) => draft.text)).toEqual(['Deploys were slow', 'Good pairing']);
    expect(await records.draftsOf('b1', 'eve')).toEqual([]);
    expect(await records.draftCounts('b1')).toEqual({ drafts: 3, writers: 2 });
    expect(await records.deleteDraft('b1', 'ben', first.id)).toBe(false); // not Ben's
    expect(await records.deleteDraft('b1', 'ana', first.id)).toBe(true);
    expect((await records.allDrafts('b1')).length).toBe(2);
    await records.notePerspectives('b1', [bens.id]);
    expect(await records.perspectiveCounts('b1')).toEqual({ product: 1, engineering: 1 });
    await records.deleteDrafts('b1', [bens.id]);
    expect((await records.allDrafts('b1')).map((draft) => draft.text)).toEqual(['Good pairing']);
  });

  it('lists drafts in the order they were written, also when all were written in the same millisecond', async () => {
    const [records, other] = await twoInstances();
    // The clock stands still: every draft has the same createdAt, as drafts saved within one ms do.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_767_225_600_000);
    try {
      const written: string[] = [];
      for (let i = 0; i < 24; i++) {
        const text = `Card ${i}`;
        // Every other one through the second instance: the order holds across instances on one database.
        await (i % 2 === 0 ? records : other).addDraft('b1', 'ana', { laneId: 'l1', text, perspective: null, author: 'Ana' });
        await records.addDraft('b1', 'ben', { laneId: 'l1', text: `Ben ${i}`, perspective: null, author: 'Ben' });
        written.push(text);
      }
      expect(new Set((await records.draftsOf('b1', 'ana')).map((draft) => draft.createdAt)).size).toBe(1);
      expect((await records.draftsOf('b1', 'ana')).map((draft) => draft.text)).toEqual(written);
      expect((await other.draftsOf('b1', 'ana')).map((draft) => draft.text)).toEqual(written);
      expect((await records.allDrafts('b1')).filter((draft) => draft.author === 'Ana').map((draft) => draft.text)).toEqual(written);
    } finally {
      vi.useRealTimers();
    }
  });

  it('drafts stored before the write order was kept stay in created_at order, and new ones come after them', async () => {
    // Two drafts from before: the later-written one has the earlier createdAt.
    const old = [
      { id: 'zzz-first-written', text: 'Written first, stamped later', createdAt: 2_000 },
      { id: 'aaa-second-written', text: 'Written second, stamped earlier', createdAt: 1_000 },
    ];
    let records: RetroRecords;
    if (backend === 'postgres') {
      const schema = `hfix_retro_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      cleanups.push(async () => {
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
      });
      // The database as the release before this one left it: every step before 5.
      await admin.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
      await admin.query('CREATE TABLE lanewise_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const step of PG_MIGRATIONS.filter((each) => each.version < 5)) {
        await admin.query(step.sql);
        await admin.query('INSERT INTO lanewise_migrations (version, name) VALUES ($1, $2)', [step.version, step.name]);
      }
      for (const draft of old) {
        await admin.query("INSERT INTO retro_drafts (id, board_id, participant, lane_id, text, perspective, author, created_at) VALUES ($1, 'b1', 'ana', 'l1', $2, NULL, 'Ana', $3)", [draft.id, draft.text, draft.createdAt]);
      }
      const pgRecords = new PgRetroRecords({ url: testDatabaseUrl(), schema });
      cleanups.push(() => pgRecords.close());
      records = pgRecords;
    } else {
      const data = tempDataDir();
      const db = new Database(join(data.dir, 'retro.db'));
      cleanups.push(() => {
        db.close();
        data.remove();
      });
      // The table as the release before this one created it (no seq column).
      db.exec('CREATE TABLE retro_drafts (id TEXT PRIMARY KEY, board_id TEXT NOT NULL, participant TEXT NOT NULL, lane_id TEXT NOT NULL, text TEXT NOT NULL, perspective TEXT, author TEXT NOT NULL, created_at INTEGER NOT NULL)');
      for (const draft of old) {
        db.prepare("INSERT INTO retro_drafts (id, board_id, participant, lane_id, text, perspective, author, created_at) VALUES (?, 'b1', 'ana', 'l1', ?, NULL, 'Ana', ?)").run(draft.id, draft.text, draft.createdAt);
      }
      records = new SqliteRetroRecords(db);
    }
    await records.addDraft('b1', 'ana', { laneId: 'l1', text: 'Written after the upgrade', perspective: null, author: 'Ana' });
    const expected = ['Written second, stamped earlier', 'Written first, stamped later', 'Written after the upgrade'];
    expect((await records.draftsOf('b1', 'ana')).map((draft) => draft.text)).toEqual(expected);
    expect((await records.allDrafts('b1')).map((draft) => draft.text)).toEqual(expected);
  });

  it('enforces the cap and the budget, and sums the votes', async () => {
    const [records] = await twoInstances();
    const limits = { budget: 5, cap: 3 };
    expect(await records.setVotes('b1', 'ana', 'c1', 4, limits)).toBe('At most 3 votes on one card.');
    expect(await records.setVotes('b1', 'ana', 'c1', 3, limits)).toBeNull();
    expect(await records.setVotes('b1', 'ana', 'c2', 3, limits)).toBe('You have 5 votes in all and 2 left for this card.');
    expect(await records.setVotes('b1', 'ana', 'c2', 2, limits)).toBeNull();
    expect(await records.setVotes('b1', 'ben', 'c1', 1, limits)).toBeNull();
    expect(await records.setVotes('b1', 'ana', 'c1', 0, limits)).toBeNull();
    expect(Object.fromEntries(await records.votesOf('b1', 'ana'))).toEqual({ c2: 2 });
    expect(Object.fromEntries(await records.voteTotals('b1'))).toEqual({ c1: 1, c2: 2 });
  });

  it('a budget holds when two instances take votes for one person at once', async () => {
    const [one, two] = await twoInstances();
    const limits = { budget: 5, cap: 3 };
    const results = await Promise.all(Array.from({ length: 24 }, (_, index) => (index % 2 === 0 ? one : two).setVotes('b1', 'ana', `c${index}`, 1, limits)));
    expect(results.filter((result) => result === null).length).toBe(5);
    const total = [...(await two.votesOf('b1', 'ana')).values()].reduce((sum, votes) => sum + votes, 0);
    expect(total).toBe(5);
  });

  it('links retros into a series, keeping what a call does not name', async () => {
    const [records] = await twoInstances();
    const first = await records.linkSeries('r1', { planningBoardId: 'plan' }, 1000);
    expect(first).toEqual({ planningBoardId: 'plan', previousId: null, linkedAt: 1000 });
    expect(await records.linkSeries('r2', { planningBoardId: 'plan', previousId: 'r1' }, 2000)).toEqual({ planningBoardId: 'plan', previousId: 'r1', linkedAt: 2000 });
    await records.linkSeries('r3', { previousId: 'r2' }, 3000);
    expect(await records.linkSeries('r3', { planningBoardId: 'other' }, 4000)).toEqual({ planningBoardId: 'other', previousId: 'r2', linkedAt: 3000 });
    expect(await records.seriesOf('r3')).toEqual({ planningBoardId: 'other', previousId: 'r2', linkedAt: 3000 });
    expect(await records.earlierRetros('r3')).toEqual(['r2', 'r1']);
    expect(await records.earlierRetros('r3', 1)).toEqual(['r2']);
    await records.linkSeries('r1', { previousId: 'r3' }); // a cycle stops the walk
    expect(await records.earlierRetros('r3')).toEqual(['r2', 'r1']);
    expect(await records.seriesOf('none')).toBeNull();
  });

  it('"I\'m done" per phase, with names in a stable order', async () => {
    const [records] = await twoInstances();
    await records.markDone('b1', 'reflect', 'k2', true, 'ben');
    await records.markDone('b1', 'reflect', 'k1', true, 'Ana');
    await records.markDone('b1', 'reflect', 'k3', true);
    await records.markDone('b1', 'vote', 'k1', true, 'Ana');
    expect(await records.doneNames('b1', 'reflect')).toEqual(['Anonymous', 'Ana', 'ben']);
    expect(await records.doneCount('b1', 'reflect')).toBe(3);
    await records.markDone('b1', 'reflect', 'k3', false);
    expect(await records.isDone('b1', 'reflect', 'k3')).toBe(false);
    expect(await records.isDone('b1', 'vote', 'k1')).toBe(true);
  });

  it('a deadline is claimed once; a released or lapsed claim can be taken again; a replaced one cannot be claimed', async () => {
    const [one, two] = await twoInstances();
    const deadline: PhaseDeadline = { boardId: 'b1', phase: 'reflect', at: 5000 };
    await one.setDeadline(deadline);
    expect(await two.listDeadlines()).toEqual([deadline]);
    expect(await one.claimDeadline(deadline, 6000, 7000)).toBe(true);
    expect(await two.claimDeadline(deadline, 6500, 8000)).toBe(false);
    expect(await two.claimDeadline(deadline, 7001, 9000)).toBe(true); // the first claim lapsed
    await two.releaseDeadline(deadline);
    expect(await one.claimDeadline(deadline, 7002, 9000)).toBe(true);
    await one.setDeadline({ ...deadline, at: 10_000 });
    expect(await two.claimDeadline(deadline, 7003, 9000)).toBe(false);
    await one.finishDeadline(deadline); // the old one: the new row stays
    expect(await two.listDeadlines()).toEqual([{ ...deadline, at: 10_000 }]);
    await two.clearDeadline('b1');
    expect(await one.listDeadlines()).toEqual([]);
  });

  it('of two schedulers on one database, exactly one closes a due phase', async () => {
    const [one, two] = await twoInstances();
    const closed: string[] = [];
    const schedulers = ['one', 'two'].map(
      (name, index) =>
        new PhaseDeadlines([one, two][index] as RetroRecords, async (due) => {
          closed.push(`${name}:${due.boardId}`);
        }),
    );
    cleanups.push(() => schedulers.forEach((scheduler) => scheduler.stop()));
    const at = Date.now() + 300;
    // Set on the first instance; the second learns of it at its start (as after a restart or sweep).
    for (const boardId of ['b1', 'b2', 'b3']) await schedulers[0]?.set({ boardId, phase: 'vote', at });
    schedulers[1]?.start();
    await waitFor(async () => (await one.listDeadlines()).length === 0, 'every deadline to be handled', 10_000);
    expect(closed.map((entry) => entry.split(':')[1]).sort()).toEqual(['b1', 'b2', 'b3']);
  });
});
