import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const MiB = 1024 * 1024;

const integer = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Every setting, its environment variable and default. The README's table mirrors this. */
const envSchema = z.object({
  PORT: integer(8787, 0).refine((port) => port <= 65535, 'must be a port number'),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST: z.string().min(1).optional(),
  MAX_MESSAGE_BYTES: integer(MiB, 1024),
  COMPACT_AFTER_UPDATES: integer(500, 1),
  ROOM_UNLOAD_DELAY_MS: integer(5000, 0),
  MAX_BUFFERED_BYTES: integer(16 * MiB, 1024),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0),
  SNAPSHOT_INTERVAL_MINUTES: z.coerce.number().positive().default(30),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the data directory (SQLite file: lanewise.db). */
  readonly dataDir: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** Absolute path of the built client, served at `/`. */
  readonly clientDist: string;
  /** Largest websocket frame accepted; larger frames are refused by `ws` before they are buffered. */
  readonly maxMessageBytes: number;
  /** The update log of a board is folded into one snapshot row after this many updates. */
  readonly compactAfterUpdates: number;
  /** How long a board stays in memory after its last client left. */
  readonly roomUnloadDelayMs: number;
  /** A client that lets this much outgoing data pile up is disconnected as too slow. */
  readonly maxBufferedBytes: number;
  /** SQLite `synchronous` in WAL mode: NORMAL survives a killed process, FULL also a power loss. */
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  readonly shutdownTimeoutMs: number;
  /** While a board is being changed, an automatic snapshot is kept at most this often. */
  readonly snapshotIntervalMs: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: resolve(values.DATA_DIR),
    logLevel: values.LOG_LEVEL,
    clientDist: resolve(values.CLIENT_DIST ?? defaultClientDist),
    maxMessageBytes: values.MAX_MESSAGE_BYTES,
    compactAfterUpdates: values.COMPACT_AFTER_UPDATES,
    roomUnloadDelayMs: values.ROOM_UNLOAD_DELAY_MS,
    maxBufferedBytes: values.MAX_BUFFERED_BYTES,
    sqliteSynchronous: values.SQLITE_SYNCHRONOUS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    snapshotIntervalMs: values.SNAPSHOT_INTERVAL_MINUTES * 60_000,
  };
}
