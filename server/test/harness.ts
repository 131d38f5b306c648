import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { backendEnv } from './backend.ts';
import { loadConfig, type ServerConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { createLanewiseServer, type LanewiseServer } from '../src/server.ts';

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lanewise-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningServer {
  readonly server: LanewiseServer;
  readonly port: number;
  readonly http: string;
  readonly ws: string;
  readonly config: ServerConfig;
  stop(): Promise<void>;
}

/** The real server, in this process, on a free loopback port. */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, CLIENT_DIST: join(dataDir, 'no-client'), ...backendEnv(dataDir), ...env });
  const server = createLanewiseServer(config, createLogger(process.env.LANEWISE_TEST_LOG ?? 'silent'));
  const port = await server.listen();
  return { server, port, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, config, stop: () => server.stop() };
}

export type Role = 'owner' | 'editor' | 'viewer';

/** The tokens of every board created through the harness, by board id. */
const boardTokens = new Map<string, Record<Role, string>>();

/** The token of a board link (`/b/<id>#t=<token>`). */
export function tokenOfLink(link: string): string {
  const token = new URLSearchParams(link.split('#')[1] ?? '').get('t');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** A token of a board created by `createBoardOverHttp`. */
export function tokenFor(boardId: string, role: Role = 'editor'): string {
  const tokens = boardTokens.get(boardId);
  if (!tokens) throw new Error(`no tokens known for board ${boardId}`);
  return tokens[role];
}

export function rememberToken(boardId: string, role: Role, token: string): void {
  const tokens = boardTokens.get(boardId);
  if (tokens) tokens[role] = token;
}

/** Remembers the tokens of a board made without the HTTP API (straight into storage). */
export async function learnTokens(server: LanewiseServer, boardId: string): Promise<void> {
  const links = await server.access.roleLinks(boardId);
  boardTokens.set(boardId, { owner: tokenOfLink(links.owner), editor: tokenOfLink(links.editor), viewer: tokenOfLink(links.viewer) });
}

/** Creates a board (no token needed) and remembers its owner, editor and viewer tokens. */
export async function createBoardOverHttp(http: string, title = 'Test board', template = 'planning'): Promise<string> {
  const response = await fetch(`${http}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, template }),
  });
  if (response.status !== 201) throw new Error(`create board: ${response.status} ${await response.text()}`);
  const { id, links } = (await response.json()) as { id: string; links: Record<Role, string> };
  boardTokens.set(id, { owner: tokenOfLink(links.owner), editor: tokenOfLink(links.editor), viewer: tokenOfLink(links.viewer) });
  return id;
}

/** `fetch` with the owner's bearer token of the board named in `/api/boards/<id>…`, if the harness knows it. */
export function boardFetch(url: string, init: RequestInit = {}, role: Role = 'owner'): Promise<Response> {
  const boardId = /\/api\/boards\/([^/?#]+)/.exec(url)?.[1];
  const headers = new Headers(init.headers);
  if (boardId && boardTokens.has(boardId) && !headers.has('authorization')) headers.set('authorization', `Bearer ${tokenFor(boardId, role)}`);
  return fetch(url, { ...init, headers });
}

/**
 * The stock y-websocket client, in Node with `ws`. It connects with the board's editor token
 * unless `params.token` says otherwise (the harness knows the tokens of boards it created).
 */
export function connectProvider(ws: string, boardId: string, name = 'Tester', doc = new Y.Doc(), params: Record<string, string> = {}): WebsocketProvider {
  const token = params.token ?? (boardTokens.has(boardId) ? tokenFor(boardId, 'editor') : undefined);
  return new WebsocketProvider(`${ws}/sync`, boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { name, ...params, ...(token !== undefined ? { token } : {}) },
    disableBc: true,
    maxBackoffTime: 200,
  });
}

/** Polls `condition` (which may ask the server, asynchronously) until it holds. */
export function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      try {
        if (await condition()) return resolve();
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      setTimeout(() => void poll(), 10);
    };
    void poll();
  });
}

/**
 * The server's document of a board, as its owner thread holds it (loading it if needed), in a
 * canonical encoding: the same content gives the same bytes however the document was built
 * (applied update by update, or rebuilt from storage after a refusal).
 */
export async function serverDoc(server: LanewiseServer, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await server.rooms.run(boardId, { type: 'encodeState' }));
  return doc;
}

export async function serverDocBytes(server: LanewiseServer, boardId: string): Promise<Uint8Array> {
  const doc = await serverDoc(server, boardId);
  const bytes = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return bytes;
}

/** The stored board, byte for byte: its compacted state and every logged update, in order. */
export async function storedRows(server: LanewiseServer, boardId: string): Promise<Uint8Array[]> {
  const stored = await server.storage.loadBoard(boardId);
  return [...(stored?.snapshot ? [stored.snapshot.data] : []), ...(stored?.updates ?? []).map((update) => update.data)].map((bytes) => new Uint8Array(bytes));
}

/** What the server holds for a board: its document (on its owner thread) and its stored rows, as bytes. */
export async function serverState(server: LanewiseServer, boardId: string): Promise<{ doc: Uint8Array; stored: Uint8Array[] }> {
  const stored = await storedRows(server, boardId);
  return { doc: await serverDocBytes(server, boardId), stored };
}

/** An update made by `change` on a copy of the server's document (a modified client writing fields itself). */
export async function updateOnCopy(server: LanewiseServer, boardId: string, change: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const copy = await serverDoc(server, boardId);
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

export function waitForSync(provider: WebsocketProvider): Promise<void> {
  return waitFor(() => provider.synced, 'provider to sync');
}

/**
 * A raw websocket to `/sync/:id` that records what the server sends and how it closes. It uses
 * the board's editor token unless given one (`null`: none at all).
 */
export function rawSocket(
  ws: string,
  boardId: string,
  token: string | null = boardTokens.has(boardId) ? tokenFor(boardId, 'editor') : null,
): Promise<{ socket: WebSocket; received: Buffer[]; closed: Promise<{ code: number; reason: string }> }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${ws}/sync/${boardId}${token === null ? '' : `?token=${token}`}`);
    const received: Buffer[] = [];
    const closed = new Promise<{ code: number; reason: string }>((done) => socket.on('close', (code, reason) => done({ code, reason: reason.toString() })));
    socket.on('message', (data: Buffer) => received.push(data));
    socket.once('open', () => resolve({ socket, received, closed }));
    socket.once('error', reject);
  });
}
