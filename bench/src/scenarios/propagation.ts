import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { RawReceiver } from '../clients/RawReceiver.ts';
import { SyncClient } from '../clients/SyncClient.ts';
import { Accounting } from '../measure/Accounting.ts';
import { inBatches, sleep, until } from '../measure/pool.ts';
import { cpuMs, ProcessWatch } from '../measure/ProcessStats.ts';
import { distribution, median, type Distribution } from '../measure/stats.ts';
import { completeBoard, editDescription, initiativeId, markerPrefix } from '../payload.ts';
import type { BenchBoard, ServerUnderTest } from '../servers/ServerUnderTest.ts';

export interface PropagationSpec {
  readonly name: string;
  readonly boards: number;
  readonly clientsPerBoard: number;
  readonly writersPerBoard: number;
  /** Updates per second per writer. */
  readonly rate: number;
  readonly warmupMs: number;
  readonly measureMs: number;
}

export interface PropagationResult {
  readonly latency: Distribution;
  /** Deliveries (update × recipient) per second in the measurement window. */
  readonly deliveredPerSecond: number;
  readonly sent: number;
  readonly expected: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly unexpected: number;
  readonly serverCpuCores: number;
  /** Server CPU from the first update to the measured window: a fresh process's JIT warm-up. */
  readonly warmUpCpuCores: number;
  readonly serverRssPeak: number;
  readonly serverRssMean: number;
  /** Per client: from opening the socket to the server's sync step 2 (median, max), and all clients. */
  readonly connectMedianMs: number;
  readonly connectMaxMs: number;
  readonly connectAllMs: number;
  readonly generatorCpuCores: number;
  /** Clients the server closed during the run (should be none). */
  readonly closedClients: number;
}

/** Something else that runs during the measurement (the isolation scenario's hostile board). */
export interface Interference {
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface Client {
  readonly client: SyncClient | RawReceiver;
  readonly doc: Y.Doc | null;
  readonly writer: number | null;
}

/**
 * S1–S3: `boards` boards with `clientsPerBoard` clients each; `writersPerBoard` of them edit the
 * initiative `rate` times a second. Every update must reach every other client of its board
 * exactly once; latency is measured from the writer's send to each receipt (same process clock).
 */
export async function runPropagation(server: ServerUnderTest, spec: PropagationSpec, run: string, seed: number, interference?: Interference, prepared?: readonly BenchBoard[]): Promise<PropagationResult> {
  const gen = prng.create(seed);
  const boards = prepared ?? (await inBatches(Array.from({ length: spec.boards }), 8, () => server.createBoard((doc) => completeBoard(doc, spec.writersPerBoard))));
  const maxSeq = Math.ceil(((spec.warmupMs + spec.measureMs) / 1000) * spec.rate) + 4;
  const accounting = new Accounting(maxSeq);
  const prefix = Buffer.from(markerPrefix(run));

  // Connect everyone, board by board (all clients of a board at once, as a workshop joins).
  const connectTimes: number[] = [];
  const connectStarted = performance.now();
  const perBoard: Client[][] = [];
  let nextClient = 0;
  let nextWriter = 0;
  for (const board of boards) {
    const clients = await Promise.all(
      Array.from({ length: spec.clientsPerBoard }, async (_, i): Promise<Client> => {
        const id = nextClient++;
        const writer = i < spec.writersPerBoard ? nextWriter++ : null;
        const doc = writer === null ? null : new Y.Doc();
        const opened = performance.now();
        const markers = {
          prefix,
          // The reference echoes an update to its sender too; that is not a delivery.
          onMarker: (from: number, seq: number, at: number) => from !== writer && accounting.received(id, from, seq, at),
        };
        // Writers hold a document (ws client); the rest only watch for markers (a bare socket).
        const client = doc ? new SyncClient({ url: board.url(`client ${id}`), doc, presence: `Client ${id}`, markers }) : new RawReceiver(board.url(`client ${id}`), markers, `Client ${id}`);
        await client.synced;
        connectTimes.push(performance.now() - opened);
        return { client, doc, writer };
      }),
    );
    perBoard.push(clients);
  }
  const connectAllMs = performance.now() - connectStarted;
  let clientIndex = 0;
  for (const clients of perBoard) {
    const ids = clients.map(() => clientIndex++);
    clients.forEach((client, i) => {
      if (client.writer !== null) accounting.addWriter(client.writer, ids.filter((_, j) => j !== i));
    });
  }
  await sleep(300); // presence of everyone settles

  const writers = perBoard.flat().filter((client) => client.writer !== null);
  // Writer i of a board edits initiative i: no two writers race for one field.
  const items = new Map(perBoard.flatMap((clients) => clients.filter((client) => client.writer !== null).map((writer, i) => [writer.writer as number, initiativeId(writer.doc as Y.Doc, i)] as const)));
  const period = 1000 / spec.rate;
  const startedAt = performance.now() + 50;
  const measureFrom = startedAt + spec.warmupMs;
  const measureUntil = measureFrom + spec.measureMs;
  accounting.window(measureFrom, measureUntil);
  const watch = new ProcessWatch(server.pid);
  const generatorCpu = process.cpuUsage();
  const warmUp = { cpuMs: cpuMs(server.pid), at: performance.now() };

  // Each writer sends on its own schedule (a seeded phase), corrected for drift.
  const sending = writers.map((writer) => {
    const offset = prng.real53(gen) * period;
    return new Promise<void>((resolve) => {
      let seq = 0;
      const tick = () => {
        const now = performance.now();
        if (now >= measureUntil || seq >= maxSeq) return resolve();
        accounting.sent(writer.writer as number, seq, performance.now());
        editDescription(writer.doc as Y.Doc, items.get(writer.writer as number) as string, run, writer.writer as number, seq);
        seq++;
        setTimeout(tick, Math.max(0, startedAt + offset + seq * period - performance.now()));
      };
      setTimeout(tick, Math.max(0, startedAt + offset - performance.now()));
    });
  });
  await sleep(Math.max(0, measureFrom - performance.now()));
  const warmUpCpuCores = (cpuMs(server.pid) - warmUp.cpuMs) / (performance.now() - warmUp.at);
  watch.start();
  await interference?.start();
  await Promise.all(sending);
  if (process.env.LANEWISE_BENCH_THREADS) console.log(`  ${server.name} threads (CPU ms):`, watch.threadBreakdown().map(([thread, ms]) => `${thread}=${ms}`).join(' '));
  const server_ = watch.stop();
  await interference?.stop();
  const generatorUsed = process.cpuUsage(generatorCpu);
  // Everything in flight arrives (or is counted lost).
  await until(() => accounting.missing() === 0, 5000);

  const all = perBoard.flat();
  const closedClients = all.filter((client) => !client.client.open).length;
  await Promise.all(all.map((client) => client.client.close()));
  for (const client of all) client.doc?.destroy();
  const result = accounting.result();
  return {
    latency: distribution(result.latencies),
    deliveredPerSecond: result.deliveredInWindow / (spec.measureMs / 1000),
    sent: result.sent,
    expected: result.expected,
    lost: result.lost,
    duplicated: result.duplicated,
    unexpected: result.unexpected,
    serverCpuCores: server_.cpuCores,
    warmUpCpuCores,
    serverRssPeak: server_.rssPeak,
    serverRssMean: server_.rssMean,
    connectMedianMs: median(connectTimes),
    connectMaxMs: Math.max(...connectTimes),
    connectAllMs,
    generatorCpuCores: (generatorUsed.user + generatorUsed.system) / 1000 / server_.wallMs,
    closedClients,
  };
}
