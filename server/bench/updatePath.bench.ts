/**
 * What one client update costs on its board thread, step by step, on a small board and on a
 * board of 5,000 initiatives (the per-update work must not grow with the board): the whole
 * path through a real BoardRoom and SQLite, and its parts measured alone. Also what the
 * reference server does per update (apply + encode once), as the yardstick, and how long Yjs
 * takes on hostile inputs.
 *   pnpm --filter @lanewise/server bench
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addItem, createBoard, readBoard, SCHEMA_VERSION, updateItem, validateBoard } from '@lanewise/shared';
import * as Y from 'yjs';
import { DecisionTracker } from '../src/decisions/DecisionTracker.ts';
import { collectTouched, emptyTouched, validateTouched } from '../src/hardening/boardChanges.ts';
import { createLogger } from '../src/logger.ts';
import { BOARD_RULES } from '../src/rules/boardRules.ts';
import { BoardHost } from '../src/room/BoardHost.ts';
import { Outbox } from '../src/room/Outbox.ts';
import { SqliteStorage } from '../src/storage/SqliteStorage.ts';
import { encodeUpdate } from '../src/sync/messages.ts';
import { BusySlot } from '../src/threads/BusySlot.ts';
import type { FromBoardThread, ToBoardThread } from '../src/threads/protocol.ts';
import { conflictBomb, GARBAGEDOC_UPDATE, rleBombV2, ZERO_LENGTH_UPDATE } from '../test/hostileInputs.ts';

const SAMPLES = 2000;
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
/**
 * CPU time of this process in ms (user + system): on a shared machine, wall time measures the
 * neighbours too; CPU time measures the work. (This benchmark runs on one thread.)
 */
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function board(items: number): { doc: Y.Doc; itemId: string } {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Bench', template: 'planning' });
  const lanes = readBoard(doc)?.lanes.map((lane) => lane.id) ?? [];
  let itemId = '';
  doc.transact(() => {
    for (let i = 0; i < items; i++) {
      itemId = addItem(doc, { title: `Initiative ${i}`, laneId: lanes[i % lanes.length] as string, description: 'Why it matters, in a sentence or two.', estimate: 3 });
    }
  });
  return { doc, itemId };
}

/** `count` description edits of one initiative in a row, as one client sends them. */
function edits(doc: Y.Doc, itemId: string, count = SAMPLES): Uint8Array[] {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const updates: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) updateItem(client, itemId, { description: `Edit lwbbench:1:${i};` });
  return updates;
}

async function measure(items: number, pathOnly = false): Promise<void> {
  const { doc, itemId } = board(items);
  const all = edits(doc, itemId, 3 * SAMPLES);
  const updates = all.slice(0, SAMPLES);
  const bytes = Y.encodeStateAsUpdate(doc).length;
  console.log(`\nCPU time per update, board of ${items} initiatives (${(bytes / 1024).toFixed(0)} KB), ${SAMPLES} description edits of ~${updates[0]?.length} B:`);

  // The reference's work per update: apply once, encode the relay message once.
  if (!pathOnly) {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const started = cpuNow();
    for (const update of updates) {
      Y.applyUpdate(replica, update);
      encodeUpdate(update);
    }
    console.log(`  reference's work (apply + encode):          ${us((cpuNow() - started) / SAMPLES)}`);
  }

  // The parts, alone.
  if (!pathOnly) {
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    const tracker = new DecisionTracker(replica);
    let validate = 0;
    let track = 0;
    let full = 0;
    for (const [i, update] of updates.entries()) {
      const touched = emptyTouched();
      let transaction: Y.Transaction | null = null;
      const collect = (tr: Y.Transaction) => {
        transaction = tr;
        collectTouched(replica, tr, touched);
      };
      replica.on('afterTransaction', collect);
      Y.applyUpdate(replica, update);
      replica.off('afterTransaction', collect);
      let started = cpuNow();
      if (validateTouched(replica, touched).length > 0) throw new Error('invalid edit');
      validate += cpuNow() - started;
      started = cpuNow();
      tracker.observe(transaction as unknown as Y.Transaction, { name: 'Bench', verified: false });
      track += cpuNow() - started;
      if (i < 20) {
        started = cpuNow();
        validateBoard(replica);
        full += cpuNow() - started;
      }
    }
    console.log(`  incremental validation:                     ${us(validate / SAMPLES)}   (whole-board validateBoard: ${us(full / 20)})`);
    console.log(`  decision tracker:                           ${us(track / SAMPLES)}`);
  }

  // SQLite alone: one append per transaction, as the room commits.
  if (!pathOnly) {
    const dataDir = mkdtempSync(join(tmpdir(), 'lanewise-bench-'));
    const storage = new SqliteStorage(dataDir);
    await storage.createBoard({ id: 'solo', title: 'Bench', template: 'planning', createdAt: 1, updatedAt: 1 }, Y.encodeStateAsUpdate(doc));
    const started = cpuNow();
    for (const update of updates) await storage.appendUpdates([{ boardId: 'solo', update, decisions: [] }]);
    console.log(`  SQLite append, one per transaction:         ${us((cpuNow() - started) / SAMPLES)}`);
    await storage.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // The whole path through a real room: admit, apply, validate, rules, group commit, encode, relay.
  const dataDir = mkdtempSync(join(tmpdir(), 'lanewise-bench-'));
  try {
    const storage = new SqliteStorage(dataDir);
    await storage.createBoard({ id: 'bench', title: 'Bench', template: 'planning', createdAt: 1, updatedAt: 1 }, Y.encodeStateAsUpdate(doc), {
      validated: { data: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc), schemaVersion: SCHEMA_VERSION },
    });
    let relayed = 0;
    let outstanding: (() => void) | null = null;
    const outbox = new Outbox((ops: FromBoardThread[]) => {
      for (const op of ops) if (op.t === 'relay' && op.seq > 0) relayed++;
      outstanding?.();
    });
    const host = new BoardHost({
      storage,
      outbox,
      busy: new BusySlot(),
      logger: createLogger('silent'),
      rules: BOARD_RULES,
      limits: { compactAfterUpdates: 1_000_000, snapshotIntervalMs: 1e12, maxBoardBytes: 64 * 1024 * 1024, updateCpuMsPerSecond: 1e9, updateTimeoutMs: 1000 },
    });
    const identity = { name: 'Bench', verified: false, role: 'editor' as const, via: 'editor-link' as const };
    const send = (ops: ToBoardThread[]) => new Promise<void>((resolve) => {
      outstanding = resolve;
      host.handle(ops);
    });
    await send([{ t: 'open', boardId: 'bench', knownSeq: 0 }, { t: 'join', boardId: 'bench', conn: 1, identity, decisions: false, rejoin: false }]);
    const message = (update: Uint8Array) => ({ t: 'message' as const, boardId: 'bench', conn: 1, data: Uint8Array.of(0, 2, ...varUint(update.length), ...update) });
    // First write: the document is built from the stored bytes.
    let started = cpuNow();
    await send([message(updates[0] as Uint8Array)]);
    console.log(`  first write after a cold load (builds the document from the stored bytes): ${(cpuNow() - started).toFixed(1)} ms`);
    started = cpuNow();
    for (const update of updates.slice(1)) await send([message(update)]);
    console.log(`  whole path, one update per batch:           ${us((cpuNow() - started) / (SAMPLES - 1))}   (relayed ${relayed})`);
    started = cpuNow();
    const batch = 20;
    const again = all.slice(SAMPLES, 2 * SAMPLES).map(message);
    for (let i = 0; i < again.length; i += batch) await send(again.slice(i, i + batch));
    console.log(`  whole path, batches of ${batch} (one commit each): ${us((cpuNow() - started) / again.length)} per update`);
    // Memory allocated on the path (what the GC then works through), one update per batch; the
    // sampler slows the code it watches, so this pass is not timed.
    const sampled = all.slice(2 * SAMPLES).map(message);
    const sampling = await startAllocationSampling();
    for (const one of sampled) await send([one]);
    const allocated = await stopAllocationSampling(sampling);
    console.log(`  bytes allocated per update (sampled, incl. collected): ${(allocated.total / sampled.length / 1024).toFixed(1)} KB`);
    if (process.argv.includes('--alloc')) {
      for (const [where, bytes] of allocated.top) console.log(`    ${(bytes / sampled.length).toFixed(0).padStart(6)} B  ${where}`);
    }
    await storage.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * V8's sampling heap profiler, keeping samples of objects already collected: what a stretch of
 * code allocated (an estimate, one sample per 512 bytes on average), and where.
 */
async function startAllocationSampling(): Promise<Session> {
  const session = new Session();
  session.connect();
  await post(session, 'HeapProfiler.startSampling', { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  return session;
}

interface SampledNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampledNode[];
}

async function stopAllocationSampling(session: Session): Promise<{ total: number; top: Array<[string, number]> }> {
  const { profile } = (await post(session, 'HeapProfiler.stopSampling', {})) as { profile: { head: SampledNode } };
  session.disconnect();
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: SampledNode, caller: string) => {
    total += node.selfSize;
    const { functionName, url, lineNumber } = node.callFrame;
    // A built-in (Map, Set, an iterator) is named with the code that called it.
    const own = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    const site = url === '' && caller !== '' ? `${functionName} ← ${caller}` : own;
    if (node.selfSize > 0) bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, url === '' ? caller : own);
  };
  walk(profile.head, '');
  return { total, top: [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 25) };
}

function post(session: Session, method: string, params: object): Promise<unknown> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
}

function varUint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function time(label: string, run: () => void, repeat = 1): void {
  const started = cpuNow();
  let error = '';
  for (let i = 0; i < repeat; i++) {
    try {
      run();
    } catch (caught) {
      error = ` (throws: ${(caught as Error).message.slice(0, 40)})`;
    }
  }
  console.log(`  ${label}: ${((cpuNow() - started) / repeat).toFixed(3)} ms${error}`);
}

const only = process.argv.includes('--path-only'); // for profiling the room alone
await measure(20, only); // warms the JIT: its figures are printed but read the second small run
await measure(20, only);
if (!only) await measure(5000);
if (only) process.exit(0);

console.log('\nhostile inputs (why updates are applied on a board thread under a watchdog):');
time('Y.decodeUpdate, yjs #498 zero-length', () => Y.decodeUpdate(ZERO_LENGTH_UPDATE), 1000);
time('Y.decodeUpdate, yjs #479 garbagedoc', () => Y.decodeUpdate(GARBAGEDOC_UPDATE), 1000);
time('Y.decodeUpdate, yjs #687 bomb read as V1', () => Y.decodeUpdate(rleBombV2()), 1000);
const bomb = conflictBomb(20_000);
time(`Y.applyUpdate, conflict bomb (${bomb.length} bytes)`, () => Y.applyUpdate(new Y.Doc(), bomb));
process.exit(0);
