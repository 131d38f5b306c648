import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { CloseCode } from '@lanewise/shared';
import { BoardAccess } from './auth/BoardAccess.ts';
import { LinkStore } from './auth/LinkStore.ts';
import { RetroStore } from './retro/RetroStore.ts';
import { LinkTokens } from './auth/LinkTokens.ts';
import { LiveGrants } from './auth/LiveGrants.ts';
import { loadSigningSecret } from './auth/signingSecret.ts';
import type { ServerConfig } from './config.ts';
import { ConnectionsPerAddress } from './hardening/ConnectionsPerAddress.ts';
import { createApp } from './http/app.ts';
import { HttpRateLimits } from './limits/HttpRateLimits.ts';
import { WebsocketRoute } from './http/websocketRoute.ts';
import type { Logger } from './logger.ts';
import type { BoardStorage } from './storage/BoardStorage.ts';
import { MemorySyncTicketStore } from './tickets/SyncTicketStore.ts';
import { SyncTickets } from './tickets/SyncTickets.ts';
import { startRetentionSweep } from './snapshots/SnapshotRetention.ts';
import { securePrivateFiles } from './storage/privateFiles.ts';
import { SqliteStorage } from './storage/SqliteStorage.ts';
import { BoardRooms } from './sync/BoardRooms.ts';

export interface LanewiseServer {
  readonly http: Server;
  /** The HTTP routes (the OpenAPI test checks that each one is described). */
  readonly app: Hono;
  readonly rooms: BoardRooms;
  readonly storage: BoardStorage;
  readonly access: BoardAccess;
  readonly websocket: WebsocketRoute;
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stores everything (on each board thread), closes sockets with "going away", then the database. */
  stop(): Promise<void>;
}

/** Tightens the data directory and Lanewise's files in it, and logs what was looser than it should be. */
function securePrivateData(dataDir: string, logger: Logger): void {
  const { fixes, sharedDirectory } = securePrivateFiles(dataDir);
  for (const fix of fixes) logger.warn(fix, 'file permissions were looser than owner-only; tightened');
  if (sharedDirectory) logger.warn({ dataDir }, 'DATA_DIR is a shared directory (sticky bit); use a directory of its own so it can be made private (0700)');
}

export function createLanewiseServer(config: ServerConfig, logger: Logger): LanewiseServer {
  securePrivateData(config.dataDir, logger);
  const secret = loadSigningSecret(config.dataDir, config.secret);
  const snapshotRetention = { keep: config.autoSnapshotsKeep, maxAgeMs: config.autoSnapshotsMaxAgeMs };
  // Every connection of this server to the database counts its commits here (see SqliteStorage).
  const commitCounter = new Int32Array(new SharedArrayBuffer(4));
  // The main thread's own connection: HTTP reads, board listing, share links. Each board thread opens its own.
  const storage = new SqliteStorage(config.dataDir, {
    synchronous: config.sqliteSynchronous,
    anchorSecret: secret,
    commitCounter,
    snapshotRetention: {
      ...snapshotRetention,
      onPruned: (boardId, removed) => logger.info({ boardId, removed }, 'automatic snapshots pruned (AUTO_SNAPSHOTS_KEEP / AUTO_SNAPSHOTS_MAX_AGE_DAYS)'),
    },
  });
  securePrivateData(config.dataDir, logger); // SQLite's -wal and -shm, now that the database is open
  const access = new BoardAccess(new LinkTokens(secret), new LinkStore(storage.database), config.adminToken);
  const liveGrants = new LiveGrants(access);
  const ticketStore = new MemorySyncTicketStore();
  const tickets = new SyncTickets(ticketStore, access, config.syncTicketTtlMs);
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
      anchorSecret: secret,
      snapshotRetention,
      commitCounter,
    },
  });
  const rateLimits = new HttpRateLimits({ requestsPerMinute: config.httpRequestsPerMinute, boardCreationsPerHour: config.boardCreationsPerHour });
  const app = createApp({
    storage,
    rooms,
    logger,
    clientDist: config.clientDist,
    access,
    tickets,
    limits: { rateLimits, trustedProxies: config.trustedProxies, maxRequestBodyBytes: config.maxRequestBodyBytes },
    retro: new RetroStore(storage.database),
    importLimits: { maxCsvBytes: config.importMaxCsvBytes, maxRows: config.importMaxRows, maxJsonBytes: config.importMaxJsonBytes, maxBoardBytes: config.maxBoardBytes },
  });
  const websocket = new WebsocketRoute(rooms, logger, {
    maxMessageBytes: config.maxMessageBytes,
    access,
    tickets,
    liveGrants,
    allowedOrigins: config.allowedOrigins,
    connectionsPerAddress: new ConnectionsPerAddress(config.maxConnectionsPerAddress),
    rateLimits,
    trustedProxies: config.trustedProxies,
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

  const stopRetentionSweep = startRetentionSweep((now) => storage.snapshots.pruneExpired(now));
  let stopping: Promise<void> | null = null;

  return {
    http,
    app,
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
        stopRetentionSweep();
        await rooms.shutdown(config.shutdownTimeoutMs); // each board thread stores its boards, then sockets hear "going away"
        websocket.closeAll(CloseCode.GoingAway, 'server going away');
        const deadline = Date.now() + config.shutdownTimeoutMs;
        while (websocket.openSockets > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        websocket.terminateAll();
        http.closeAllConnections();
        liveGrants.close();
        await ticketStore.close();
        await storage.close();
        logger.info('Lanewise stopped');
      })();
      return stopping;
    },
  };
}
