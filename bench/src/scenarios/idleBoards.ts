import { SyncClient } from '../clients/SyncClient.ts';
import { inBatches, sleep } from '../measure/pool.ts';
import { rssBytes } from '../measure/ProcessStats.ts';
import { completeBoard } from '../payload.ts';
import { LanewiseUnderTest } from '../servers/LanewiseUnderTest.ts';
import { ReferenceUnderTest } from '../servers/ReferenceUnderTest.ts';
import type { BenchBoard, ServerUnderTest } from '../servers/ServerUnderTest.ts';

export interface IdleResult {
  readonly boards: number;
  readonly rssBefore: number;
  readonly rssAfter: number;
  /** (RSS with every board loaded and its client connected − RSS before) / boards. */
  readonly perBoard: number;
  readonly connectAllMs: number;
}

/** Connects one idle client (with presence) to each board and measures what the server grew by. */
async function loadAll(server: ServerUnderTest, boards: readonly BenchBoard[]): Promise<IdleResult> {
  await sleep(1000);
  const rssBefore = rssBytes(server.pid);
  const started = performance.now();
  const clients = await inBatches(boards, 50, async (board, i) => {
    const client = new SyncClient({ url: board.url(`idle ${i}`), presence: `Idle ${i}` });
    await client.synced;
    return client;
  });
  const connectAllMs = performance.now() - started;
  await sleep(3000); // settle (lazy work, garbage)
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes(server.pid));
    await sleep(200);
  }
  const rssAfter = Math.max(...samples);
  const closed = clients.filter((client) => !client.open).length;
  if (closed > 0) throw new Error(`${server.name}: ${closed} idle clients were closed`);
  await inBatches(clients, 100, (client) => client.close());
  return { boards: boards.length, rssBefore, rssAfter, perBoard: (rssAfter - rssBefore) / boards.length, connectAllMs };
}

/** Lanewise: the boards are created and written, the server restarts, then each is loaded by one client. */
export async function idleLanewise(count: number): Promise<IdleResult> {
  const setup = await LanewiseUnderTest.start();
  const boards = await inBatches(Array.from({ length: count }), 16, () => setup.createBoard((doc) => completeBoard(doc, 1)));
  await setup.stop();
  const server = await LanewiseUnderTest.start(setup);
  try {
    return await loadAll(server, boards.map((board) => server.board(board.id)));
  } finally {
    await server.dispose();
  }
}

/** Reference: the first client of each board uploads it (it keeps documents in memory only). */
export async function idleReference(count: number): Promise<IdleResult> {
  const server = await ReferenceUnderTest.start();
  try {
    await sleep(1000);
    const rssEmpty = rssBytes(server.pid);
    const boards = await inBatches(Array.from({ length: count }), 16, () => server.createBoard((doc) => completeBoard(doc, 1)));
    const result = await loadAll(server, boards);
    // The reference holds the documents from the upload on: its "before" is the empty server.
    return { ...result, rssBefore: rssEmpty, perBoard: (result.rssAfter - rssEmpty) / count };
  } finally {
    await server.stop();
  }
}
