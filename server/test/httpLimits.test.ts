/**
 * HTTP limits against the real server: per-address rate limits (board creation strictly, every
 * other request sensibly), TRUST_PROXY deciding which X-Forwarded-For entry is the client, and
 * request body caps that answer before a big body is read.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBoardOverHttp, startServer, tempDataDir, tokenFor, type RunningServer } from './harness.ts';

let data: ReturnType<typeof tempDataDir> | undefined;
let running: RunningServer | undefined;

async function start(env: Record<string, string> = {}): Promise<RunningServer> {
  data = tempDataDir();
  running = await startServer(data.dir, env);
  return running;
}
afterEach(async () => {
  await running?.stop();
  data?.remove();
  running = undefined;
  data = undefined;
});

const createBoard = (server: RunningServer, headers: Record<string, string> = {}) =>
  fetch(`${server.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ title: 'Flood', template: 'planning' }) });

type ErrorBody = { error: { code: string; message: string } };

/** Tries the websocket handshake with extra headers; resolves with 101 or the refusal status and headers. */
function handshake(server: RunningServer, boardId: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.ws}/sync/${boardId}?token=${tokenFor(boardId, 'editor')}`, { headers });
    socket.on('unexpected-response', (_request, response) => {
      const retryAfter = response.headers['retry-after'];
      response.resume();
      resolve({ status: response.statusCode ?? 0, ...(retryAfter !== undefined ? { retryAfter } : {}) });
    });
    socket.on('open', () => resolve({ status: 101, socket }));
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('rate limits per address', () => {
  it('refuses a flood of 300 board creations from one address after the hourly allowance, storing none of the refused', async () => {
    const server = await start();
    const statuses: number[] = [];
    const refusals: Response[] = [];
    const started = Date.now();
    for (let batch = 0; batch < 30; batch++) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => createBoard(server)));
      for (const response of responses) {
        statuses.push(response.status);
        if (response.status === 429) refusals.push(response);
        else await response.body?.cancel();
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(statuses.filter((status) => status === 201)).toHaveLength(20); // BOARD_CREATIONS_PER_HOUR
    expect(refusals).toHaveLength(280);
    const refusal = refusals[0] as Response;
    const retryAfter = Number(refusal.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3000);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const { error } = (await refusal.json()) as ErrorBody;
    expect(error.code).toBe('board_creation_rate_limited');
    expect(error.message).toMatch(/^Too many boards created from your address \(at most 20 an hour\); try again in \d+ minutes\.$/);
    expect(await server.server.storage.listBoards()).toHaveLength(20);
    // Reading and every other endpoint still work for that address.
    expect((await fetch(`${server.http}/healthz`)).status).toBe(200);
  }, 30_000);

  it('limits every other request per minute — API, health and websocket handshakes, not static files — with Retry-After', async () => {
    const server = await start({ HTTP_REQUESTS_PER_MINUTE: '12' });
    const boardId = await createBoardOverHttp(server.http); // 1
    const first = await fetch(`${server.http}/healthz`); // 2
    expect(first.headers.get('ratelimit-limit')).toBe('12');
    expect(first.headers.get('ratelimit-remaining')).toBe('10');
    const opened = await handshake(server, boardId); // 3
    expect(opened.status).toBe(101);
    opened.socket?.close();
    for (let i = 0; i < 9; i++) expect((await fetch(`${server.http}/api/boards/${boardId}`, { headers: { authorization: `Bearer ${tokenFor(boardId, 'viewer')}` } })).status).toBe(200); // 12
    const refused = await fetch(`${server.http}/api/boards/${boardId}`, { headers: { authorization: `Bearer ${tokenFor(boardId, 'viewer')}` } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as ErrorBody).error).toEqual({ code: 'rate_limited', message: expect.stringMatching(/^Too many requests from your address \(at most 12 a minute\); try again in \d+ seconds?\.$/) });
    expect((await fetch(`${server.http}/healthz`)).status).toBe(429);
    expect(await handshake(server, boardId)).toMatchObject({ status: 429, retryAfter: expect.stringMatching(/^\d+$/) });
    expect((await fetch(`${server.http}/b/${boardId}`)).status).toBe(200); // the page itself still loads
  });
});

describe('TRUST_PROXY', () => {
  it('off (default): X-Forwarded-For is ignored, so a client cannot dodge its limit by writing one', async () => {
    const server = await start({ BOARD_CREATIONS_PER_HOUR: '2' });
    expect((await createBoard(server, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '203.0.113.3' })).status).toBe(429);
  });

  it('1: the last X-Forwarded-For entry (what the proxy appended) is the client, whatever the client wrote before it', async () => {
    const server = await start({ BOARD_CREATIONS_PER_HOUR: '2', TRUST_PROXY: '1' });
    expect((await createBoard(server, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '6.6.6.6, 203.0.113.1' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '7.7.7.7, 203.0.113.1' })).status).toBe(429); // forged prefix: same client
    expect((await createBoard(server, { 'x-forwarded-for': '203.0.113.2' })).status).toBe(201); // another client behind the proxy
    // IPv6 clients are limited by their /64.
    expect((await createBoard(server, { 'x-forwarded-for': '2001:db8:1:2::a' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '2001:db8:1:2::b' })).status).toBe(201);
    expect((await createBoard(server, { 'x-forwarded-for': '2001:db8:1:2:ffff::1' })).status).toBe(429);
  });

  it('2: the second entry from the right; and the websocket connections-per-address limit follows the same address', async () => {
    const server = await start({ TRUST_PROXY: '2', MAX_CONNECTIONS_PER_ADDRESS: '2' });
    const boardId = await createBoardOverHttp(server.http);
    const viaCdn = (client: string) => ({ 'x-forwarded-for': `1.1.1.1, ${client}, 192.0.2.50` });
    const sockets = [await handshake(server, boardId, viaCdn('198.51.100.7')), await handshake(server, boardId, viaCdn('198.51.100.7'))];
    expect(sockets.map((socket) => socket.status)).toEqual([101, 101]);
    expect((await handshake(server, boardId, viaCdn('198.51.100.7'))).status).toBe(429);
    const other = await handshake(server, boardId, viaCdn('198.51.100.8'));
    expect(other.status).toBe(101);
    for (const socket of [...sockets, other]) socket.socket?.close();
  });

  it('refuses an ambiguous value at start with a message naming the variable', async () => {
    await expect(start({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY: give the number of reverse proxies/);
  });
});

/** Sends a request whose headers announce `announced` body bytes, then `send` bytes; resolves with the status and what was written. */
function oversized(server: RunningServer, path: string, headers: Record<string, string>, chunked: boolean): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    let written = 0;
    let answered = false;
    const request = httpRequest(`${server.http}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      answered = true;
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, written }));
    });
    request.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = () => {
      // Keep sending, as a client streaming a huge body would, until the server answers (or 8 MiB).
      // One chunk per event-loop turn: the server runs in this process, so it gets to read between
      // chunks however busy the machine is, and `written` counts what it was offered, not what a
      // tight loop managed to queue before the server's turn came.
      if (answered) return;
      if (written >= 8 * 1024 * 1024) return void request.end();
      written += chunk.length;
      if (!request.write(chunk)) request.once('drain', () => setImmediate(pump));
      else setImmediate(pump);
    };
    if (chunked) pump();
    else {
      request.write(chunk); // the rest of the announced body never comes
      written = chunk.length;
    }
  });
}

describe('request body caps', () => {
  it('refuse bodies over MAX_REQUEST_BODY_BYTES with 413 on every endpoint, by Content-Length before the body arrives', async () => {
    const server = await start();
    const boardId = await createBoardOverHttp(server.http);
    const owner = { authorization: `Bearer ${tokenFor(boardId, 'owner')}` };
    for (const path of ['/api/boards', `/api/boards/${boardId}/snapshots`, `/api/boards/${boardId}/links/personal`, `/api/boards/${boardId}/sync-ticket`]) {
      const result = await oversized(server, path, { ...owner, 'content-length': String(100 * 1024 * 1024) }, false);
      expect(result.status, path).toBe(413);
      expect(JSON.parse(result.body)).toEqual({ error: { code: 'body_too_large', message: 'The request body is larger than this server accepts (16384 bytes).' } });
    }
    expect(await server.server.storage.listBoards()).toHaveLength(1);
  });

  it('stop reading a chunked body as soon as it passes the cap', async () => {
    const server = await start();
    const result = await oversized(server, '/api/boards', { 'transfer-encoding': 'chunked' }, true);
    expect(result.status).toBe(413);
    expect(result.written).toBeLessThan(4 * 1024 * 1024);
    expect(await server.server.storage.listBoards()).toHaveLength(0);
  });

  it('accept bodies up to the cap', async () => {
    const server = await start({ MAX_REQUEST_BODY_BYTES: '2048' });
    const padded = JSON.stringify({ title: 'Fits', template: 'planning' }).padEnd(2048, ' ');
    const response = await fetch(`${server.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: padded });
    expect(response.status).toBe(201);
    const over = await fetch(`${server.http}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `${padded} ` });
    expect(over.status).toBe(413);
  });
});
