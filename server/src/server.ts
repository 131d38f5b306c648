import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { CloseCode } from '@lanewise/shared';
import { BoardAccess } from './auth/BoardAccess.ts';
import { LinkStore } from './auth/LinkStore.ts';
import { LinkTokens } from './auth/LinkTokens.ts';
import { LiveGrants } from './auth/LiveGrants.ts';
import { loadSigningSecret } from './auth/signingSecret.ts';
import type { ServerConfig } from './config.ts';
import { ConnectionsPerAddress } from './hardening/ConnectionsPerAddress.ts';
import { createApp } from './http/app.ts';
import { WebsocketRoute } from './http/websocketRoute.ts';
import type { Logger } from './logger.ts';
import type { BoardStorage } from './storage/BoardStorage.ts';
import { SqliteStorage } from './storage/SqliteStorage.ts';
import { BoardRooms } from './sync/BoardRooms.ts';

export interface LanewiseServer {
  readonly http: Server;
  readonly rooms: BoardRooms;
  readonly storage: BoardStorage;
  readonly access: BoardAccess;
  readonly websocket: WebsocketRoute;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stores everything (on each board thread), closes sockets with "going away", then the database. */
  stop(): Promise<void>;
}

export function createLanewiseServer(config: ServerConfig, logger: Logger): LanewiseServer {
  // The main thread's own connection: HTTP reads, board listing, share links. Each board thread opens its own.
  const storage = new SqliteStorage(config.dataDir, { synchronous: config.sqliteSynchronous });
  const access = new BoardAccess(new LinkTokens(loadSigningSecret(config.dataDir, config.secret)), new LinkStore(storage.database), config.adminToken);
  const liveGrants = new LiveGrants(access);
  const rooms = new BoardRooms({
    logger,
    threads: config.boardThreads,
    maxBufferedBytes: config.maxBufferedBytes,
    unloadDelayMs: config.roomUnloadDelayMs,
    settings: {
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      logLevel: config.logLevel,
      compactAfterUpdates: config.compactAfterUpdates,
      snapshotIntervalMs: config.snapshotIntervalMs,
      maxBoardBytes: config.maxBoardBytes,
      updateCpuMsPerSecond: config.updateCpuMsPerSecond,
      updateTimeoutMs: config.updateTimeoutMs,
    },
  });
  const app = createApp({ storage, rooms, logger, clientDist: config.clientDist, access });
  const websocket = new WebsocketRoute(rooms, logger, {
    maxMessageBytes: config.maxMessageBytes,
    access,
    liveGrants,
    allowedOrigins: config.allowedOrigins,
    connectionsPerAddress: new ConnectionsPerAddress(config.maxConnectionsPerAddress),
    messagesPerSecond: config.messagesPerSecond,
    messageBurst: config.messageBurst,
    bytesPerSecond: config.bytesPerSecond,
  });
  // Before authentication a client gets only its request line and headers (MAX_HEADER_BYTES),
  // and only UPGRADE_TIMEOUT_MS to send them (slowloris); the checks run at least every second.
  const http = createServer(
    {
      maxHeaderSize: config.maxHeaderBytes,
      headersTimeout: config.upgradeTimeoutMs,
      requestTimeout: Math.max(config.upgradeTimeoutMs, 30_000),
      connectionsCheckingInterval: Math.min(1000, config.upgradeTimeoutMs),
    },
    getRequestListener(app.fetch),
  );
  http.on('upgrade', websocket.handleUpgrade);

  let stopping: Promise<void> | null = null;

  return {
    http,
    rooms,
    storage,
    access,
    websocket,
    listen: () =>
      new Promise((resolve, reject) => {
        rooms.warm();
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const port = (http.address() as AddressInfo).port;
          logger.info({ port, host: config.host, dataDir: config.dataDir, database: storage instanceof SqliteStorage ? storage.path : undefined }, 'Lanewise is listening');
          resolve(port);
        });
      }),
    stop: () => {
      stopping ??= (async () => {
        http.close(); // no new connections
        await rooms.shutdown(config.shutdownTimeoutMs); // each board thread stores its boards, then sockets hear "going away"
        websocket.closeAll(CloseCode.GoingAway, 'server going away');
        const deadline = Date.now() + config.shutdownTimeoutMs;
        while (websocket.openSockets > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        websocket.terminateAll();
        http.closeAllConnections();
        liveGrants.close();
        await storage.close();
        logger.info('Lanewise stopped');
      })();
      return stopping;
    },
  };
}
