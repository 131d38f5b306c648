import { cpus, totalmem } from 'node:os';
import { median } from './measure/stats.ts';
import type { ColdLoadResult } from './scenarios/coldLoad.ts';
import type { IdleResult } from './scenarios/idleBoards.ts';
import type { IsolationResult } from './scenarios/isolation.ts';
import type { PropagationResult } from './scenarios/propagation.ts';

export interface PropagationRuns {
  readonly scenario: string;
  readonly description: string;
  readonly lanewise: PropagationResult[];
  readonly reference: PropagationResult[];
}

export interface BenchReport {
  readonly date: string;
  readonly command: string;
  readonly durationS: number;
  readonly lanewiseCommand: string;
  /** Load before each measured window (both servers' JIT warm-up). */
  readonly warmUpMs: number;
  readonly propagation: readonly PropagationRuns[];
  readonly coldLoad?: { lanewise: ColdLoadResult; reference: ColdLoadResult };
  readonly isolation?: { lanewise: IsolationResult; reference: IsolationResult };
  readonly idle?: { lanewise: IdleResult; reference: IdleResult };
  readonly selfTest?: { dropped: number; duplicated: number; reportedLost: number; reportedDuplicated: number; ok: boolean };
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(1)} ms`);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const ratio = (ours: number, theirs: number) => (theirs > 0 ? ours / theirs : Number.NaN);
const times = (value: number) => (Number.isNaN(value) ? '–' : `${value.toFixed(2)} ×`);
const verdict = (value: number, limit: number) => (value <= limit ? `≤ ${limit} ✓` : `≤ ${limit} ✗`);

interface Metric {
  readonly name: string;
  readonly pick: (result: PropagationResult) => number;
  readonly format: (value: number) => string;
  /** Ratio target (Lanewise / reference), if the issue sets one. */
  readonly target?: number;
}

const METRICS: readonly Metric[] = [
  { name: 'latency p50', pick: (r) => r.latency.p50, format: ms, target: 1.2 },
  { name: 'latency p95', pick: (r) => r.latency.p95, format: ms },
  { name: 'latency p99', pick: (r) => r.latency.p99, format: ms, target: 1.2 },
  { name: 'latency max', pick: (r) => r.latency.max, format: ms },
  { name: 'delivered / s', pick: (r) => r.deliveredPerSecond, format: (v) => v.toFixed(0) },
  { name: 'server CPU (cores)', pick: (r) => r.serverCpuCores, format: (v) => v.toFixed(3), target: 1.5 },
  { name: 'server CPU while warming up (fresh process, before the window)', pick: (r) => r.warmUpCpuCores, format: (v) => v.toFixed(3) },
  { name: 'server RSS (peak)', pick: (r) => r.serverRssPeak, format: mb, target: 1.5 },
  { name: 'connect → synced, median client', pick: (r) => r.connectMedianMs, format: ms },
  { name: 'connect, all clients', pick: (r) => r.connectAllMs, format: ms },
];

/** The report as Markdown: machine, date, command, tables with ratios and targets. */
export function renderReport(report: BenchReport): string {
  const lines: string[] = [];
  const cpu = cpus();
  lines.push(`## Sync server vs \`@y/websocket-server\` 0.1.1 — ${report.date}`, '');
  lines.push(
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Node ${process.version}, Linux. ` +
      `Command: \`${report.command}\` (${report.durationS.toFixed(0)} s). Lanewise runs compiled and durable as \`pnpm start\` runs it ` +
      `(\`${report.lanewiseCommand}\`, SQLite, default settings except the caps per client address — \`MAX_CONNECTIONS_PER_ADDRESS\`, \`HTTP_REQUESTS_PER_MINUTE\`, \`BOARD_CREATIONS_PER_HOUR\` — as every client comes from 127.0.0.1); the reference is ` +
      '`@y/websocket-server` 0.1.1 from npm, in memory. Both run as child processes, a fresh one per run, interleaved; both face the ' +
      'same load generator, which runs in the benchmark process on the same 2 cores (its CPU is shown), so ratios stay fair. CPU and ' +
      'RSS are the server process\'s, all threads, read from `/proc`. Latency: from the writer\'s send to each other client\'s receipt. ' +
      `The measured window starts after ${(report.warmUpMs / 1000).toFixed(1)} s of the scenario's load, once both fresh processes have optimised their hot code (DECISIONS 151); what they used before it is shown as "while warming up".`,
    '',
  );
  for (const runs of report.propagation) {
    lines.push(`### ${runs.scenario}: ${runs.description}`, '');
    lines.push(`Median of ${runs.lanewise.length} runs per server (each metric separately); ratios per run show the noise.`, '');
    lines.push('| metric | Lanewise | reference | ratio | target | per-run ratios |', '| --- | --- | --- | --- | --- | --- |');
    for (const metric of METRICS) {
      const ours = median(runs.lanewise.map(metric.pick));
      const theirs = median(runs.reference.map(metric.pick));
      const r = ratio(ours, theirs);
      const perRun = runs.lanewise.map((result, i) => times(ratio(metric.pick(result), metric.pick(runs.reference[i] as PropagationResult)))).join(', ');
      lines.push(`| ${metric.name} | ${metric.format(ours)} | ${metric.format(theirs)} | ${times(r)} | ${metric.target ? verdict(r, metric.target) : ''} | ${perRun} |`);
    }
    const sum = (results: PropagationResult[], pick: (r: PropagationResult) => number) => results.reduce((total, result) => total + pick(result), 0);
    for (const [name, results] of [['Lanewise', runs.lanewise], ['reference', runs.reference]] as const) {
      lines.push(
        `| ${name}: sent / expected deliveries / lost / duplicated / clients closed | ${sum(results, (r) => r.sent)} / ${sum(results, (r) => r.expected)} / ` +
          `**${sum(results, (r) => r.lost)}** / **${sum(results, (r) => r.duplicated)}** / ${sum(results, (r) => r.closedClients)} | | | 0 lost, 0 duplicated | |`,
      );
    }
    const generator = median([...runs.lanewise, ...runs.reference].map((r) => r.generatorCpuCores));
    lines.push('', `Load generator CPU: ${generator.toFixed(2)} cores (median).`, '');
  }
  if (report.coldLoad) {
    const { lanewise, reference } = report.coldLoad;
    const ours = median(lanewise.loads.map((load) => load.ms));
    const theirs = median(reference.loads.map((load) => load.ms));
    const ourCpu = median(lanewise.loads.map((load) => load.serverCpuMs));
    lines.push(`### S4: cold load of a 5,000-initiative board (${mb(lanewise.boardBytes)})`, '');
    lines.push('| measurement | Lanewise (from SQLite, fresh process) | reference (resident) | ratio | target |', '| --- | --- | --- | --- | --- |');
    lines.push(`| full sync, connect → whole board received (median of ${lanewise.loads.length}) | ${ms(ours)} | ${ms(theirs)} | ${times(ratio(ours, theirs))} | ${verdict(ratio(ours, theirs), 2)} |`);
    lines.push(`| server CPU per full sync | ${ms(ourCpu)} | ${ms(median(reference.loads.map((load) => load.serverCpuMs)))} | | ${ourCpu <= 100 ? '≤ 100 ms ✓' : '≤ 100 ms ✗'} |`);
    lines.push(`| each load (ms) | ${lanewise.loads.map((load) => load.ms.toFixed(1)).join(', ')} | ${reference.loads.map((load) => load.ms.toFixed(1)).join(', ')} | | |`);
    if (lanewise.firstWrite) {
      lines.push(`| first write after the cold load (builds the document): until another client has it | ${ms(lanewise.firstWrite.ms)} (server CPU ${ms(lanewise.firstWrite.serverCpuMs)}) | — | | reported |`);
    }
    lines.push('');
  }
  if (report.isolation) {
    const { lanewise, reference } = report.isolation;
    lines.push('### Isolation: S1 on board B while board A receives updates that take ~0.9 s of CPU each', '');
    lines.push('| measurement | Lanewise | reference | target |', '| --- | --- | --- | --- |');
    lines.push(`| board B latency p50 / p99 / max | ${ms(lanewise.quiet.latency.p50)} / **${ms(lanewise.quiet.latency.p99)}** / ${ms(lanewise.quiet.latency.max)} | ${ms(reference.quiet.latency.p50)} / ${ms(reference.quiet.latency.p99)} / ${ms(reference.quiet.latency.max)} | p99 < 50 ms ${lanewise.quiet.latency.p99 < 50 ? '✓' : '✗'} |`);
    lines.push(`| board B lost / duplicated | ${lanewise.quiet.lost} / ${lanewise.quiet.duplicated} | ${reference.quiet.lost} / ${reference.quiet.duplicated} | 0 / 0 |`);
    lines.push(`| slow updates sent to A (fake writers; CPU to apply, measured here) | ${lanewise.bombs.sent} (${lanewise.bombs.writers}; ${ms(lanewise.bombs.calibratedMs)}) | ${reference.bombs.sent} (${reference.bombs.writers}; ${ms(reference.bombs.calibratedMs)}) | |`);
    lines.push(`| how the senders' connections ended | ${Object.entries(lanewise.bombs.closes).map(([code, n]) => `${n}× ${code}`).join(', ')} | ${Object.entries(reference.bombs.closes).map(([code, n]) => `${n}× ${code}`).join(', ')} | |`);
    lines.push('');
  }
  if (report.idle) {
    const { lanewise, reference } = report.idle;
    lines.push(`### ${lanewise.boards.toLocaleString('en')} idle boards, one client each`, '');
    lines.push('| measurement | Lanewise | reference | ratio | target |', '| --- | --- | --- | --- | --- |');
    lines.push(`| RSS per board | ${(lanewise.perBoard / 1024).toFixed(1)} KB | ${(reference.perBoard / 1024).toFixed(1)} KB | ${times(ratio(lanewise.perBoard, reference.perBoard))} | ${verdict(ratio(lanewise.perBoard, reference.perBoard), 1.5)} |`);
    lines.push(`| RSS before → with every board loaded | ${mb(lanewise.rssBefore)} → ${mb(lanewise.rssAfter)} | ${mb(reference.rssBefore)} → ${mb(reference.rssAfter)} | | |`);
    lines.push(`| connecting all clients (50 at a time) | ${ms(lanewise.connectAllMs)} | ${ms(reference.connectAllMs)} | | |`);
    lines.push('');
  }
  if (report.selfTest) {
    const test = report.selfTest;
    lines.push(
      `Self-test (a proxy drops 2 % and duplicates 1 % of relayed updates): proxy dropped ${test.dropped}, duplicated ${test.duplicated}; ` +
        `the generator reported ${test.reportedLost} lost, ${test.reportedDuplicated} duplicated — ${test.ok ? 'exact ✓' : 'MISMATCH ✗'}.`,
      '',
    );
  }
  return lines.join('\n');
}

/**
 * S1x2: S1 on PostgreSQL with its clients split over two instances (Redis fan-out) against one
 * instance; the issue's target is cross-instance p99 ≤ 1.5 × single-instance p99 with 0 lost.
 */
export function renderCrossInstance(single: readonly PropagationResult[], split: readonly PropagationResult[]): string {
  const med = (results: readonly PropagationResult[], pick: (r: PropagationResult) => number) => median(results.map(pick));
  const lines = ['| S1 on PostgreSQL | p50 | p99 | max | lost / dup | runs |', '| --- | --- | --- | --- | --- | --- |'];
  for (const [name, results] of [['one instance', single], ['two instances (clients split, Redis fan-out)', split]] as const) {
    const lost = results.reduce((sum, r) => sum + r.lost, 0);
    const dup = results.reduce((sum, r) => sum + r.duplicated, 0);
    lines.push(`| ${name} | ${ms(med(results, (r) => r.latency.p50))} | ${ms(med(results, (r) => r.latency.p99))} | ${ms(med(results, (r) => r.latency.max))} | ${lost} / ${dup} | ${results.length} |`);
  }
  const r = ratio(med(split, (x) => x.latency.p99), med(single, (x) => x.latency.p99));
  const perRun = split.map((result, i) => times(ratio(result.latency.p99, (single[i] as PropagationResult).latency.p99))).join(', ');
  lines.push('', `p99 two instances / one instance: ${times(r)} (${verdict(r, 1.5)}); per run: ${perRun}.`);
  return lines.join('\n');
}
