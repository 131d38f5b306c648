/**
 * Kill -9 durability: the real server, compiled as users run it (`node dist/main.js`), as a child
 * process; stock clients streaming edits, others recording everything the server relays. The
 * server is killed at a seeded random moment and restarted; everything a recorder saw must be there.
 *   LANEWISE_SEED=7 pnpm --filter @lanewise/server test durability   # replay one seed
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addItem, boardToJSON, DECISIONS_FEATURE, editItemTitle, MessageType, moveItem, readBoard, updateItem } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as prng from 'lib0/prng';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { UpdateJournal } from '../src/storage/UpdateJournal.ts';
import { backend, backendEnv } from './backend.ts';
import { boardFetch, connectProvider, createBoardOverHttp, tempDataDir, waitForSync } from './harness.ts';

const serverEntry = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// Build the compiled server if a source is newer than it (esbuild: well under a second).
execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });

interface Child {
  readonly process: ChildProcess;
  readonly port: number;
  /** Boards moved from the main thread to a board thread so far (from the server's log). */
  readonly moves: () => number;
}

function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, [serverEntry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', CLIENT_DIST: `${dataDir}/none`, ...backendEnv(dataDir), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let moves = 0;
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'board moves from the main thread to a board thread') moves++;
        if (entry.msg === 'Lanewise is listening' && entry.port) resolve({ process: child, port: entry.port, moves: () => moves });
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

const running: ChildProcess[] = [];
const providers: WebsocketProvider[] = [];
afterEach(() => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

/** A board being written by one stock client while another records everything the server relays. */
interface WatchedBoard {
  readonly boardId: string;
  readonly writer: WebsocketProvider;
  readonly recorder: WebsocketProvider;
  /** Exactly what the server relayed to the recorder. */
  readonly seen: Y.Doc;
  /** Every decision entry the server pushed to the recorder. */
  readonly decisions: Array<{ seq: number; hash: string }>;
  received: number;
}

async function watchBoard(ws: string, http: string): Promise<WatchedBoard> {
  const boardId = await createBoardOverHttp(http);
  const writer = connectProvider(ws, boardId, 'Writer');
  const recorder = connectProvider(ws, boardId, 'Recorder', new Y.Doc(), { features: DECISIONS_FEATURE });
  providers.push(writer, recorder);
  const watched: WatchedBoard = { boardId, writer, recorder, seen: new Y.Doc(), decisions: [], received: 0 };
  recorder.messageHandlers[MessageType.Decisions] = (_encoder, decoder: decoding.Decoder) => {
    watched.decisions.push(...(JSON.parse(decoding.readVarString(decoder)) as Array<{ seq: number; hash: string }>));
  };
  await Promise.all([waitForSync(writer), waitForSync(recorder)]);
  recorder.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === recorder) {
      Y.applyUpdate(watched.seen, update);
      watched.received++;
    }
  });
  Y.applyUpdate(watched.seen, Y.encodeStateAsUpdate(recorder.doc));
  return watched;
}

/**
 * One seeded random edit by the board's writer: add, move or estimate (each makes a decision
 * entry, so it is committed to the database before it is relayed), or typing in a title (only
 * the first keystroke of a burst makes an entry: the rest go to the update journal on SQLite).
 */
function randomEdit(gen: prng.PRNG, board: WatchedBoard, op: number, typing: boolean): void {
  const doc = board.writer.doc;
  const lanes = readBoard(doc)?.lanes.map((lane) => lane.id) ?? [];
  const items = readBoard(doc)?.lanes.flatMap((lane) => lane.items) ?? [];
  // Typing: three items, then only keystrokes in their titles.
  const roll = typing ? (items.length < 3 ? 0 : 14) : prng.int32(gen, 0, 14);
  if (roll < 4 || items.length === 0) addItem(doc, { title: `item ${op}`, laneId: prng.oneOf(gen, lanes) });
  else if (roll < 8) moveItem(doc, prng.oneOf(gen, items).id, { laneId: prng.oneOf(gen, lanes), position: prng.bool(gen) ? 'top' : 'bottom' });
  else if (roll < 10) updateItem(doc, prng.oneOf(gen, items).id, { estimate: prng.int32(gen, 1, 13) });
  else {
    const item = prng.oneOf(gen, items);
    editItemTitle(doc, item.id, item.title.length > 80 ? `item ${op}` : `${item.title}${prng.word(gen, 1, 1)}`);
  }
}

/** After the restart: everything the recorder saw of the board is stored, and so is every pushed decision. */
async function expectSeenIsStored(port: number, board: WatchedBoard): Promise<void> {
  const fresh = connectProvider(`ws://127.0.0.1:${port}`, board.boardId, 'After restart');
  providers.push(fresh);
  await waitForSync(fresh);
  // The restarted board has every struct the recorder saw…
  const restoredVector = Y.decodeStateVector(Y.encodeStateVector(fresh.doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(board.seen))) {
    expect(restoredVector.get(client) ?? 0, `board ${board.boardId}, client ${client}`).toBeGreaterThanOrEqual(clock);
  }
  // …and applying what the recorder had changes nothing (deletions included).
  const before = boardToJSON(fresh.doc);
  const probe = new Y.Doc();
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(fresh.doc));
  Y.applyUpdate(probe, Y.encodeStateAsUpdate(board.seen));
  expect(boardToJSON(probe)).toEqual(before);
  // Every decision entry that was pushed is stored, unchanged, and the chain is intact.
  const http = `http://127.0.0.1:${port}`;
  const storedHashes = new Map<number, string>();
  for (let page = 0; page < 100; page++) {
    const url = `${http}/api/boards/${board.boardId}/decisions?order=asc&limit=1000&sinceSeq=${storedHashes.size}`;
    const { entries } = (await (await boardFetch(url)).json()) as { entries: Array<{ seq: number; hash: string }> };
    if (entries.length === 0) break;
    for (const entry of entries) storedHashes.set(entry.seq, entry.hash);
  }
  expect(board.decisions.length).toBeGreaterThan(0);
  for (const entry of board.decisions) expect(storedHashes.get(entry.seq), `decision ${entry.seq}`).toBe(entry.hash);
  expect(await (await boardFetch(`${http}/api/boards/${board.boardId}/decisions/verify`)).json()).toMatchObject({ ok: true });
}

/**
 * Updates the kill caught between their journal write and their move into the database
 * (DECISIONS 156): journal records beyond the last sequence number the database has.
 */
function journaledOnly(dataDir: string, boardIds: readonly string[]): number {
  const journal = new UpdateJournal(dataDir);
  const db = new Database(`${dataDir}/lanewise.db`);
  try {
    const lastSeq = db.prepare<[string, string], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM (SELECT MAX(seq) AS seq FROM board_updates WHERE board_id = ? UNION ALL SELECT upto_seq FROM board_snapshots WHERE board_id = ?)',
    );
    return boardIds.reduce((sum, boardId) => {
      const stored = lastSeq.get(boardId, boardId)?.seq ?? 0;
      return sum + journal.read(boardId).filter((record) => record.seq > stored).length;
    }, 0);
  } finally {
    db.close();
  }
}

/**
 * Writes `boards` boards at once (a bounded stream of seeded edits each), kills the server with
 * SIGKILL at a seeded moment, restarts it and checks every board.
 */
async function runSeed(seed: number, boards = 1, env: Record<string, string> = {}, typing = false): Promise<{ received: number; threads: number; moves: number; journaled: number }> {
  const gen = prng.create(seed);
  const data = tempDataDir();
  try {
    const first = await spawnServer(data.dir, env);
    running.push(first.process);
    const http = `http://127.0.0.1:${first.port}`;
    const watched: WatchedBoard[] = [];
    for (let i = 0; i < boards; i++) watched.push(await watchBoard(`ws://127.0.0.1:${first.port}`, http));
    const { threads } = (await (await fetch(`${http}/healthz`)).json()) as { threads: number };

    const killAfterMs = prng.int32(gen, 150, 900);
    const startedAt = Date.now();
    let ops = 0;
    // Bounded stream: at most 3,000 edits per board, stopped by the kill.
    // …and not before every board saw something relayed (a slower backend, PostgreSQL, commits later).
    while ((Date.now() - startedAt < killAfterMs || watched.some((board) => board.received === 0)) && ops < 3000) {
      for (const board of watched) randomEdit(gen, board, ops, typing);
      ops++;
      if (ops % 5 === 0) await new Promise((resolve) => setImmediate(resolve)); // let frames flow
    }
    first.process.kill('SIGKILL');
    await new Promise((resolve) => first.process.once('exit', resolve));
    const moves = first.moves();
    const journaled = backend === 'sqlite' ? journaledOnly(data.dir, watched.map((board) => board.boardId)) : 0;
    if (backend === 'sqlite') console.log(`seed ${seed}: ${journaled} updates were journaled but not yet in the database at the kill`);
    for (const board of watched) {
      board.writer.destroy();
      board.recorder.destroy();
      expect(board.received, `board ${board.boardId} received`).toBeGreaterThan(0);
    }

    const second = await spawnServer(data.dir, env);
    running.push(second.process);
    for (const board of watched) await expectSeenIsStored(second.port, board);
    second.process.kill('SIGKILL');
    return { received: watched.reduce((sum, board) => sum + board.received, 0), threads, moves, journaled };
  } finally {
    data.remove();
  }
}

describe('kill -9 durability', () => {
  const seeds = process.env.LANEWISE_SEED ? [Number(process.env.LANEWISE_SEED)] : [11, 23, 37, 41, 59];
  for (const seed of seeds) {
    it(`loses nothing another client saw (seed ${seed})`, { timeout: 60_000 }, async () => {
      try {
        const { received } = await runSeed(seed);
        expect(received).toBeGreaterThan(0);
      } catch (error) {
        console.error(`durability failed with seed ${seed} (replay: LANEWISE_SEED=${seed})`);
        throw error;
      }
    });
  }

  const multiSeed = Number(process.env.LANEWISE_SEED ?? 71);
  it(`loses nothing any client saw when boards on two board threads are written at once (seed ${multiSeed})`, { timeout: 90_000 }, async () => {
    try {
      // Four boards over two threads: the least-loaded thread takes each new board.
      // Every board on a board thread (the main thread owns none).
      const { received, threads } = await runSeed(multiSeed, 4, { BOARD_THREADS: '2', MAIN_THREAD_BOARDS: 'false' });
      expect(threads).toBe(2);
      expect(received).toBeGreaterThan(0);
    } catch (error) {
      console.error(`durability failed with seed ${multiSeed} (replay: LANEWISE_SEED=${multiSeed})`);
      throw error;
    }
  });

  const movingSeed = Number(process.env.LANEWISE_SEED ?? 83);
  it(`loses nothing any client saw when boards move from the main thread to board threads while written (seed ${movingSeed})`, { timeout: 90_000 }, async () => {
    try {
      // Boards open on the main thread; any message over 200 bytes (a new item, most edits of
      // several fields) moves its board to one of two board threads mid-stream, as a large
      // update would (DECISIONS 105). The kill lands before, during or after the moves.
      const { received, moves } = await runSeed(movingSeed, 4, { BOARD_THREADS: '2', MAIN_THREAD_MAX_MESSAGE_BYTES: '200' });
      console.log(`boards moved to a board thread before the kill: ${moves} of 4`);
      expect(moves).toBeGreaterThan(0);
      expect(received).toBeGreaterThan(0);
    } catch (error) {
      console.error(`durability failed with seed ${movingSeed} (replay: LANEWISE_SEED=${movingSeed})`);
      throw error;
    }
  });

  const typingSeed = Number(process.env.LANEWISE_SEED ?? 97);
  // SQLite's journal only (PostgreSQL commits every update before it is relayed).
  if (backend === 'sqlite') it(`loses nothing any client saw when the kill lands between the update journal and the database (seed ${typingSeed})`, { timeout: 90_000 }, async () => {
    try {
      // Keystrokes in titles make no decision entry after a burst's first: they are durable in the
      // boards' journals, and with a move put off for a minute the kill finds them all there.
      const { received, journaled } = await runSeed(typingSeed, 2, { BOARD_THREADS: '2', MAIN_THREAD_BOARDS: 'false', SQLITE_JOURNAL_MS: '60000' }, true);
      expect(received).toBeGreaterThan(0);
      expect(journaled).toBeGreaterThan(0);
    } catch (error) {
      console.error(`durability failed with seed ${typingSeed} (replay: LANEWISE_SEED=${typingSeed})`);
      throw error;
    }
  });
});

describe('graceful shutdown', () => {
  it('on SIGTERM stores everything, closes sockets with "going away" and exits 0', { timeout: 30_000 }, async () => {
    const data = tempDataDir();
    try {
      const child = await spawnServer(data.dir);
      running.push(child.process);
      const boardId = await createBoardOverHttp(`http://127.0.0.1:${child.port}`);
      const client = connectProvider(`ws://127.0.0.1:${child.port}`, boardId, 'Dana');
      providers.push(client);
      await waitForSync(client);
      const closes: number[] = [];
      client.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
      addItem(client.doc, { title: 'written just before shutdown', laneId: readBoard(client.doc)?.lanes[0]?.id as string });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const exited = new Promise<number | null>((resolve) => child.process.once('exit', resolve));
      child.process.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(closes[0]).toBe(1001);
      client.destroy();

      const again = await spawnServer(data.dir);
      running.push(again.process);
      const read = (await (await boardFetch(`http://127.0.0.1:${again.port}/api/boards/${boardId}`)).json()) as { board: { lanes: Array<{ items: Array<{ title: string }> }> } };
      expect(read.board.lanes[0]?.items.map((item) => item.title)).toEqual(['written just before shutdown']);
    } finally {
      data.remove();
    }
  });
});
