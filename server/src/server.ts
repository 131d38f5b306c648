import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { CloseCode } from '@lanewise/shared';
import type { ServerConfig } from './config.ts';
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
  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number>;
  /** Stores everything, closes sockets with "going away", then the database. */
  stop(): Promise<void>;
}

export function createLanewiseServer(config: ServerConfig, logger: Logger): LanewiseServer {
  const storage = new SqliteStorage(config.dataDir, { synchronous: config.sqliteSynchronous });
  const rooms = new BoardRooms({
    storage,
    logger,
    compactAfterUpdates: config.compactAfterUpdates,
    maxBufferedBytes: config.maxBufferedBytes,
    unloadDelayMs: config.roomUnloadDelayMs,
    snapshotIntervalMs: config.snapshotIntervalMs,
  });
  const app = createApp({ storage, rooms, logger, clientDist: config.clientDist });
  const websocket = new WebsocketRoute(rooms, logger, config.maxMessageBytes);
  const http = createServer(getRequestListener(app.fetch));
  http.on('upgrade', websocket.handleUpgrade);

  let stopping: Promise<void> | null = null;

  return {
    http,
    rooms,
    storage,
    listen: () =>
      new Promise((resolve, reject) => {
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
        rooms.shutdown(); // stores every board and sends "going away" on its sockets
        websocket.closeAll(CloseCode.GoingAway, 'server going away');
        const deadline = Date.now() + config.shutdownTimeoutMs;
        while (websocket.openSockets > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        websocket.terminateAll();
        http.closeAllConnections();
        storage.close();
        logger.info('Lanewise stopped');
      })();
      return stopping;
    },
  };
}
