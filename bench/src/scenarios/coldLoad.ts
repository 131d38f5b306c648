import { readBoard } from '@lanewise/shared';
import * as Y from 'yjs';
import { SyncClient } from '../clients/SyncClient.ts';
import { sleep } from '../measure/pool.ts';
import { cpuMs } from '../measure/ProcessStats.ts';
import { completeBoard, editDescription, initiativeId, initiativeUpdates } from '../payload.ts';
import { LanewiseUnderTest } from '../servers/LanewiseUnderTest.ts';
import { ReferenceUnderTest } from '../servers/ReferenceUnderTest.ts';
import { covers, uploadAndConfirm } from '../servers/confirmUpload.ts';
import type { BenchBoard, ServerUnderTest } from '../servers/ServerUnderTest.ts';

export const COLD_LOAD_ITEMS = 5000;

export interface FullSync {
  /** From opening the socket to the last sync step 2 byte that completes the board. */
  readonly ms: number;
  /** Server CPU (all threads) from just before the connect until it went quiet after answering. */
  readonly serverCpuMs: number;
  readonly bytes: number;
}

export interface ColdLoadResult {
  readonly boardBytes: number;
  readonly loads: readonly FullSync[];
  /** Lanewise: the first write after a cold load builds the document (what lazy loading defers). */
  readonly firstWrite?: { readonly ms: number; readonly serverCpuMs: number };
}

/** A fresh client with nothing asks for the whole board; timed until the answer is complete. */
async function fullSync(server: ServerUnderTest, board: BenchBoard, expected: Y.Doc): Promise<FullSync> {
  const arrivals: Array<{ at: number; update: Uint8Array }> = [];
  const cpuBefore = cpuMs(server.pid);
  const opened = performance.now();
  const client = new SyncClient({ url: board.url('cold reader'), onSyncAnswer: (at, update) => arrivals.push({ at, update }) });
  await client.synced;
  await sleep(300); // anything that follows the first sync step 2 (neither server is expected to send more)
  const serverCpuMs = cpuMs(server.pid) - cpuBefore;
  await client.close();
  // Outside the timing: the answer holds the whole board.
  const received = new Y.Doc();
  for (const arrival of arrivals) Y.applyUpdate(received, arrival.update);
  if (!covers(received, expected)) throw new Error(`${server.name}: the full sync is incomplete`);
  const complete = arrivals.at(-1)?.at ?? opened;
  received.destroy();
  return { ms: complete - opened, serverCpuMs, bytes: arrivals.reduce((sum, arrival) => sum + arrival.update.length, 0) };
}

/**
 * S4, Lanewise: a board of 5,000 initiatives is written through the protocol and stored; then,
 * `loads` times, a fresh server process starts and one client loads the board cold from SQLite.
 */
export async function coldLoadLanewise(loads: number, loader: Y.Doc): Promise<ColdLoadResult> {
  let server = await LanewiseUnderTest.start();
  const board = await server.createBoard((doc) => completeBoard(doc, 1));
  await uploadAndConfirm((name) => board.url(name), loader, (doc) => {
    const lanes = readBoard(doc)?.lanes.map((lane) => lane.id) ?? [];
    for (const update of initiativeUpdates(doc, lanes, COLD_LOAD_ITEMS, 250)) Y.applyUpdate(doc, update);
  });
  const boardBytes = Y.encodeStateAsUpdate(loader).length;
  await server.stop(); // stores the board compacted (SIGTERM)
  const results: FullSync[] = [];
  let firstWrite: ColdLoadResult['firstWrite'];
  try {
    for (let i = 0; i < loads; i++) {
      server = await LanewiseUnderTest.start(server);
      await sleep(500); // the process settles (its first board thread starts with it)
      results.push(await fullSync(server, server.board(board.id), loader));
      if (i === loads - 1) firstWrite = await firstWriteAfterColdLoad(server, server.board(board.id));
      await server.stop();
    }
  } finally {
    await server.dispose();
  }
  return { boardBytes, loads: results, ...(firstWrite ? { firstWrite } : {}) };
}

/** After a cold load: one edit by a client, until another client receives it. */
async function firstWriteAfterColdLoad(server: ServerUnderTest, board: BenchBoard): Promise<{ ms: number; serverCpuMs: number }> {
  const doc = new Y.Doc();
  const writer = new SyncClient({ url: board.url('writer'), doc });
  let receivedAt = 0;
  const watcher = new SyncClient({ url: board.url('watcher'), markers: { prefix: Buffer.from('lwbfirst:'), onMarker: (_w, _s, at) => (receivedAt = at) } });
  await Promise.all([writer.synced, watcher.synced]);
  const cpuBefore = cpuMs(server.pid);
  const started = performance.now();
  editDescription(doc, initiativeId(doc, 0), 'first', 1, 1);
  while (receivedAt === 0 && performance.now() - started < 30_000) await sleep(1);
  const ms = receivedAt - started;
  await sleep(200);
  const serverCpuMs = cpuMs(server.pid) - cpuBefore;
  await Promise.all([writer.close(), watcher.close()]);
  doc.destroy();
  return { ms, serverCpuMs };
}

/**
 * S4, reference: the same board (the Lanewise run's `loader`, byte for byte) uploaded to the
 * in-memory server, then read `loads` times while resident.
 */
export async function coldLoadReference(loads: number, loader: Y.Doc): Promise<ColdLoadResult> {
  const server = await ReferenceUnderTest.start();
  try {
    const board = await server.createBoard((doc) => Y.applyUpdate(doc, Y.encodeStateAsUpdate(loader)));
    await sleep(500);
    const results: FullSync[] = [];
    for (let i = 0; i < loads; i++) results.push(await fullSync(server, board, loader));
    return { boardBytes: Y.encodeStateAsUpdate(loader).length, loads: results };
  } finally {
    await server.stop();
  }
}
