/**
 * A seeded fuzzer against the real server: random frames and mutated real protocol messages
 * (sync step 1 / step 2 / update, awareness, query awareness, the known crashing updates) on a
 * pool of authenticated sockets, reconnecting whenever the server closes one. Throughout, the
 * server answers /healthz and a well-behaved pair on the same board keeps syncing.
 *   LANEWISE_SEED=7 pnpm --filter @lanewise/server test hostileFuzz          # replay one seed
 *   LANEWISE_FUZZ_FRAMES=200000 pnpm --filter @lanewise/server test hostileFuzz   # longer run
 */
import { addItem, MessageType, readBoard, updateItem } from '@lanewise/shared';
import * as encoding from 'lib0/encoding';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectProvider, createBoardOverHttp, serverDoc, startServer, tempDataDir, tokenFor, waitFor, waitForSync, type RunningServer } from './harness.ts';
import { awarenessMessage, GARBAGEDOC_UPDATE, rleBombV2, syncMessage, ZERO_LENGTH_UPDATE } from './hostileInputs.ts';

const FRAMES = Number(process.env.LANEWISE_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.LANEWISE_SEED ?? 0x5eed);
const SOCKETS = 8;

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
let boardId: string;
let dana: WebsocketProvider;
let lee: WebsocketProvider;

beforeAll(async () => {
  data = tempDataDir();
  // Floods and connection counts have their own tests; here every frame should reach the parser.
  running = await startServer(data.dir, { MESSAGES_PER_SECOND: '1000000', MESSAGE_BURST: '1000000', MAX_CONNECTIONS_PER_ADDRESS: '10000', UPDATE_CPU_MS_PER_SECOND: '100000', HTTP_REQUESTS_PER_MINUTE: '0' });
  boardId = await createBoardOverHttp(running.http);
  dana = connectProvider(running.ws, boardId, 'Dana');
  lee = connectProvider(running.ws, boardId, 'Lee');
  await Promise.all([waitForSync(dana), waitForSync(lee)]);
});

afterAll(async () => {
  dana.destroy();
  lee.destroy();
  await running.stop();
  data.remove();
});

/** Real messages a client sends, to mutate. */
function seedMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(dana.doc));
  const before = Y.encodeStateVector(doc);
  const lanes = readBoard(doc)?.lanes ?? [];
  const itemId = addItem(doc, { title: 'Fuzzed', laneId: lanes[0]?.id as string, tags: ['a', 'b'], estimate: 3 });
  const itemUpdate = Y.encodeStateAsUpdate(doc, before);
  const middle = Y.encodeStateVector(doc);
  updateItem(doc, itemId, { title: 'Fuzzed again', description: 'more' });
  const editUpdate = Y.encodeStateAsUpdate(doc, middle);
  const query = encoding.createEncoder();
  encoding.writeVarUint(query, MessageType.QueryAwareness);
  return [
    syncMessage(0, Y.encodeStateVector(doc)),
    syncMessage(1, itemUpdate),
    syncMessage(2, itemUpdate),
    syncMessage(2, editUpdate),
    syncMessage(2, Y.mergeUpdates([itemUpdate, editUpdate])),
    awarenessMessage(987654, 3, { user: { name: 'Fuzz', color: '#123456' }, cursor: { x: 10, y: 20 } }),
    encoding.toUint8Array(query),
    syncMessage(2, ZERO_LENGTH_UPDATE),
    syncMessage(2, GARBAGEDOC_UPDATE),
    syncMessage(2, rleBombV2()),
  ];
}

function mutate(gen: prng.PRNG, message: Uint8Array, others: Uint8Array[]): Uint8Array {
  let frame = message.slice();
  for (let round = prng.int32(gen, 1, 3); round > 0; round--) {
    const at = prng.int32(gen, 0, Math.max(0, frame.length - 1));
    switch (prng.int32(gen, 0, 5)) {
      case 0: // flip bytes
        for (let flips = prng.int32(gen, 1, 4); flips > 0; flips--) frame[prng.int32(gen, 0, Math.max(0, frame.length - 1))] = prng.uint32(gen, 0, 255);
        break;
      case 1: // truncate
        frame = frame.slice(0, at);
        break;
      case 2: // insert random bytes
        frame = Uint8Array.from([...frame.slice(0, at), ...prng.uint8Array(gen, prng.int32(gen, 1, 8)), ...frame.slice(at)]);
        break;
      case 3: // a huge length or count where a varint was
        frame = Uint8Array.from([...frame.slice(0, at), 0xff, 0xff, 0xff, 0xff, 0x0f, ...frame.slice(at + 1)]);
        break;
      case 4: // splice two messages
        frame = Uint8Array.from([...frame.slice(0, at), ...prng.oneOf(gen, others).slice(prng.int32(gen, 0, 8))]);
        break;
      default: // duplicate a run
        frame = Uint8Array.from([...frame, ...frame.slice(at, at + prng.int32(gen, 1, 32))]);
    }
  }
  return frame;
}

interface FuzzSocket {
  socket: WebSocket;
  closed: Promise<void>;
  open: boolean;
}

function openSocket(): Promise<FuzzSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${running.ws}/sync/${boardId}?token=${tokenFor(boardId)}`);
    const entry: FuzzSocket = { socket, closed: Promise.resolve(), open: true };
    entry.closed = new Promise((done) =>
      socket.on('close', () => {
        entry.open = false;
        done();
      }),
    );
    socket.on('error', () => {});
    socket.once('open', () => resolve(entry));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
}

describe('seeded fuzzer', () => {
  it(`survives ${FRAMES} random and mutated frames, answering /healthz while a pair keeps syncing (seed ${SEED})`, { timeout: Math.max(120_000, FRAMES * 12) }, async () => {
    const gen = prng.create(SEED);
    const messages = seedMessages();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < FRAMES; i++) {
      const roll = prng.int32(gen, 0, 9);
      if (roll < 2) frames.push(prng.uint8Array(gen, prng.int32(gen, 0, 96)));
      else if (roll < 3) frames.push(prng.oneOf(gen, messages));
      else frames.push(mutate(gen, prng.oneOf(gen, messages), messages));
    }
    let sent = 0;
    let reconnects = 0;
    let checks = 0;
    const started = Date.now();
    try {
      const laneId = readBoard(dana.doc)?.lanes[3]?.id as string;
      const fuzzLoop = async (lane: number) => {
        let entry = await openSocket();
        for (let i = lane; i < frames.length; i += SOCKETS) {
          if (!entry.open) {
            entry = await openSocket();
            reconnects++;
          }
          entry.socket.send(frames[i] as Uint8Array);
          sent++;
          // Let the server answer (or close) before the next frame on this socket.
          await Promise.race([entry.closed, new Promise((resolve) => setTimeout(resolve, 1))]);
        }
        entry.socket.close();
      };
      const probe = async () => {
        // Throughout the run: health answers, and an edit by Dana reaches Lee.
        while (sent < frames.length) {
          const health = await fetch(`${running.http}/healthz`);
          expect(health.status).toBe(200);
          const title = `probe ${checks}`;
          addItem(dana.doc, { title, laneId });
          await waitFor(() => readBoard(lee.doc)?.lanes.some((lane) => lane.items.some((item) => item.title === title)) === true, `"${title}" to reach Lee`, 10_000);
          checks++;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      };
      await Promise.all([...Array.from({ length: SOCKETS }, (_, lane) => fuzzLoop(lane)), probe()]);
      console.log(`fuzz seed ${SEED}: ${sent} frames, ${reconnects} reconnects, ${checks} sync probes, ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(sent).toBe(FRAMES);
      expect(checks).toBeGreaterThan(0);
      expect((await fetch(`${running.http}/healthz`)).status).toBe(200);
      // The pair and the server agree on the board.
      await waitFor(async () => {
        const server = await serverDoc(running.server, boardId);
        return JSON.stringify(readBoard(lee.doc)) === JSON.stringify(readBoard(server)) && JSON.stringify(readBoard(dana.doc)) === JSON.stringify(readBoard(server));
      }, 'the pair to converge with the server');
      expect(dana.wsconnected && lee.wsconnected).toBe(true);
    } catch (error) {
      console.error(`fuzz failed with seed ${SEED} (replay: LANEWISE_SEED=${SEED} LANEWISE_FUZZ_FRAMES=${FRAMES})`);
      throw error;
    }
  });
});
