/**
 * Connection tickets against the real server: the link token goes over HTTP in the Authorization
 * header, only a single-use ticket goes into the websocket URL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBoardOverHttp, startServer, tempDataDir, tokenFor, tokenOfLink, waitFor, type RunningServer } from './harness.ts';

const ADMIN = 'admin-token-that-is-at-least-32-characters-long';
let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir, { LANEWISE_ADMIN_TOKEN: ADMIN });
});
afterEach(async () => {
  await running.stop();
  data.remove();
});

async function ticketFor(boardId: string, token: string): Promise<Response> {
  return fetch(`${running.http}/api/boards/${boardId}/sync-ticket`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
}

async function issue(boardId: string, token: string): Promise<string> {
  const response = await ticketFor(boardId, token);
  expect(response.status).toBe(201);
  return ((await response.json()) as { ticket: string }).ticket;
}

/** Opens `/sync/:id?<query>`; resolves with 101 (and the open socket) or the refusal's status and body. */
function handshake(boardId: string, query: string): Promise<{ status: number; body: string; socket?: WebSocket }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${running.ws}/sync/${boardId}?${query}`);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => resolve({ status: 101, body: '', socket }));
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('connection tickets', () => {
  it('trade any role\'s link token for a ticket that opens the websocket once', async () => {
    const boardId = await createBoardOverHttp(running.http);
    for (const role of ['viewer', 'editor', 'owner'] as const) {
      const response = await ticketFor(boardId, tokenFor(boardId, role));
      expect(response.status, role).toBe(201);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const { ticket, expiresAt } = (await response.json()) as { ticket: string; expiresAt: number };
      expect(expiresAt - Date.now()).toBeGreaterThan(25_000);
      expect(expiresAt - Date.now()).toBeLessThanOrEqual(30_000);

      const first = await handshake(boardId, `ticket=${ticket}&name=Dana`);
      expect(first.status, role).toBe(101);
      const again = await handshake(boardId, `ticket=${ticket}&name=Dana`);
      expect(again.status, role).toBe(401);
      expect(again.body).toMatch(/^ticket_invalid: .*already used or expired/);
      first.socket?.close();
    }
  });

  it('connects with the identity of the link it was issued for, the role included', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const owner = { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' };
    const personal = (await (await fetch(`${running.http}/api/boards/${boardId}/links/personal`, { method: 'POST', headers: owner, body: JSON.stringify({ name: 'Priya Patel', role: 'viewer' }) })).json()) as { id: string; link: string };
    const viaPersonal = await handshake(boardId, `ticket=${await issue(boardId, tokenOfLink(personal.link))}&name=Mallory`);
    const viaEditor = await handshake(boardId, `ticket=${await issue(boardId, tokenFor(boardId, 'editor'))}&name=Lee`);
    await waitFor(() => running.server.websocket.identitiesOf(boardId).length === 2, 'both connections');
    expect(running.server.websocket.identitiesOf(boardId)).toEqual(
      expect.arrayContaining([
        { name: 'Priya Patel', verified: true, role: 'viewer', via: 'personal-link', personId: personal.id },
        { name: 'Lee', verified: false, role: 'editor', via: 'editor-link' },
      ]),
    );
    viaPersonal.socket?.close();
    viaEditor.socket?.close();
  });

  it('opens exactly one of many simultaneous handshakes with the same ticket', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const ticket = await issue(boardId, tokenFor(boardId, 'editor'));
    const results = await Promise.all(Array.from({ length: 20 }, () => handshake(boardId, `ticket=${ticket}`)));
    expect(results.filter((result) => result.status === 101)).toHaveLength(1);
    expect(results.filter((result) => result.status === 401)).toHaveLength(19);
    for (const result of results) result.socket?.close();
  });

  it('refuses tickets for another board, made-up tickets, and tickets whose link was rotated after issue', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const other = await createBoardOverHttp(running.http);
    const forOther = await issue(other, tokenFor(other, 'editor'));
    expect(await handshake(boardId, `ticket=${forOther}`)).toMatchObject({ status: 403, body: expect.stringMatching(/^token_wrong_board: /) });
    expect(await handshake(boardId, `ticket=${'A'.repeat(43)}`)).toMatchObject({ status: 401, body: expect.stringMatching(/^ticket_invalid: /) });
    expect(await handshake(boardId, 'ticket=')).toMatchObject({ status: 401, body: expect.stringMatching(/^ticket_invalid: /) });

    const beforeRotation = await issue(boardId, tokenFor(boardId, 'editor'));
    const rotated = await fetch(`${running.http}/api/boards/${boardId}/links/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    });
    expect(rotated.status).toBe(200);
    expect(await handshake(boardId, `ticket=${beforeRotation}`)).toMatchObject({ status: 401, body: expect.stringMatching(/^token_revoked: /) });
  });

  it('are issued only for a valid link token in the Authorization header, never for the admin token', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const cases: Array<[Record<string, string>, number, string]> = [
      [{}, 401, 'token_missing'],
      [{ authorization: 'Bearer not-a-token' }, 401, 'token_malformed'],
      [{ authorization: `Bearer ${ADMIN}` }, 403, 'admin_token_not_for_sync'],
    ];
    for (const [headers, status, code] of cases) {
      const response = await fetch(`${running.http}/api/boards/${boardId}/sync-ticket`, { method: 'POST', headers });
      expect(response.status, code).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    // A token in the query string is not read by the ticket endpoint.
    const inQuery = await fetch(`${running.http}/api/boards/${boardId}/sync-ticket?token=${tokenFor(boardId, 'editor')}`, { method: 'POST' });
    expect(inQuery.status).toBe(401);
  });
});
