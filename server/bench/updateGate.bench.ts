/**
 * What update checking costs: full vs incremental validation on a 1,000-item board, the gate's
 * round trip through its worker, and how long Yjs takes to decode and apply hostile inputs.
 *   pnpm --filter @lanewise/server bench
 */
import { addItem, createBoard, moveItem, readBoard, validateBoard } from '@lanewise/shared';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { collectTouched, emptyTouched, validateTouched } from '../src/hardening/boardChanges.ts';
import { UpdateGate } from '../src/hardening/UpdateGate.ts';
import { createLogger } from '../src/logger.ts';
import { conflictBomb, GARBAGEDOC_UPDATE, rleBombV2, ZERO_LENGTH_UPDATE } from '../test/hostileInputs.ts';

const ITEMS = 1000;
const SAMPLES = 300;
const ms = (value: number) => `${value.toFixed(3)} ms`;

function bigBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Big', template: 'planning' });
  const lanes = readBoard(doc)?.lanes.map((lane) => lane.id) ?? [];
  for (let i = 0; i < ITEMS; i++) addItem(doc, { title: `Item ${i}`, laneId: lanes[i % lanes.length] as string, description: 'A realistic sentence or two about the item.' });
  return doc;
}

/** SAMPLES move updates, as clients send them. */
function moves(doc: Y.Doc): Uint8Array[] {
  const gen = prng.create(1);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const board = readBoard(client);
  const lanes = board?.lanes.map((lane) => lane.id) ?? [];
  const items = board?.lanes.flatMap((lane) => lane.items.map((item) => item.id)) ?? [];
  const updates: Uint8Array[] = [];
  client.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < SAMPLES; i++) moveItem(client, prng.oneOf(gen, items), { laneId: prng.oneOf(gen, lanes), position: 'top' });
  return updates;
}

function time(label: string, run: () => void, repeat = 1): void {
  const started = performance.now();
  let error = '';
  for (let i = 0; i < repeat; i++) {
    try {
      run();
    } catch (caught) {
      error = ` (throws: ${(caught as Error).message.slice(0, 40)})`;
    }
  }
  console.log(`${label}: ${ms((performance.now() - started) / repeat)}${error}`);
}

const doc = bigBoard();
const updates = moves(doc);
console.log(`board: ${ITEMS} items, ${Y.encodeStateAsUpdate(doc).length} bytes; ${SAMPLES} move updates`);

{
  const trial = new Y.Doc();
  Y.applyUpdate(trial, Y.encodeStateAsUpdate(doc));
  let full = 0;
  let incremental = 0;
  for (const update of updates) {
    const touched = emptyTouched();
    const collect = (transaction: Y.Transaction) => collectTouched(trial, transaction, touched);
    trial.on('afterTransaction', collect);
    Y.applyUpdate(trial, update);
    trial.off('afterTransaction', collect);
    let started = performance.now();
    if (validateTouched(trial, touched).length > 0) throw new Error('invalid move');
    incremental += performance.now() - started;
    started = performance.now();
    if (!validateBoard(trial).ok) throw new Error('invalid board');
    full += performance.now() - started;
  }
  console.log(`validation per update: full validateBoard ${ms(full / SAMPLES)}, incremental ${ms(incremental / SAMPLES)}`);
}

{
  const gate = new UpdateGate({ timeoutMs: 1000, maxBoardBytes: 16 * 1024 * 1024, logger: createLogger('silent') });
  await gate.ready();
  const room = new Y.Doc();
  Y.applyUpdate(room, Y.encodeStateAsUpdate(doc));
  await gate.admit(room, 'bench', new Uint8Array([0, 0])); // builds the mirror
  const latencies: number[] = [];
  for (const update of updates) {
    const started = performance.now();
    const verdict = await gate.admit(room, 'bench', update);
    latencies.push(performance.now() - started);
    if (!verdict.ok) throw new Error(verdict.reason);
    Y.applyUpdate(room, update, { source: 'connection' });
  }
  latencies.sort((a, b) => a - b);
  console.log(`gate round trip per update (worker: apply on mirror + validate): median ${ms(latencies[SAMPLES >> 1] as number)}, p95 ${ms(latencies[Math.floor(SAMPLES * 0.95)] as number)}`);
  gate.close();
}

const random = prng.uint8Array(prng.create(2), 1024 * 1024);
time('Y.decodeUpdate, 1 MiB of random bytes', () => Y.decodeUpdate(random), 20);
time('Y.decodeUpdate, yjs #498 zero-length', () => Y.decodeUpdate(ZERO_LENGTH_UPDATE), 1000);
time('Y.decodeUpdate, yjs #479 garbagedoc', () => Y.decodeUpdate(GARBAGEDOC_UPDATE), 1000);
time('Y.decodeUpdate, yjs #687 bomb read as V1', () => Y.decodeUpdate(rleBombV2()), 1000);
time('Y.applyUpdateV2, yjs #687 bomb with 1,000,000 structs (2^31-1 does not finish)', () => Y.applyUpdateV2(new Y.Doc(), rleBombV2(1_000_000)));
const bomb = conflictBomb(20_000);
time(`Y.decodeUpdate, conflict bomb (${bomb.length} bytes)`, () => Y.decodeUpdate(bomb));
time('Y.applyUpdate, conflict bomb (the main thread would stall this long)', () => Y.applyUpdate(new Y.Doc(), bomb));
process.exit(0);
