import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { CloseCode } from '@lanewise/shared';
import { BoardAccess } from './auth/BoardAccess.ts';
import { SqliteLinkStore } from './auth/LinkStore.ts';
import { PgLinkStore } from './auth/PgLinkStore.ts';
import { closeDuePhase } from './facilitation/closeDuePhase.ts';
import { PhaseDeadlines } from './facilitation/PhaseDeadlines.ts';
import type { RetroRecords } from './retro/RetroRecords.ts';
import { PgRetroRecords } from './retro/PgRetroRecords.ts';
import { SqliteRetroRecords } from './retro/SqliteRetroRecords.ts';
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
import { PgSyncTicketStore } from './tickets/PgSyncTicketStore.ts';
import { SyncTickets } from './tickets/SyncTickets.ts';
import { startRetentionSweep } from './snapshots/SnapshotRetention.ts';
import { securePrivateFiles } from './storage/privateFiles.ts';
import { SqliteStorage } from './storage/SqliteStorage.ts';
import { openStorage } from './storage/openStorage.ts';
import { PgStorage } from './storage/pg/PgStorage.ts';
import { Metrics } from './metrics/Metrics.ts';
import { BoardRooms } from './sync/BoardRooms.ts';
import { RedisFanout } from './fanout/RedisFanout.ts';

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
  const storage = openStorage(config, {
    anchorSecret: secret,
    commitCounter,
    snapshotRetention: {
      ...snapshotRetention,
      onPruned: (boardId, removed) => logger.info({ boardId, removed }, 'automatic snapshots pruned (AUTO_SNAPSHOTS_KEEP / AUTO_SNAPSHOTS_MAX_AGE_DAYS)'),
    },
  });
  securePrivateData(config.dataDir, logger); // SQLite's -wal and -shm, now that the database is open
  // SQLite: share links and retro data in the board database. PostgreSQL: share links, sync
  // tickets and retro records there, shared by every instance (README, "Running several instances").
  const sqliteDatabase = storage instanceof SqliteStorage ? storage.database : null;
  const links = sqliteDatabase ? new SqliteLinkStore(sqliteDatabase) : new PgLinkStore(storage as PgStorage);
  const access = new BoardAccess(new LinkTokens(secret), links, config.adminToken);
  const liveGrants = new LiveGrants(access);
  if (links instanceof PgLinkStore) access.onRevoked((revocation) => links.noteRevocation(revocation));
  const ticketStore = storage instanceof PgStorage ? new PgSyncTicketStore(storage) : new MemorySyncTicketStore();
  const tickets = new SyncTickets(ticketStore, access, config.syncTicketTtlMs);
  let roomsForStats: BoardRooms | null = null;
  const metrics = new Metrics(config.instanceId, () => roomsForStats?.stats() ?? { rooms: 0, connections: 0 });
  const rooms = new BoardRooms({
    logger,
    observer: metrics,
    threads: config.boardThreads,
    // A board moves to a board thread past these bounds (DECISIONS 105): an update of 25 ms is
    // ~100 times an ordinary edit; 512 KB of stored board is ~1,000 initiatives.
    mainThread: config.mainThreadBoards ? { maxMessageBytes: config.mainThreadBoards.maxMessageBytes, offload: { updateMs: 25, boardBytes: 512 * 1024 } } : null,
    maxBufferedBytes: config.maxBufferedBytes,
    unloadDelayMs: config.roomUnloadDelayMs,
    settings: {
      dataDir: config.dataDir,
      sqliteSynchronous: config.sqliteSynchronous,
      sqliteJournalMs: config.sqliteJournalMs,
      databaseUrl: config.databaseUrl,
      databaseSchema: config.databaseSchema,
      instanceId: config.instanceId,
      fanout: config.redisUrl !== null,
      logLevel: config.logLevel,
      compactAfterUpdates: config.compactAfterUpdates,
      snapshotIntervalMs: config.snapshotIntervalMs,
      maxBoardBytes: config.maxBoardBytes,
      updateCpuMsPerSecond: config.updateCpuMsPerSecond,
      updateTimeoutMs: config.updateTimeoutMs,
      anchorSecret: secret,
      snapshotRetention,
      commitCounter,
      metrics: { persistLatency: metrics.persistLatency.buffer, decisionEntries: metrics.decisionEntries },
    },
  });
  roomsForStats = rooms;
  // Several instances (REDIS_URL): committed updates, presence and revocations cross to the others.
  const fanout = config.redisUrl
    ? new RedisFanout({ url: config.redisUrl, prefix: config.redisKeyPrefix, instanceId: config.instanceId, logger, rooms, access, liveGrants, lag: metrics.crossInstanceLag })
    : null;
  if (fanout) rooms.attachFanout(fanout);
  const rateLimits = new HttpRateLimits({ requestsPerMinute: config.httpRequestsPerMinute, boardCreationsPerHour: config.boardCreationsPerHour });
  // Retro drafts, votes, series and the async phases' deadlines live where the boards do: the
  // SQLite file of DATA_DIR, or PostgreSQL shared by every instance (DECISIONS 100).
  const retro: RetroRecords = sqliteDatabase ? new SqliteRetroRecords(sqliteDatabase) : new PgRetroRecords({ url: config.databaseUrl as string, schema: config.databaseSchema });
  const deadlines = new PhaseDeadlines(retro, async (due) => void (await closeDuePhase(rooms, retro, due)), {
    onError: (error, due) => logger.error({ err: error, boardId: due?.boardId }, due ? 'closing a retro phase at its deadline failed' : 'reading the retro phase deadlines failed'),
  });
  const app = createApp({
    storage,
    rooms,
    logger,
    clientDist: config.clientDist,
    access,
    tickets,
    limits: { rateLimits, trustedProxies: config.trustedProxies, maxRequestBodyBytes: config.maxRequestBodyBytes },
    runtime: {
      metrics,
      readiness: async () => {
        const [database, redis] = await Promise.all([storage instanceof PgStorage ? storage.ping() : true, fanout ? fanout.ping() : null]);
        return { ready: database && redis !== false, checks: redis === null ? { database } : { database, fanout: redis } };
      },
    },
    retro,
    deadlines,
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

  const stopRetentionSweep = startRetentionSweep((now) =>
    storage.snapshots.pruneExpired(now).catch((error: unknown) => logger.warn({ err: error }, 'automatic snapshot sweep failed; tried again at the next sweep')),
  );
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
        deadlines.start();
        http.once('error', reject);
        http.listen(config.port, config.host, () => {
          http.off('error', reject);
          const port = (http.address() as AddressInfo).port;
          logger.info({ port, host: config.host, dataDir: config.dataDir, database: storage instanceof SqliteStorage ? storage.path : storage instanceof PgStorage ? `postgres ${storage.where} schema ${config.databaseSchema}` : undefined }, 'Lanewise is listening');
          resolve(port);
        });
      }),
    stop: () => {
      stopping ??= (async () => {
        http.close(); // no new connections
        stopRetentionSweep();
        deadlines.stop();
        await rooms.shutdown(config.shutdownTimeoutMs); // each board thread stores its boards, then sockets hear "going away"
        websocket.closeAll(CloseCode.GoingAway, 'server going away');
        const deadline = Date.now() + config.shutdownTimeoutMs;
        while (websocket.openSockets > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        websocket.terminateAll();
        http.closeAllConnections();
        liveGrants.close();
        await fanout?.close();
        await ticketStore.close();
        await retro.close();
        await storage.close();
        logger.info('Lanewise stopped');
      })();
      return stopping;
    },
  };
}
