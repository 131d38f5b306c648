/**
 * `pnpm bench:sync`: Lanewise against @y/websocket-server 0.1.1 in one run (see CONTEXT.md).
 *   pnpm bench:sync                      everything, 4 runs of S1–S3, writes docs/benchmarks.md
 *   pnpm bench:sync -- --runs 1 --only S1,S4 --no-write
 *   pnpm bench:sync -- --self-test        only the generator's self-test (lost/duplicated accounting)
 */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { renderReport, type BenchReport, type PropagationRuns } from './report.ts';
import { coldLoadLanewise, coldLoadReference } from './scenarios/coldLoad.ts';
import { idleLanewise, idleReference } from './scenarios/idleBoards.ts';
import { runIsolation } from './scenarios/isolation.ts';
import { runPropagation, type PropagationResult, type PropagationSpec } from './scenarios/propagation.ts';
import { selfTest } from './selfTest.ts';
import { startFlags } from '../../scripts/startFlags.mjs';
import { buildLanewise, LanewiseUnderTest } from './servers/LanewiseUnderTest.ts';
import { ReferenceUnderTest } from './servers/ReferenceUnderTest.ts';
import { ClusterUnderTest } from './servers/ClusterUnderTest.ts';
import { renderCrossInstance } from './report.ts';
import type { ServerUnderTest } from './servers/ServerUnderTest.ts';

// `pnpm bench:sync -- --runs 1` hands the script a literal `--` first (pnpm passes it through): skip it.
const cliArgs = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
const { values } = parseArgs({
  args: cliArgs,
  options: {
    // Even: each server goes first in half the runs; the median of four averages the middle two (DECISIONS 160).
    runs: { type: 'string', default: '4' },
    only: { type: 'string', default: 'S1,S2,S3,S4,isolation,idle,self-test' },
    'self-test': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    'measure-ms': { type: 'string', default: '8000' },
    // Long enough for both fresh processes to optimise their per-update code (DECISIONS 151).
    'warmup-ms': { type: 'string', default: '12000' },
    'idle-boards': { type: 'string', default: '1000' },
  },
});
const runs = Number(values.runs);
const only = new Set((values['self-test'] ? 'self-test' : values.only).split(','));
const measureMs = Number(values['measure-ms']);
const warmupMs = Number(values['warmup-ms']);
const SCENARIOS: ReadonlyArray<PropagationSpec & { description: string }> = [
  { name: 'S1', description: 'workshop: 1 board × 20 clients, 5 writers × 10 updates/s', boards: 1, clientsPerBoard: 20, writersPerBoard: 5, rate: 10, warmupMs, measureMs },
  { name: 'S2', description: 'all-hands: 1 board × 200 clients, 20 writers × 5 updates/s', boards: 1, clientsPerBoard: 200, writersPerBoard: 20, rate: 5, warmupMs, measureMs },
  { name: 'S3', description: 'async: 50 boards × 10 clients, 2 writers × 2 updates/s each', boards: 50, clientsPerBoard: 10, writersPerBoard: 2, rate: 2, warmupMs, measureMs },
];

const started = performance.now();
let runCounter = 0;
const runId = () => `${Date.now().toString(36).slice(-4)}${(runCounter++).toString(36)}`;
const log = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);

async function withServer<T>(kind: 'Lanewise' | 'reference', use: (server: ServerUnderTest) => Promise<T>): Promise<T> {
  const server = kind === 'Lanewise' ? await LanewiseUnderTest.start() : await ReferenceUnderTest.start();
  try {
    return await use(server);
  } finally {
    if (server instanceof LanewiseUnderTest) await server.dispose();
    else await server.stop();
  }
}

const summary = (result: PropagationResult) =>
  `p50 ${result.latency.p50.toFixed(2)} p99 ${result.latency.p99.toFixed(2)} max ${result.latency.max.toFixed(1)} ms, cpu ${result.serverCpuCores.toFixed(3)}, rss ${(result.serverRssPeak / 1048576).toFixed(1)} MB, lost ${result.lost}, dup ${result.duplicated}`;

buildLanewise();
const report: { -readonly [K in keyof BenchReport]: BenchReport[K] } & { crossInstance?: { single: PropagationResult[]; split: PropagationResult[] } } = {
  date: new Date().toISOString().slice(0, 10),
  command: `pnpm bench:sync${cliArgs.length > 0 ? ` -- ${cliArgs.join(' ')}` : ''}`,
  durationS: 0,
  lanewiseCommand: ['node', ...startFlags(), 'server/dist/main.js'].join(' '),
  warmUpMs: warmupMs,
  propagation: [],
};

if (only.has('self-test')) {
  log('self-test: a proxy drops and duplicates relayed updates; the generator must count exactly those');
  report.selfTest = await withServer('Lanewise', (server) => selfTest(server, runId(), 7));
  log(`self-test: dropped ${report.selfTest.dropped} → reported lost ${report.selfTest.reportedLost}; duplicated ${report.selfTest.duplicated} → reported ${report.selfTest.reportedDuplicated}: ${report.selfTest.ok ? 'OK' : 'MISMATCH'}`);
  if (!report.selfTest.ok) process.exitCode = 1;
}

const propagation: PropagationRuns[] = [];
for (const spec of SCENARIOS.filter((scenario) => only.has(scenario.name))) {
  const entry = { scenario: spec.name, description: spec.description, lanewise: [] as PropagationResult[], reference: [] as PropagationResult[] };
  for (let run = 0; run < runs; run++) {
    // Interleaved: the order of the two servers alternates from run to run.
    const order: Array<'Lanewise' | 'reference'> = run % 2 === 0 ? ['Lanewise', 'reference'] : ['reference', 'Lanewise'];
    for (const kind of order) {
      const result = await withServer(kind, (server) => runPropagation(server, spec, runId(), 1000 + run));
      (kind === 'Lanewise' ? entry.lanewise : entry.reference).push(result);
      log(`${spec.name} run ${run + 1} ${kind.padEnd(9)} ${summary(result)}`);
    }
  }
  propagation.push(entry);
}
report.propagation = propagation;

// S1x2 (issue 14): S1 on PostgreSQL, its clients split over two instances (Redis fan-out) against one instance.
if (only.has('S1x2')) {
  const spec = { ...(SCENARIOS[0] as PropagationSpec), name: 'S1x2' };
  const single: PropagationResult[] = [];
  const split: PropagationResult[] = [];
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? [1, 2] : [2, 1];
    for (const instances of order) {
      const id = runId();
      const cluster = await ClusterUnderTest.start(instances, id);
      try {
        const result = await runPropagation(cluster, spec, id, 3000 + run);
        (instances === 1 ? single : split).push(result);
        log(`S1x2 run ${run + 1} ${instances === 1 ? 'one instance ' : 'two instances'} ${summary(result)}`);
      } finally {
        await cluster.stop();
      }
    }
  }
  report.crossInstance = { single, split };
}

if (only.has('S4')) {
  log('S4: building the 5,000-initiative board');
  const loader = new Y.Doc(); // the board, built once: Lanewise stores it, the reference gets the same bytes
  const lanewise = await coldLoadLanewise(3, loader);
  log(`S4 Lanewise: ${lanewise.loads.map((load) => `${load.ms.toFixed(1)} ms / ${load.serverCpuMs.toFixed(0)} ms CPU`).join(', ')}; first write ${lanewise.firstWrite?.ms.toFixed(1)} ms`);
  const reference = await coldLoadReference(3, loader);
  loader.destroy();
  log(`S4 reference: ${reference.loads.map((load) => `${load.ms.toFixed(1)} ms / ${load.serverCpuMs.toFixed(0)} ms CPU`).join(', ')}`);
  report.coldLoad = { lanewise, reference };
}

if (only.has('isolation')) {
  const spec = { ...(SCENARIOS[0] as PropagationSpec), name: 'isolation' };
  const lanewise = await withServer('Lanewise', (server) => runIsolation(server, spec, runId(), 2000, 850));
  log(`isolation Lanewise: B ${summary(lanewise.quiet)}; bombs ${lanewise.bombs.sent} × ${lanewise.bombs.writers} writers (${lanewise.bombs.calibratedMs.toFixed(0)} ms)`);
  const reference = await withServer('reference', (server) => runIsolation(server, spec, runId(), 2000, 850));
  log(`isolation reference: B ${summary(reference.quiet)}`);
  report.isolation = { lanewise, reference };
}

if (only.has('idle')) {
  const count = Number(values['idle-boards']);
  const lanewise = await idleLanewise(count);
  log(`idle Lanewise: ${(lanewise.perBoard / 1024).toFixed(1)} KB per board`);
  const reference = await idleReference(count);
  log(`idle reference: ${(reference.perBoard / 1024).toFixed(1)} KB per board`);
  report.idle = { lanewise, reference };
}

report.durationS = (performance.now() - started) / 1000;
const markdown = report.propagation.length > 0 || report.coldLoad || report.isolation || report.idle || report.selfTest ? renderReport(report) : '';
if (report.crossInstance) console.log(`\n${renderCrossInstance(report.crossInstance.single, report.crossInstance.split)}`);
console.log(`\n${markdown}`);
if (!values['no-write'] && markdown) {
  const target = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
  appendFileSync(target, `\n${markdown}\n`);
  log(`appended to ${target}`);
}
process.exit(process.exitCode ?? 0);
