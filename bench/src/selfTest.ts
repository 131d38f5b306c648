import * as prng from 'lib0/prng';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { runPropagation, type PropagationSpec } from './scenarios/propagation.ts';
import type { BenchBoard, ServerUnderTest } from './servers/ServerUnderTest.ts';

/**
 * Proves the generator counts what it should: a proxy between the clients and a server drops a
 * seeded fraction of the relayed benchmark updates on their way to clients, and duplicates
 * another; the generator must report exactly as many lost and duplicated as the proxy made.
 */
export async function selfTest(server: ServerUnderTest, run: string, seed: number): Promise<{ dropped: number; duplicated: number; reportedLost: number; reportedDuplicated: number; ok: boolean }> {
  const gen = prng.create(seed);
  const marker = Buffer.from(`lwb${run}:`);
  let dropped = 0;
  let duplicated = 0;
  const proxy = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((resolve) => proxy.once('listening', resolve));
  const port = (proxy.address() as { port: number }).port;
  const upstreamOf = new Map<string, (name: string) => string>();
  proxy.on('connection', (client, request) => {
    const [key, name] = (request.url ?? '').slice(1).split('|');
    const upstream = new WebSocket((upstreamOf.get(key ?? '') as (name: string) => string)(decodeURIComponent(name ?? '')), { perMessageDeflate: false });
    const pending: RawData[] = [];
    upstream.on('open', () => pending.splice(0).forEach((data) => upstream.send(data)));
    client.on('message', (data) => (upstream.readyState === WebSocket.OPEN ? upstream.send(data) : pending.push(data)));
    upstream.on('message', (data: Buffer) => {
      // A relayed benchmark update (sync message type 2 carrying a marker of this run).
      const isBenchUpdate = data[0] === 0 && data[1] === 2 && data.includes(marker);
      if (isBenchUpdate) {
        const roll = prng.real53(gen);
        if (roll < 0.02) {
          dropped++;
          return;
        }
        if (roll < 0.03) {
          duplicated++;
          client.send(data);
        }
      }
      client.send(data);
    });
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
    upstream.on('error', () => client.terminate());
  });
  // The proxy serves the server's boards under its own URL.
  const proxied: ServerUnderTest = {
    name: server.name,
    pid: server.pid,
    stop: () => server.stop(),
    board: (id) => server.board(id),
    createBoard: async (extend) => {
      const board = await server.createBoard(extend);
      upstreamOf.set(board.id, board.url);
      return { id: board.id, url: (name: string): string => `ws://127.0.0.1:${port}/${board.id}|${encodeURIComponent(name)}` } satisfies BenchBoard;
    },
  };
  const spec: PropagationSpec = { name: 'self-test', boards: 1, clientsPerBoard: 10, writersPerBoard: 3, rate: 10, warmupMs: 500, measureMs: 2500 };
  const result = await runPropagation(proxied, spec, run, seed);
  await new Promise((resolve) => proxy.close(resolve));
  return {
    dropped,
    duplicated,
    reportedLost: result.lost,
    reportedDuplicated: result.duplicated,
    ok: dropped > 0 && duplicated > 0 && result.lost === dropped && result.duplicated === duplicated,
  };
}
