import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, DECISIONS_FEATURE, isValidId, newId, TICKET_PARAM, TOKEN_PARAM, type LinkKind } from '@lanewise/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import { AccessDenied, AccessDeniedCode } from '../auth/AccessDenied.ts';
import type { BoardAccess, BoardGrant } from '../auth/BoardAccess.ts';
import type { LiveGrants } from '../auth/LiveGrants.ts';
import type { SyncTickets } from '../tickets/SyncTickets.ts';
import type { ConnectionsPerAddress } from '../hardening/ConnectionsPerAddress.ts';
import { addressKey, clientAddress } from '../limits/clientAddress.ts';
import { rateLimitError, type HttpRateLimits } from '../limits/HttpRateLimits.ts';
import { isOriginAllowed } from '../hardening/originPolicy.ts';
import { TokenBucket } from '../hardening/TokenBucket.ts';
import type { Logger } from '../logger.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { ConnectionIdentity, SyncConnection } from '../sync/SyncConnection.ts';

const SYNC_PATH = /^\/sync\/([^/?#]+)$/;
const MAX_NAME_LENGTH = 80;

/** Refuses a handshake with a plain HTTP response; the body says why. */
function refuseUpgrade(socket: Duplex, status: number, message: string = STATUS_CODES[status] ?? 'Refused', retryAfterSeconds?: number): void {
  if (!socket.writable) return void socket.destroy();
  const retryAfter = retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Refused'}\r\nConnection: close\r\n${retryAfter}Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** A close reason fits in 123 bytes of UTF-8 (RFC 6455); `ws` throws on longer ones. */
export function closeReason(reason: string): string {
  if (Buffer.byteLength(reason) <= 123) return reason;
  let cut = reason.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return `${cut}…`; // "…" is 3 bytes: at most 123
}

/** `ws` internals used to write a frame built once for many sockets (ws 8; checked, with a fallback). */
interface WsInternals {
  _sender?: { _state?: number; sendFrame?: (list: Buffer[], cb?: () => void) => void };
}

/**
 * Writes a pre-built frame when `ws`'s sender is idle (nothing queued: no compression, no blob
 * being read), which is exactly what `ws.send` would write; otherwise falls back to `ws.send`.
 */
function sendPreFramed(ws: WebSocket, frame: Buffer, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  const sender = (ws as unknown as WsInternals)._sender;
  if (sender?._state === 0 && typeof sender.sendFrame === 'function') sender.sendFrame([frame]);
  else ws.send(message);
}

const bearer = (header: string | undefined): string | null => /^Bearer\s+(\S+)$/i.exec((header ?? '').trim())?.[1] ?? null;

export interface WebsocketRouteOptions {
  readonly maxMessageBytes: number;
  readonly access: BoardAccess;
  /** Single-use connection tickets (`?ticket=`), the Lanewise client's way in. */
  readonly tickets: SyncTickets;
  readonly liveGrants: LiveGrants;
  readonly allowedOrigins: readonly string[];
  readonly connectionsPerAddress: ConnectionsPerAddress;
  /** Each handshake is one request of its address's HTTP budget. */
  readonly rateLimits: HttpRateLimits;
  /** TRUST_PROXY: how many reverse proxies' X-Forwarded-For entries to trust (limits/clientAddress.ts). */
  readonly trustedProxies: number;
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly bytesPerSecond: number;
}

/**
 * The websocket route: a thin adapter from `ws` sockets at `/sync/:boardId` onto the sync core.
 * Everything is decided before the upgrade: origin (403), connections per address (429) and the
 * token (401/403, with the reason as the response body), so no frame is read from anyone who has
 * not authenticated. `maxPayload` makes `ws` refuse oversized frames (close 1009) before
 * buffering them; a token bucket per connection closes floods with 1008.
 */
export class WebsocketRoute {
  private readonly server: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly connections = new Map<SyncConnection, string>();

  constructor(
    private readonly rooms: BoardRooms,
    private readonly logger: Logger,
    private readonly options: WebsocketRouteOptions,
  ) {
    this.server = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes, perMessageDeflate: false });
  }

  /** The identities the server holds for a board's open connections. */
  identitiesOf(boardId: string): ConnectionIdentity[] {
    return [...this.connections].filter(([, board]) => board === boardId).map(([connection]) => connection.identity);
  }

  handleUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) return refuseUpgrade(socket, 404, 'Not Found');
    let boardId: string;
    try {
      boardId = decodeURIComponent(match[1] as string);
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    if (!isValidId(boardId)) return refuseUpgrade(socket, 400, 'Bad Request');
    if (!isOriginAllowed(request.headers.origin, request.headers.host, this.options.allowedOrigins)) {
      return refuseUpgrade(socket, 403, `origin_not_allowed: ${String(request.headers.origin).slice(0, 100)} may not open this board's websocket.`);
    }
    // The client speaks only after the 101 response; bytes before it are not part of the protocol.
    if (head.length > 0) return refuseUpgrade(socket, 400, 'Send nothing before the upgrade completes.');
    const address = addressKey(clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], this.options.trustedProxies));
    const release = this.options.connectionsPerAddress.reserve(address);
    if (!release) return refuseUpgrade(socket, 429, 'too_many_connections: Too many open connections from your address; close some and retry.');
    socket.once('close', release);
    const name = (url.searchParams.get('name') ?? '').trim().slice(0, MAX_NAME_LENGTH) || 'Anonymous';
    const receivesDecisions = (url.searchParams.get('features') ?? '').split(',').includes(DECISIONS_FEATURE);
    // A ticket (the Lanewise client) or, for stock y-websocket clients, the link token itself.
    const ticket = url.searchParams.get(TICKET_PARAM);
    const authorize = async () => {
      const verdict = await this.options.rateLimits.charge(address);
      if (!verdict.allowed) throw new AccessDenied(429, AccessDeniedCode.RateLimited, rateLimitError(verdict).message, verdict.retryAfterSeconds);
      if (ticket !== null) return this.options.tickets.redeem(ticket, boardId);
      return this.options.access.authorize(url.searchParams.get(TOKEN_PARAM) ?? bearer(request.headers.authorization), boardId);
    };
    authorize().then(
      (grant) => {
        if (socket.destroyed) return;
        this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, grant, name, receivesDecisions));
      },
      (error: unknown) => {
        if (error instanceof AccessDenied) return refuseUpgrade(socket, error.status, `${error.code}: ${error.message}`, error.retryAfterSeconds);
        this.logger.error({ err: error, boardId }, 'websocket authorization failed');
        refuseUpgrade(socket, 500);
      },
    );
  };

  closeAll(code: number, reason: string): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  /** Force-closes sockets that did not finish their closing handshake. */
  terminateAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  private accept(ws: WebSocket, grant: BoardGrant, declaredName: string, receivesDecisions: boolean): void {
    const { boardId } = grant;
    this.sockets.add(ws);
    // Personal links name a verified person; shared role links carry the name the client declared.
    const personal = grant.via === 'personal-link';
    const identity: ConnectionIdentity = {
      name: personal && grant.person ? grant.person : declaredName,
      verified: personal,
      role: grant.role,
      via: grant.via as LinkKind,
      ...(grant.personId !== undefined ? { personId: grant.personId } : {}),
    };
    const connection: SyncConnection = {
      id: newId(8),
      identity,
      receivesDecisions,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      sendFrame: (frame, message) => sendPreFramed(ws, frame, message),
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, closeReason(reason));
      },
      bufferedAmount: () => ws.bufferedAmount,
    };
    this.connections.set(connection, boardId);
    const untrack = this.options.liveGrants.track(grant, (code, reason) => connection.close(code, reason));
    const messages = new TokenBucket(this.options.messagesPerSecond, this.options.messageBurst);
    const bytes = new TokenBucket(this.options.bytesPerSecond, 2 * Math.max(this.options.bytesPerSecond, this.options.maxMessageBytes));
    let limited = false;
    const handle = this.rooms.connect(boardId, connection);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary) => {
      if (limited) return;
      if (!messages.take() || !bytes.take(data.byteLength)) {
        limited = true;
        this.logger.info({ boardId, connection: connection.id }, 'closing connection: rate limit exceeded');
        connection.close(CloseCode.PolicyViolation, 'rate limit exceeded');
        return;
      }
      if (!isBinary) {
        connection.close(CloseCode.BadMessage, 'text frames are not part of the protocol');
        return;
      }
      handle.message(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    });
    ws.on('error', (error) => {
      // ws closes the socket itself after an error (e.g. 1009 for an oversized frame).
      this.logger.info({ boardId, connection: connection.id, err: error.message }, 'websocket error');
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      this.connections.delete(connection);
      untrack();
      handle.close();
    });
  }
}
