import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, DECISIONS_FEATURE, isValidId, newId } from '@lanewise/shared';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../logger.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import type { SyncConnection } from '../sync/SyncConnection.ts';

const SYNC_PATH = /^\/sync\/([^/?#]+)$/;
const MAX_NAME_LENGTH = 80;

function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  socket.end(`HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`);
}

/**
 * The websocket route: a thin adapter from `ws` sockets at `/sync/:boardId` onto the sync core.
 * `maxPayload` makes `ws` refuse oversized frames (close 1009) before buffering them.
 */
export class WebsocketRoute {
  private readonly server: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();

  constructor(
    private readonly rooms: BoardRooms,
    private readonly logger: Logger,
    maxMessageBytes: number,
  ) {
    this.server = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes, perMessageDeflate: false });
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
    const name = (url.searchParams.get('name') ?? '').trim().slice(0, MAX_NAME_LENGTH) || 'Anonymous';
    const receivesDecisions = (url.searchParams.get('features') ?? '').split(',').includes(DECISIONS_FEATURE);
    this.server.handleUpgrade(request, socket, head, (ws) => this.accept(ws, boardId, name, receivesDecisions));
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

  private accept(ws: WebSocket, boardId: string, name: string, receivesDecisions: boolean): void {
    this.sockets.add(ws);
    const connection: SyncConnection = {
      id: newId(8),
      identity: { name, verified: false },
      receivesDecisions,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
      bufferedAmount: () => ws.bufferedAmount,
    };
    const handle = this.rooms.connect(boardId, connection);
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary) => {
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
      handle.close();
    });
  }
}
