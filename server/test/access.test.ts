/**
 * Access control against the real server: every refusal before the websocket upgrade and on the
 * HTTP API (with its reason), link rotation and personal links closing live sockets, identities
 * that come from the token and never from the client, the board list, and security headers.
 */
import { statSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { addItem, CloseCode, readBoard } from '@lanewise/shared';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { SECRET_FILE } from '../src/auth/signingSecret.ts';
import { connectProvider, createBoardOverHttp, rawSocket, serverDoc, startServer, tempDataDir, tokenFor, tokenOfLink, waitFor, waitForSync, type RunningServer } from './harness.ts';

const SECRET = 'test-secret-that-is-at-least-32-characters-long';
const ADMIN = 'admin-token-that-is-at-least-32-characters-long';
const key = new TextEncoder().encode(SECRET);

let data: ReturnType<typeof tempDataDir>;
let running: RunningServer;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
  data = tempDataDir();
  running = await startServer(data.dir, { LANEWISE_SECRET: SECRET, LANEWISE_ADMIN_TOKEN: ADMIN, ALLOWED_ORIGINS: 'http://localhost:5173' });
});
afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await running.stop();
  data.remove();
});

function join(boardId: string, name: string, token: string): WebsocketProvider {
  const provider = connectProvider(running.ws, boardId, name, new Y.Doc(), { token });
  providers.push(provider);
  return provider;
}

/** Tries the websocket handshake; returns 101 or the refusal's status and body. */
function handshake(boardId: string, token: string | null, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
    const socket = new WebSocket(`${running.ws}/sync/${boardId}${query}`, { headers });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => {
      resolve({ status: 101, body: '' });
      socket.close();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('refusals before the websocket upgrade and on the HTTP API', () => {
  it('refuses missing, malformed, expired, alg none, foreign-signed, other-board and revoked tokens with the reason', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const otherBoard = await createBoardOverHttp(running.http);
    const now = Math.floor(Date.now() / 1000);
    const claims = { board: boardId, role: 'editor', ver: 1 };
    const expired = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('lanewise').setIssuedAt(now - 7200).setExpirationTime(now - 3600).sign(key);
    const algNone = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...claims, iss: 'lanewise' })}.`;
    const hs512 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS512' }).setIssuer('lanewise').sign(new TextEncoder().encode(SECRET.repeat(2)));
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer('lanewise').sign(new TextEncoder().encode('another-secret-of-at-least-32-characters!!'));
    const noRole = await new SignJWT({ board: boardId, ver: 1 }).setProtectedHeader({ alg: 'HS256' }).setIssuer('lanewise').sign(key);
    const otherBoardToken = tokenFor(otherBoard, 'owner');
    const oldEditor = tokenFor(boardId, 'editor');
    const rotated = await fetch(`${running.http}/api/boards/${boardId}/links/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    });
    expect(rotated.status).toBe(200);

    const cases: Array<[string, string | null, number, string, RegExp]> = [
      ['missing', null, 401, 'token_missing', /needs a share link/],
      ['malformed', 'not-a-token', 401, 'token_malformed', /is not a JWT/],
      ['expired', expired, 401, 'token_expired', /expired/],
      ['alg none', algNone, 401, 'token_algorithm_refused', /alg "none"/],
      ['alg HS512', hs512, 401, 'token_algorithm_refused', /alg "HS512"/],
      ['signed elsewhere', foreign, 401, 'token_bad_signature', /not signed by this server/],
      ['without a role', noRole, 401, 'token_malformed', /lacks the board, role or version/],
      ['for another board', otherBoardToken, 403, 'token_wrong_board', /different board/],
      ['revoked by rotation', oldEditor, 401, 'token_revoked', /revoked/],
    ];
    for (const [what, token, status, code, message] of cases) {
      const refused = await handshake(boardId, token);
      expect(refused.status, what).toBe(status);
      expect(refused.body, what).toMatch(new RegExp(`^${code}: `));
      expect(refused.body, what).toMatch(message);

      const response = await fetch(`${running.http}/api/boards/${boardId}`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
      expect(response.status, `HTTP ${what}`).toBe(status);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code, `HTTP ${what}`).toBe(code);
      expect(error.message, `HTTP ${what}`).toMatch(message);
    }
    expect(await handshake(boardId, tokenFor(boardId, 'viewer'))).toEqual({ status: 101, body: '' });
  });

  it('refuses websocket handshakes from origins not on the allowlist; same origin and listed ones pass', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const token = tokenFor(boardId);
    const foreign = await handshake(boardId, token, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/^origin_not_allowed: https:\/\/evil\.example/);
    expect((await handshake(boardId, token, { origin: running.http })).status).toBe(101);
    expect((await handshake(boardId, token, { origin: 'http://localhost:5173' })).status).toBe(101);
    expect((await handshake(boardId, token)).status).toBe(101); // no Origin: not a browser
  });

  it('lets viewers read but not change, and only owners manage links', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const as = (role: 'owner' | 'editor' | 'viewer') => ({ authorization: `Bearer ${tokenFor(boardId, role)}`, 'content-type': 'application/json' });
    const read = await fetch(`${running.http}/api/boards/${boardId}`, { headers: as('viewer') });
    expect(read.status).toBe(200);
    expect(((await read.json()) as { access: unknown }).access).toEqual({ role: 'viewer', via: 'viewer-link' });
    const snapshot = await fetch(`${running.http}/api/boards/${boardId}/snapshots`, { method: 'POST', headers: as('viewer'), body: '{"name":"x"}' });
    expect(snapshot.status).toBe(403);
    expect(((await snapshot.json()) as { error: { code: string } }).error.code).toBe('role_insufficient');
    for (const role of ['viewer', 'editor'] as const) {
      const links = await fetch(`${running.http}/api/boards/${boardId}/links`, { headers: as(role) });
      expect(links.status, role).toBe(403);
    }
    const links = await fetch(`${running.http}/api/boards/${boardId}/links`, { headers: as('owner') });
    expect(Object.keys(((await links.json()) as { links: object }).links).sort()).toEqual(['editor', 'owner', 'viewer']);
  });
});

describe('revocation', () => {
  it('rotating a role link closes the sockets that use it at once (4401 "link revoked"); others stay', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const editor = join(boardId, 'Dana', tokenFor(boardId, 'editor'));
    const viewer = join(boardId, 'Vic', tokenFor(boardId, 'viewer'));
    await Promise.all([waitForSync(editor), waitForSync(viewer)]);
    const closes: Array<[number, string]> = [];
    editor.on('connection-close', (event: { code: number; reason: string } | null) => closes.push([event?.code ?? 0, event?.reason ?? '']));

    const response = await fetch(`${running.http}/api/boards/${boardId}/links/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    });
    const { link } = (await response.json()) as { link: string };
    await waitFor(() => closes.length > 0, 'the editor socket to close', 3000);
    expect(closes[0]).toEqual([CloseCode.Unauthorized, 'link revoked']);
    expect(viewer.wsconnected).toBe(true);

    const renewed = join(boardId, 'Dana', tokenOfLink(link));
    await waitForSync(renewed);
    addItem(renewed.doc, { title: 'with the new link', laneId: readBoard(renewed.doc)?.lanes[0]?.id as string });
    await waitFor(() => readBoard(viewer.doc)?.lanes[0]?.items.length === 1, 'the viewer to see it');
  });

  it('personal links carry a verified name, can be listed and revoked, and revoking closes the socket', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const owner = { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' };
    const issued = await fetch(`${running.http}/api/boards/${boardId}/links/personal`, { method: 'POST', headers: owner, body: JSON.stringify({ name: 'Priya Patel', role: 'editor' }) });
    expect(issued.status).toBe(201);
    const personal = (await issued.json()) as { id: string; name: string; role: string; link: string };
    expect(personal).toMatchObject({ name: 'Priya Patel', role: 'editor' });

    // The name in the token wins over the one the client declares; shared links keep the declared one, unverified.
    const priya = join(boardId, 'Mallory', tokenOfLink(personal.link));
    const lee = join(boardId, 'Lee', tokenFor(boardId, 'editor'));
    await Promise.all([waitForSync(priya), waitForSync(lee)]);
    const identities = running.server.websocket.identitiesOf(boardId);
    expect(identities).toContainEqual({ name: 'Priya Patel', verified: true, role: 'editor', via: 'personal-link', personId: personal.id });
    expect(identities).toContainEqual({ name: 'Lee', verified: false, role: 'editor', via: 'editor-link' });
    // …and so does the decision log: verified person for the personal link, declared name for the shared one.
    const laneId = readBoard(priya.doc)?.lanes[0]?.id as string;
    addItem(priya.doc, { title: 'By Priya', laneId, createdBy: 'Somebody else' });
    await waitFor(() => readBoard(lee.doc)?.lanes[0]?.items.length === 1, 'Lee to see Priya\'s item');
    addItem(lee.doc, { title: 'By Lee', laneId });
    await waitFor(async () => (await running.server.storage.decisions.list(boardId)).length === 2, 'both decisions');
    expect((await running.server.storage.decisions.list(boardId, { order: 'asc' })).map((entry) => entry.actor)).toEqual([
      { name: 'Priya Patel', verified: true, via: 'personal-link' },
      { name: 'Lee', verified: false, via: 'editor-link' },
    ]);

    const list = (await (await fetch(`${running.http}/api/boards/${boardId}/links/personal`, { headers: owner })).json()) as { links: Array<Record<string, unknown>> };
    expect(list.links).toEqual([expect.objectContaining({ id: personal.id, name: 'Priya Patel', role: 'editor', revokedAt: null })]);
    expect(JSON.stringify(list)).not.toContain(tokenOfLink(personal.link));

    const closes: number[] = [];
    priya.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? 0));
    const revoked = await fetch(`${running.http}/api/boards/${boardId}/links/personal/${personal.id}`, { method: 'DELETE', headers: owner });
    expect(revoked.status).toBe(204);
    await waitFor(() => closes.includes(CloseCode.Unauthorized), 'Priya\'s socket to close', 3000);
    expect(lee.wsconnected).toBe(true);
    expect((await handshake(boardId, tokenOfLink(personal.link))).body).toMatch(/^token_revoked: /);
  });

  it('an expiring personal link is closed when it expires', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const owner = { authorization: `Bearer ${tokenFor(boardId, 'owner')}`, 'content-type': 'application/json' };
    const issued = await fetch(`${running.http}/api/boards/${boardId}/links/personal`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ name: 'Temp', role: 'viewer', expiresInDays: 1.5 / 86_400 }), // 1.5 s
    });
    const { link } = (await issued.json()) as { link: string };
    const { closed } = await rawSocket(running.ws, boardId, tokenOfLink(link));
    expect(await closed).toEqual({ code: CloseCode.Unauthorized, reason: 'link expired' });
  });
});

describe('identity comes from the token', () => {
  it('a client that writes someone else\'s name into the document or its presence does not become them', async () => {
    const boardId = await createBoardOverHttp(running.http);
    const lee = join(boardId, 'Lee', tokenFor(boardId, 'editor'));
    await waitForSync(lee);
    lee.awareness.setLocalStateField('user', { name: 'Dana (owner)' });
    const itemId = addItem(lee.doc, { title: 'Forged', laneId: readBoard(lee.doc)?.lanes[0]?.id as string });
    (lee.doc.getMap('items').get(itemId) as Y.Map<unknown>).set('createdBy', 'Dana');
    await waitFor(async () => (await serverDoc(running.server, boardId)).getMap('items').has(itemId), 'the item to be stored');
    expect(running.server.websocket.identitiesOf(boardId)).toEqual([{ name: 'Lee', verified: false, role: 'editor', via: 'editor-link' }]);
    const decisions = await fetch(`${running.http}/api/boards/${boardId}/decisions`, { headers: { authorization: `Bearer ${tokenFor(boardId, 'viewer')}` } });
    const { entries } = (await decisions.json()) as { entries: Array<{ actor: { name: string; verified: boolean } }> };
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.actor).toMatchObject({ name: 'Lee', verified: false });
  });
});

describe('the board list and headers', () => {
  it('lists every board only for the admin token, one board for a board token, nothing without', async () => {
    const first = await createBoardOverHttp(running.http);
    const second = await createBoardOverHttp(running.http);
    const ids = async (headers: Record<string, string>) => {
      const response = await fetch(`${running.http}/api/boards`, { headers });
      return response.status === 200 ? ((await response.json()) as { boards: Array<{ id: string }> }).boards.map((board) => board.id).sort() : response.status;
    };
    expect(await ids({})).toBe(401);
    expect(await ids({ authorization: 'Bearer nonsense' })).toBe(401);
    expect(await ids({ authorization: `Bearer ${tokenFor(second, 'viewer')}` })).toEqual([second]);
    expect(await ids({ authorization: `Bearer ${ADMIN}` })).toEqual([first, second].sort());
  });

  it('sends security headers on every response: a CSP without inline scripts (the built page’s own by hash only), no framing, nosniff', async () => {
    for (const path of ['/', '/healthz', '/api/boards', '/b/some-board']) {
      const response = await fetch(`${running.http}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*')*(;|$)/);
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp, path).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
    }
  });
});

describe('the signing secret', () => {
  it('is generated once into the data directory (0600) when LANEWISE_SECRET is unset, so links survive a restart', async () => {
    await running.stop();
    running = await startServer(data.dir);
    const file = joinPath(data.dir, SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const boardId = await createBoardOverHttp(running.http);
    await running.stop();
    running = await startServer(data.dir);
    expect((await handshake(boardId, tokenFor(boardId, 'editor'))).status).toBe(101);
  });
});
