/**
 * What checking the decision log costs: a full re-hash of a 100,000-entry log (what every
 * /decisions/verify call did before) against the incremental check (what it does now), after 0, 1
 * and 100 new entries, on a real SQLite file with signed anchors every 500 entries.
 *   pnpm --filter @lanewise/server bench:decisions
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionDraft } from '../src/decisions/DecisionEntry.ts';
import { SqliteStorage } from '../src/storage/SqliteStorage.ts';

const BIG = 100_000;
const SMALL = 10_000;
const ANCHOR_EVERY = 500;

const dir = mkdtempSync(join(tmpdir(), 'lanewise-bench-'));
const storage = new SqliteStorage(dir, { anchorSecret: new TextEncoder().encode('bench-secret-of-at-least-thirty-two-chars') });

let counter = 0;
function draft(): DecisionDraft {
  const n = counter++;
  return {
    at: 1_800_000_000_000 + n * 1000,
    actor: { name: `Person ${n % 17}`, verified: n % 3 === 0, via: 'editor-link' },
    action: 'item.moved',
    item: { id: `item-${n % 997}`, title: `Initiative number ${n % 997} with a realistic title` },
    from: { laneId: 'p1', laneName: 'P1', position: (n % 9) + 1 },
    to: { laneId: 'p0', laneName: 'P0', position: (n % 5) + 1 },
    ...(n % 4 === 0 ? { rationale: 'Blocks the Acme renewal; sales asked twice this quarter.' } : {}),
  } as DecisionDraft;
}

function fill(boardId: string, entries: number): void {
  storage.createBoard({ id: boardId, title: boardId, template: 'planning', createdAt: 0, updatedAt: 0 }, new Uint8Array([0, 0]));
  for (let done = 0; done < entries; done += ANCHOR_EVERY) {
    storage.decisionLog.append(boardId, Array.from({ length: Math.min(ANCHOR_EVERY, entries - done) }, draft));
    storage.decisionLog.signHead(boardId, 'snapshot');
  }
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

function timed(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function check(boardId: string, full: boolean, expected: 'full' | 'incremental'): void {
  const result = storage.decisionLog.verify(boardId, { full });
  if (!result.ok || result.mode !== expected) throw new Error(`unexpected verification: ${JSON.stringify(result)}`);
}

/** Median time of `repeat` checks after appending `appended` entries before each. */
function incremental(boardId: string, appended: number, repeat: number): number {
  check(boardId, false, 'incremental');
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    if (appended > 0) storage.decisionLog.append(boardId, Array.from({ length: appended }, draft));
    samples.push(timed(() => check(boardId, false, 'incremental')));
  }
  return median(samples);
}

const started = performance.now();
fill('big', BIG);
fill('small', SMALL);
console.log(`filled ${BIG + SMALL} entries with anchors every ${ANCHOR_EVERY} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const fullBig = median(Array.from({ length: 5 }, () => timed(() => check('big', true, 'full'))));
const fullSmall = median(Array.from({ length: 5 }, () => timed(() => check('small', true, 'full'))));
const rows: Array<[string, number]> = [
  [`full re-hash, ${BIG.toLocaleString('en')} entries (median of 5)`, fullBig],
  [`full re-hash, ${SMALL.toLocaleString('en')} entries (median of 5)`, fullSmall],
  [`incremental, ${BIG.toLocaleString('en')} entries, nothing new (median of 200)`, incremental('big', 0, 200)],
  [`incremental, ${BIG.toLocaleString('en')} entries, 1 new entry (median of 200)`, incremental('big', 1, 200)],
  [`incremental, ${SMALL.toLocaleString('en')} entries, 1 new entry (median of 200)`, incremental('small', 1, 200)],
  [`incremental, ${BIG.toLocaleString('en')} entries, 100 new entries (median of 50)`, incremental('big', 100, 50)],
];

console.log(`\nMachine: ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}. ${new Date().toISOString().slice(0, 10)}`);
console.log('\n| measurement | time | ratio to the full re-hash of 100,000 entries |\n| --- | --- | --- |');
for (const [label, ms] of rows) console.log(`| ${label} | ${ms < 1 ? ms.toFixed(3) : ms.toFixed(1)} ms | ${(ms / fullBig).toPrecision(2)} × |`);

storage.close();
rmSync(dir, { recursive: true, force: true });
