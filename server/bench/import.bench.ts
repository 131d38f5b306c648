/**
 * Importing a 2,000-row Jira CSV end to end through the HTTP API of a real server (a child process
 * with its own SQLite file): upload + parse + preview, then upload + parse + plan + apply + persist.
 * Target (issue 15): under 2 s on 2 cores. Reference in the same run: a 200-row file.
 *   flock -x /tmp/lw-cpu.lock pnpm --filter @lanewise/server bench:import
 * Results go to docs/benchmarks.md (between the import-bench markers).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { jiraExport } from './jiraExport.ts';

const RUNS = 5;
const root = fileURLToPath(new URL('../../', import.meta.url));

async function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST: join(dataDir, 'no-client'), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; port?: number };
        if (entry.msg === 'Lanewise is listening' && entry.port) resolve(entry.port);
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Timing {
  readonly preview: number;
  readonly apply: number;
  readonly total: number;
  readonly created: number;
  readonly reimport: number;
}

async function importOnce(url: string, csv: string, rows: number): Promise<Timing> {
  const created = (await (await fetch(`${url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `Import ${rows}`, template: 'planning' }) })).json()) as { id: string; links: { editor: string } };
  const token = new URLSearchParams(created.links.editor.split('#')[1]).get('t') as string;
  const headers = { authorization: `Bearer ${token}`, 'x-lanewise-name': 'Bench' };
  // Done issues too (Jira exports usually hold some): every row becomes an initiative.
  const form = (options: object = { skipDone: false }) => {
    const data = new FormData();
    data.set('file', new Blob([csv]), `jira-${rows}.csv`);
    data.set('options', JSON.stringify(options));
    return data;
  };
  const started = performance.now();
  const preview = await fetch(`${url}/api/boards/${created.id}/import/csv/preview`, { method: 'POST', headers, body: form() });
  if (preview.status !== 200) throw new Error(`preview: ${preview.status} ${await preview.text()}`);
  const shown = (await preview.json()) as { preview: { options: object; counts: { create: number } } };
  const previewed = performance.now();
  const data = form(shown.preview.options);
  const applied = await fetch(`${url}/api/boards/${created.id}/import/csv`, { method: 'POST', headers, body: data });
  if (applied.status !== 200) throw new Error(`import: ${applied.status} ${await applied.text()}`);
  const result = (await applied.json()) as { imported: { create: number; written: boolean } };
  const done = performance.now();
  // What was stored, read back over the API (not timed).
  const board = (await (await fetch(`${url}/api/boards/${created.id}`, { headers })).json()) as { board: { lanes: Array<{ items: unknown[] }> } };
  const stored = board.board.lanes.reduce((sum, lane) => sum + lane.items.length, 0);
  if (!result.imported.written || stored !== shown.preview.counts.create) throw new Error(`stored ${stored} items, expected ${shown.preview.counts.create}`);
  const again = performance.now();
  const reimport = await fetch(`${url}/api/boards/${created.id}/import/csv`, { method: 'POST', headers, body: form() });
  if (reimport.status !== 200) throw new Error(`re-import: ${reimport.status}`);
  await reimport.json();
  return { preview: previewed - started, apply: done - previewed, total: done - started, created: stored, reimport: performance.now() - again };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (value: number) => `${Math.round(value).toLocaleString('en')} ms`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lanewise-import-bench-'));
  const big = jiraExport(2000);
  const small = jiraExport(200, 16);
  const server = await startServer(dataDir);
  try {
    await importOnce(server.url, small, 200); // warm-up: module loading, JIT
    const bigRuns: Timing[] = [];
    const smallRuns: Timing[] = [];
    for (let run = 0; run < RUNS; run++) {
      smallRuns.push(await importOnce(server.url, small, 200));
      bigRuns.push(await importOnce(server.url, big, 2000));
    }
    const pick = (runs: Timing[], key: keyof Timing) => runs.map((run) => run[key]);
    const bigTotal = median(pick(bigRuns, 'total'));
    const smallTotal = median(pick(smallRuns, 'total'));
    const verdict = bigTotal < 2000 ? 'meets the target (< 2 s)' : 'MISSES the target (< 2 s)';
    const report = `## CSV import through the HTTP API — ${new Date().toISOString().slice(0, 10)}

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}.
Command: \`flock -x /tmp/lw-cpu.lock pnpm --filter @lanewise/server bench:import\` (server/bench/import.bench.ts). The server is a
child process with its own SQLite file; a Jira "all fields" export (BOM, CRLF, repeated headers, multi-line descriptions),
${(Buffer.byteLength(big) / 1024).toFixed(0)} KiB for 2,000 rows, is previewed and then imported with "Skip done issues" off (${bigRuns[0]?.created ?? 0} initiatives
created), each a multipart upload that the server parses again. Median of ${RUNS} runs, each on a new board.

| measurement | 2,000 rows | reference: 200 rows (same run) | ratio |
| --- | --- | --- | --- |
| preview (upload, parse, plan) | ${fmt(median(pick(bigRuns, 'preview')))} | ${fmt(median(pick(smallRuns, 'preview')))} | ${(median(pick(bigRuns, 'preview')) / median(pick(smallRuns, 'preview'))).toFixed(1)} × |
| import (upload, parse, plan, apply on a scratch copy, validate, apply, persist, relay) | ${fmt(median(pick(bigRuns, 'apply')))} | ${fmt(median(pick(smallRuns, 'apply')))} | ${(median(pick(bigRuns, 'apply')) / median(pick(smallRuns, 'apply'))).toFixed(1)} × |
| **preview + import, end to end** | **${fmt(bigTotal)}** (slowest run ${fmt(Math.max(...pick(bigRuns, 'total')))}) | ${fmt(smallTotal)} | ${(bigTotal / smallTotal).toFixed(1)} × |
| re-import of the same file (everything unchanged, nothing written) | ${fmt(median(pick(bigRuns, 'reimport')))} | ${fmt(median(pick(smallRuns, 'reimport')))} | ${(median(pick(bigRuns, 'reimport')) / median(pick(smallRuns, 'reimport'))).toFixed(1)} × |

Issue 15's target, a 2,000-row Jira CSV in under 2 s on 2 cores: ${verdict}.
`;
    console.log(report);
    const docsPath = join(root, 'docs/benchmarks.md');
    const existing = readFileSync(docsPath, 'utf8');
    const [open, close] = ['<!-- import-bench -->', '<!-- /import-bench -->'];
    const start = existing.indexOf(open);
    const end = start >= 0 ? existing.indexOf(close, start) : -1;
    const block = `${open}\n${report}${close}\n`;
    writeFileSync(docsPath, start >= 0 && end >= 0 ? existing.slice(0, start) + block + existing.slice(end + close.length + 1) : `${existing.trimEnd()}\n\n${block}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
