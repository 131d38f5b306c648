/**
 * SQLite's update journal (DECISIONS 156): a board's plain updates are durable once in its
 * journal file and reach the database later. Nothing journaled may be lost — to a killed
 * process, a torn last write, a failing database, or a board taken over by another writer — and
 * every reader sees it at once.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DecisionDraft } from '../src/decisions/DecisionEntry.ts';
import type { StoredBoard } from '../src/storage/BoardStorage.ts';
import { SqliteStorage, type SqliteStorageOptions } from '../src/storage/SqliteStorage.ts';
import { decodeRecords, UpdateJournal } from '../src/storage/UpdateJournal.ts';
import { tempDataDir, waitFor } from './harness.ts';

const dirs: Array<ReturnType<typeof tempDataDir>> = [];
const open: SqliteStorage[] = [];
afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) dir.remove();
});

/** A storage whose journal is moved into the database only when a call needs it (or at close). */
function storageIn(dir: string, options: SqliteStorageOptions = { journal: { drainMs: 3_600_000 } }): SqliteStorage {
  const storage = new SqliteStorage(dir, options);
  open.push(storage);
  return storage;
}

function newDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir.dir;
}

/** Rows of the board's update log as the database file holds them (another connection). */
function rowsInDatabase(dir: string, boardId = 'b'): number[] {
  const db = new Database(join(dir, 'lanewise.db'), { readonly: true });
  try {
    return db
      .prepare<[string], { seq: number }>('SELECT seq FROM board_updates WHERE board_id = ? ORDER BY seq')
      .all(boardId)
      .map((row) => row.seq);
  } finally {
    db.close();
  }
}

const journalFiles = (dir: string): string[] => (existsSync(join(dir, 'journal')) ? readdirSync(join(dir, 'journal')) : []);

function text(stored: StoredBoard | null): string {
  const doc = new Y.Doc();
  if (stored?.snapshot) Y.applyUpdate(doc, stored.snapshot.data);
  for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update.data);
  return doc.getText('t').toString();
}

/** Board `id` created in `storage` and claimed by it; `edit(word)` makes one text update of it. */
async function writtenBoard(storage: SqliteStorage, id = 'b'): Promise<{ edit: (word: string) => Uint8Array; expected: () => string }> {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'start ');
  await storage.createBoard({ id, title: 'T', template: 'planning', createdAt: 1, updatedAt: 1 }, Y.encodeStateAsUpdate(doc));
  await storage.loadBoard(id, { claim: true });
  return {
    edit: (word) => {
      let update: Uint8Array = new Uint8Array();
      const take = (bytes: Uint8Array) => (update = bytes);
      doc.once('update', take);
      doc.getText('t').insert(doc.getText('t').length, `${word} `);
      return update;
    },
    expected: () => doc.getText('t').toString(),
  };
}

const plain = (boardId: string, update: Uint8Array) => ({ boardId, update, decisions: [] });
const decision = (title: string): DecisionDraft => ({ at: 1000, actor: { name: 'Dana', verified: false }, action: 'item.created', item: { id: `i-${title}`, title } });

describe('the update journal', () => {
  it('loses nothing when the process is killed between the journal write and the move into the database', { timeout: 60_000 }, async () => {
    const dir = newDir();
    // The writer is this node process itself (tsx as a loader, not its CLI's child process): the kill reaches it.
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'journalWriter.ts'), dir, '40'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) => reject(new Error(`the writer exited (${code}) before it wrote: ${out}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const [, count, written] = /^journaled (\d+) (.*)$/.exec(line) ?? [];
    expect(Number(count)).toBe(40);

    // The kill landed between the two: the database holds only the board's first state.
    expect(rowsInDatabase(dir)).toEqual([1]);
    // A torn last record (a write cut short by the kill, never acknowledged) is ignored.
    const path = join(dir, 'journal', journalFiles(dir)[0] as string);
    const { records, end } = decodeRecords('b', readFileSync(path));
    expect(records).toHaveLength(40);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 1, 9, 9]), 0, 11, end);
    closeSync(fd);

    const next = storageIn(dir);
    const stored = await next.loadBoard('b', { claim: true });
    expect(text(stored)).toBe(JSON.parse(written as string));
    expect(stored?.updates.map((update) => update.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    // Moved into the database by the board's new writer, and the journal it came from removed.
    expect(rowsInDatabase(dir)).toHaveLength(41);
    expect(journalFiles(dir)).toEqual([]);
    // The new writer goes on from there.
    const doc = new Y.Doc();
    for (const update of stored?.updates ?? []) Y.applyUpdate(doc, update.data);
    doc.on('update', (update: Uint8Array) => next.appendUpdatesNow([plain('b', update)]));
    doc.getText('t').insert(doc.getText('t').length, 'after ');
    expect((await next.loadBoard('b'))?.lastSeq).toBe(42);
  });

  it('shows journaled updates to every reader at once, and the reader changes nothing', async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const board = await writtenBoard(writer);
    for (const word of ['one', 'two', 'three']) writer.appendUpdatesNow([plain('b', board.edit(word))]);
    const journalBytes = readFileSync(join(dir, 'journal', journalFiles(dir)[0] as string));

    const reader = storageIn(dir);
    const seen = await reader.loadBoard('b');
    expect(text(seen)).toBe(board.expected());
    expect(seen?.lastSeq).toBe(4);
    expect(await reader.updatesAfter('b', 2)).toHaveLength(2);
    // Still the writer's: the reader moved nothing and touched no file.
    expect(rowsInDatabase(dir)).toEqual([1]);
    expect(readFileSync(join(dir, 'journal', journalFiles(dir)[0] as string))).toEqual(journalBytes);
  });

  it('moves the journal into the database after a short delay and empties its file, cut back after a burst', async () => {
    const dir = newDir();
    const writer = storageIn(dir, { journal: { drainMs: 10 } });
    const board = await writtenBoard(writer);
    writer.appendUpdatesNow([plain('b', board.edit('one'))]);
    writer.appendUpdatesNow([plain('b', board.edit('two'))]);
    await waitFor(() => rowsInDatabase(dir).length === 3, 'the journal to be moved into the database');
    expect(rowsInDatabase(dir)).toEqual([1, 2, 3]);
    // Emptied: the file keeps its length (mapped, zeros) and holds no record.
    const file = join(dir, 'journal', journalFiles(dir)[0] as string);
    expect(statSync(file).size).toBe(64 * 1024);
    expect(decodeRecords('b', readFileSync(file)).records).toEqual([]);
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
    // A burst past a megabyte grows the file; the next move cuts it back.
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 1100; i++) writer.appendUpdatesNow([plain('b', board.edit(long))]);
    expect(statSync(file).size).toBe(2 * 1024 * 1024);
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
    await waitFor(() => rowsInDatabase(dir).length === 1103, 'the long journal to be moved into the database');
    expect(statSync(file).size).toBe(0);
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
    writer.appendUpdatesNow([plain('b', board.edit('after'))]);
    expect(decodeRecords('b', readFileSync(file)).records.map((record) => record.seq)).toEqual([1104]);
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
  });

  it('a timed move larger than one transaction’s share moves every board whole, in order, over several transactions', async () => {
    const dir = newDir();
    const writer = storageIn(dir, { journal: { drainMs: 10 } });
    const boards = await Promise.all(['b1', 'b2', 'b3'].map((id) => writtenBoard(writer, id)));
    // 3 × 60 rows: more than a timed move takes in one transaction (100 rows, whole boards).
    for (let i = 0; i < 60; i++) boards.forEach((board, at) => writer.appendUpdatesNow([plain(`b${at + 1}`, board.edit(`w${i}`))]));
    await waitFor(() => ['b1', 'b2', 'b3'].every((id) => rowsInDatabase(dir, id).length === 61), 'every board to be moved into the database');
    for (const [at, board] of boards.entries()) {
      expect(rowsInDatabase(dir, `b${at + 1}`)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
      expect(text(await storageIn(dir).loadBoard(`b${at + 1}`))).toBe(board.expected());
    }
    for (const file of journalFiles(dir)) expect(decodeRecords('', readFileSync(join(dir, 'journal', file))).records).toEqual([]);
  });

  it('keeps one gap-free sequence when plain updates and updates with decision entries alternate', async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const board = await writtenBoard(writer);
    const results = [
      ...writer.appendUpdatesNow([plain('b', board.edit('a')), plain('b', board.edit('b'))]),
      ...writer.appendUpdatesNow([{ boardId: 'b', update: board.edit('c'), decisions: [decision('c')] }]),
      ...writer.appendUpdatesNow([plain('b', board.edit('d'))]),
      ...writer.appendUpdatesNow([{ boardId: 'b', update: board.edit('e'), decisions: [], title: 'Renamed' }]),
    ];
    expect(results.map((result) => result.seq)).toEqual([2, 3, 4, 5, 6]);
    // The update with an entry was committed with everything before it; the one after waits in the journal.
    expect(rowsInDatabase(dir)).toEqual([1, 2, 3, 4, 5, 6]);
    writer.appendUpdatesNow([plain('b', board.edit('f'))]);
    expect(rowsInDatabase(dir)).toEqual([1, 2, 3, 4, 5, 6]);
    const stored = await storageIn(dir).loadBoard('b');
    expect(stored?.updates.map((update) => update.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(text(stored)).toBe(board.expected());
    expect((await writer.loadBoardSummary('b'))?.title).toBe('Renamed');
  });

  it('journals only the boards it writes: an append to a missing board still fails whole', async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const board = await writtenBoard(writer);
    expect(() => writer.appendUpdatesNow([plain('b', board.edit('one')), plain('missing', new Uint8Array([0, 0]))])).toThrow(/FOREIGN KEY/);
    expect(rowsInDatabase(dir)).toEqual([1]);
    expect(text(await storageIn(dir).loadBoard('b'))).toBe('start ');
  });

  it('a failing database loses nothing journaled: the calls that need it fail, and the move succeeds once it works again', async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const board = await writtenBoard(writer);
    const db = new Database(join(dir, 'lanewise.db'));
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON board_updates BEGIN SELECT RAISE(ABORT, 'disk failure (test)'); END`);
    writer.appendUpdatesNow([plain('b', board.edit('one'))]);
    await expect(writer.pendingUpdateCount('b')).rejects.toThrow(/disk failure/);
    await expect(writer.compact('b', { data: new Uint8Array([0, 0]), stateVector: new Uint8Array([0]), schemaVersion: null }, 2)).rejects.toThrow(/disk failure/);
    // Still durable, still visible to readers, and still taken.
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
    writer.appendUpdatesNow([plain('b', board.edit('two'))]);
    db.exec('DROP TRIGGER refuse');
    db.close();
    // No call needs the board now: the move is tried again on its own (a second after the failure).
    await waitFor(() => rowsInDatabase(dir).length === 3, 'the journal to be moved once the database works again');
    expect(text(await storageIn(dir).loadBoard('b'))).toBe(board.expected());
  });

  it("one board's failing move holds back only that board's updates", async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const healthy = await writtenBoard(writer, 'b');
    const failing = await writtenBoard(writer, 'x');
    const db = new Database(join(dir, 'lanewise.db'));
    db.exec(`CREATE TRIGGER refuse BEFORE INSERT ON board_updates WHEN NEW.board_id = 'x' BEGIN SELECT RAISE(ABORT, 'disk failure (test)'); END`);
    writer.appendUpdatesNow([plain('b', healthy.edit('one')), plain('x', failing.edit('one'))]);
    expect(await writer.pendingUpdateCount('b')).toBe(2);
    expect(rowsInDatabase(dir, 'b')).toEqual([1, 2]);
    await expect(writer.pendingUpdateCount('x')).rejects.toThrow(/disk failure/);
    expect(() => writer.release('x')).toThrow(/disk failure/);
    // The healthy board goes on, with updates that make decision entries too.
    writer.appendUpdatesNow([{ boardId: 'b', update: healthy.edit('two'), decisions: [decision('two')] }]);
    expect(rowsInDatabase(dir, 'b')).toEqual([1, 2, 3]);
    expect(journalFiles(dir).length).toBeGreaterThan(0); // x's updates: still journaled
    db.exec('DROP TRIGGER refuse');
    db.close();
    expect(text(await storageIn(dir).loadBoard('x', { claim: true }))).toBe(failing.expected());
    expect(rowsInDatabase(dir, 'x')).toEqual([1, 2]);
  });

  it('a file closed as the least recently written one is opened again after its last whole record', () => {
    const dir = newDir();
    const journal = new UpdateJournal(dir, 1);
    const record = (boardId: string, seq: number) => ({ boardId, seq, data: new Uint8Array([seq, 0, 0]) });
    journal.append([record('a', 1), record('a', 2)]);
    // A second board closes the first one's file (one open file at most); one append covers both boards.
    journal.append([record('b', 1), record('a', 3)]);
    // Bytes a write cut short left after the last record are cleared, not written after.
    const path = join(dir, 'journal', journalFiles(dir).find((name) => name.startsWith(`${Buffer.from('a').toString('base64url')}.`)) ?? 'missing');
    journal.append([record('b', 2)]);
    const { end } = decodeRecords('a', readFileSync(path));
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4]), 0, 8, end);
    closeSync(fd);
    journal.append([record('a', 4)]);
    journal.close();
    const reader = new UpdateJournal(dir);
    expect(reader.read('a').map((r) => [r.seq, r.data[0]])).toEqual([[1, 1], [2, 2], [3, 3], [4, 4]]);
    expect(reader.read('b').map((r) => r.seq)).toEqual([1, 2]);
  });

  it('a move reads the records back from the mapped file, or from a file closed as the least recently written one, and empties it', () => {
    const dir = newDir();
    const journal = new UpdateJournal(dir, 1);
    const record = (boardId: string, seq: number) => ({ boardId, seq, data: new Uint8Array([seq, 7, 7]) });
    journal.append([record('a', 1), record('a', 2)]);
    expect(journal.pending('a').map((r) => [r.seq, ...r.data])).toEqual([[1, 1, 7, 7], [2, 2, 7, 7]]);
    // Copies: emptying the file does not change what was read.
    const read = journal.pending('a');
    journal.moved('a');
    expect(read.map((r) => r.data[0])).toEqual([1, 2]);
    expect(journal.pending('a')).toEqual([]);
    journal.append([record('a', 3)]);
    // Board b's file closes a's (one open file at most): a's record is read from its file, which the move removes.
    journal.append([record('b', 1)]);
    expect(journal.pending('a').map((r) => r.seq)).toEqual([3]);
    const aFiles = () => journalFiles(dir).filter((name) => name.startsWith(`${Buffer.from('a').toString('base64url')}.`));
    expect(aFiles()).toHaveLength(1);
    journal.moved('a');
    expect(aFiles()).toEqual([]);
    expect(journal.pending('a')).toEqual([]);
    // The board's next append starts a new file.
    journal.append([record('a', 4)]);
    expect(journal.pending('a').map((r) => r.seq)).toEqual([4]);
    expect(journal.pending('b').map((r) => r.seq)).toEqual([1]);
    journal.close();
  });

  it('a server started with the journal off still recovers what it journaled before', async () => {
    for (const off of [{ journal: false as const }, { synchronous: 'FULL' as const }]) {
      const dir = newDir();
      const before = storageIn(dir);
      const board = await writtenBoard(before);
      for (const word of ['one', 'two', 'three']) before.appendUpdatesNow([plain('b', board.edit(word))]);
      // The process is gone (never closed); the next one runs without the journal.
      const after = storageIn(dir, off);
      const stored = await after.loadBoard('b', { claim: true });
      expect(text(stored), JSON.stringify(off)).toBe(board.expected());
      expect(rowsInDatabase(dir)).toEqual([1, 2, 3, 4]);
      after.appendUpdatesNow([plain('b', board.edit('four'))]);
      expect(rowsInDatabase(dir)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('a board taken over by a new writer (a replaced thread) keeps every update of both, and the old writer cannot cut the new one’s journal', async () => {
    const dir = newDir();
    const old = storageIn(dir);
    const board = await writtenBoard(old);
    old.appendUpdatesNow([plain('b', board.edit('old1'))]);
    old.appendUpdatesNow([plain('b', board.edit('old2'))]);

    // The old writer is not closed: its thread was abandoned with updates still journaled.
    const successor = storageIn(dir);
    const taken = await successor.loadBoard('b', { claim: true });
    expect(text(taken)).toBe(board.expected());
    successor.appendUpdatesNow([plain('b', board.edit('new1'))]);
    // The old writer learns it was taken over when it next writes: nothing more is acknowledged there.
    expect(() => old.appendUpdatesNow([plain('b', new Uint8Array([0, 0]))])).toThrow(/taken over/);
    // Its late move finds its updates already there, and empties only its own file.
    await old.close();
    expect(rowsInDatabase(dir)).toEqual([1, 2, 3]);

    // The successor's journaled update is still in its journal: a later writer recovers it.
    const [file] = journalFiles(dir);
    expect(new UpdateJournal(dir).read('b').map((record) => record.seq)).toEqual([4]);
    expect(file).toBeDefined();
    const third = storageIn(dir);
    expect(text(await third.loadBoard('b', { claim: true }))).toBe(board.expected());
  });

  it('a writer taken over from another thread learns it at its next append (claims are counted in memory every thread shares)', async () => {
    const dir = newDir();
    const old = storageIn(dir);
    const board = await writtenBoard(old);
    old.appendUpdatesNow([plain('b', board.edit('old1'))]);
    const worker = new Worker(new URL('../src/threads/tsxWorker.boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./fixtures/journalClaimer.ts', import.meta.url).href, dir, boardId: 'b' },
    });
    const recovered = await new Promise<{ updates: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(recovered.updates).toBeGreaterThan(0);
    // No second has passed: only the shared claim count can tell it.
    expect(() => old.appendUpdatesNow([plain('b', new Uint8Array([0, 0]))])).toThrow(/taken over/);
    await old.close();
    expect(text(await storageIn(dir).loadBoard('b', { claim: true }))).toBe(board.expected());
  });

  it('letting a board go moves its updates and leaves no journal behind', async () => {
    const dir = newDir();
    const writer = storageIn(dir);
    const board = await writtenBoard(writer);
    writer.appendUpdatesNow([plain('b', board.edit('one'))]);
    writer.release('b');
    expect(rowsInDatabase(dir)).toEqual([1, 2]);
    expect(journalFiles(dir)).toEqual([]);
    // Not written here any more: the next update goes straight to the database.
    writer.appendUpdatesNow([plain('b', board.edit('two'))]);
    expect(rowsInDatabase(dir)).toEqual([1, 2, 3]);
  });

  it('with synchronous=FULL every update is committed to the database before it returns', async () => {
    const dir = newDir();
    const writer = storageIn(dir, { synchronous: 'FULL' });
    const board = await writtenBoard(writer);
    writer.appendUpdatesNow([plain('b', board.edit('one'))]);
    expect(rowsInDatabase(dir)).toEqual([1, 2]);
    expect(journalFiles(dir)).toEqual([]);
  });
});
