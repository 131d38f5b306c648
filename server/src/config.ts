import { availableParallelism, hostname } from 'node:os';
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
  SQLITE_JOURNAL_MS: integer(4000, 0),
  // PostgreSQL instead of SQLite (see README, "Running several instances").
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((url) => !url || /^postgres(ql)?:\/\//.test(url), 'must be a postgres:// connection string (unset: SQLite in DATA_DIR)'),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a plain lower-case SQL name')
    .default('public'),
  INSTANCE_ID: z.string().trim().max(64).optional(),
  // Several instances on one board: committed updates, presence and revocations travel through Redis (DECISIONS 95).
  REDIS_URL: z
    .string()
    .trim()
    .optional()
    .refine((url) => !url || /^rediss?:\/\//.test(url), 'must be a redis:// URL (unset: one instance, no fan-out)'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'letters, digits and _ : . - only')
    .default('lanewise'),
  SHUTDOWN_TIMEOUT_MS: integer(10_000, 0),
  SNAPSHOT_INTERVAL_MINUTES: z.coerce.number().positive().default(30),
  AUTO_SNAPSHOTS_KEEP: integer(50, 1),
  AUTO_SNAPSHOTS_MAX_AGE_DAYS: z.coerce.number().nonnegative().default(30),
  // Access control and hardening (see CONTEXT.md, "Access" and "Limits").
  LANEWISE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LANEWISE_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  ALLOWED_ORIGINS: z.string().default(''),
  MESSAGES_PER_SECOND: integer(100, 1),
  MESSAGE_BURST: integer(300, 1),
  BYTES_PER_SECOND: integer(2 * MiB, 1024),
  MAX_CONNECTIONS_PER_ADDRESS: integer(100, 1),
  MAX_BOARD_BYTES: integer(16 * MiB, 64 * 1024),
  MAX_HEADER_BYTES: integer(8 * 1024, 1024),
  UPGRADE_TIMEOUT_MS: integer(10_000, 100),
  UPDATE_TIMEOUT_MS: integer(1000, 10),
  UPDATE_CPU_MS_PER_SECOND: integer(250, 1),
  // One thread owns a board (see CONTEXT.md, "Threads").
  // The main thread owns boards until their work can be slow (DECISIONS 105); "false": every board on a board thread.
  MAIN_THREAD_BOARDS: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
  MAIN_THREAD_MAX_MESSAGE_BYTES: integer(16 * 1024, 0),
  BOARD_THREADS: integer(Math.max(1, availableParallelism()), 1).refine((threads) => threads <= 64, 'must be at most 64'),
  TRUST_PROXY: z
    .string()
    .trim()
    .default('0')
    .transform((value, context) => {
      if (value === '' || value === 'false') return 0;
      if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
      context.addIssue({ code: 'custom', message: 'give the number of reverse proxies in front of the server (0 for none, 1 for one proxy such as nginx); "true" or a list would trust addresses any client can forge' });
      return z.NEVER;
    }),
  HTTP_REQUESTS_PER_MINUTE: integer(1200, 0),
  BOARD_CREATIONS_PER_HOUR: integer(20, 0),
  MAX_REQUEST_BODY_BYTES: integer(16 * 1024, 1024),
  SYNC_TICKET_TTL_SECONDS: integer(30, 1).refine((seconds) => seconds <= 60, 'must be at most 60 (a ticket is meant to be used at once)'),
  // Import (see README, "Import and export").
  IMPORT_MAX_CSV_BYTES: integer(5 * MiB, 1024),
  IMPORT_MAX_ROWS: integer(5000, 1),
  IMPORT_MAX_JSON_BYTES: integer(32 * MiB, 1024),
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
  /**
   * With NORMAL: how long a board's plain edits stay in its update journal before they are moved
   * into the database together (DECISIONS 156); 0: no journal, each group committed before relay.
   */
  readonly sqliteJournalMs: number;
  /** DATABASE_URL: boards in PostgreSQL; null: in SQLite (DATA_DIR/lanewise.db). */
  readonly databaseUrl: string | null;
  /** DATABASE_SCHEMA: the PostgreSQL schema of Lanewise's tables (created if missing). */
  readonly databaseSchema: string;
  /** REDIS_URL: the fan-out between instances (needs DATABASE_URL); null: one instance. */
  readonly redisUrl: string | null;
  /** REDIS_KEY_PREFIX: every Redis key and channel of this installation starts with it. */
  readonly redisKeyPrefix: string;
  /** Names this process in logs and metrics (INSTANCE_ID; default: host name and process id). */
  readonly instanceId: string;
  readonly shutdownTimeoutMs: number;
  /** While a board is being changed, an automatic snapshot is kept at most this often. */
  readonly snapshotIntervalMs: number;
  /** Newest automatic snapshots (session end, interval, before restore) kept per board. */
  readonly autoSnapshotsKeep: number;
  /** Automatic snapshots older than this are removed; null: kept until `autoSnapshotsKeep` pushes them out. */
  readonly autoSnapshotsMaxAgeMs: number | null;
  /** Signs link tokens (HS256). Unset: generated once into `<dataDir>/secret.key`. */
  readonly secret: string | undefined;
  /** Bearer token that may list every board and manage any board's links. Unset: nobody may. */
  readonly adminToken: string | undefined;
  /** Origins (`https://host:port`) allowed to open websockets besides the server's own. */
  readonly allowedOrigins: readonly string[];
  /** Token bucket per connection: messages per second, and the burst it may save up. Then 1008. */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /** Token bucket per connection for bytes; its burst is twice the rate or two largest frames. */
  readonly bytesPerSecond: number;
  /** Open and pending websockets per client address; more are refused with 429. */
  readonly maxConnectionsPerAddress: number;
  /** An update that would grow a board's document past this is refused (4413) and not stored. */
  readonly maxBoardBytes: number;
  /** Request line plus headers of any request, the websocket upgrade included (431 past it). */
  readonly maxHeaderBytes: number;
  /** A request (or upgrade) whose headers have not arrived by then is dropped (slowloris). */
  readonly upgradeTimeoutMs: number;
  /** Time limit to decode, apply and validate one update on its board thread; past it the thread is replaced. */
  readonly updateTimeoutMs: number;
  /** Apply time a connection's updates may cost the server per second (token bucket). Then 1008. */
  readonly updateCpuMsPerSecond: number;
  /** Most board threads; each board is owned by one (started as boards need them). */
  readonly boardThreads: number;
  /** The main thread owns boards until their work can be slow (null: every board on a board thread). */
  readonly mainThreadBoards: { readonly maxMessageBytes: number } | null;
  /** How many reverse proxies stand in front (0: none); the client address comes from X-Forwarded-For accordingly. */
  readonly trustedProxies: number;
  /** Requests (API, /healthz, websocket handshakes) per client address and minute; 0: unlimited. */
  readonly httpRequestsPerMinute: number;
  /** `POST /api/boards` per client address and hour, on top of the above; 0: unlimited. */
  readonly boardCreationsPerHour: number;
  /** Largest request body on any endpoint (413 past it). */
  readonly maxRequestBodyBytes: number;
  /** How long a websocket connection ticket (POST /api/boards/:id/sync-ticket) stays redeemable. */
  readonly syncTicketTtlMs: number;
  /** Largest CSV file one import takes; bigger uploads are refused (413) before they are read. */
  readonly importMaxCsvBytes: number;
  /** Most rows one CSV import takes. */
  readonly importMaxRows: number;
  /** Largest JSON board export a board import takes (board plus optional history). */
  readonly importMaxJsonBytes: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

/** `https://a.example, http://localhost:5173` → normalised origins; a malformed entry is a config error. */
function parseOrigins(list: string): string[] {
  const origins: string[] = [];
  for (const entry of list.split(',').map((part) => part.trim()).filter(Boolean)) {
    let origin: string;
    try {
      origin = new URL(entry).origin;
    } catch {
      throw new ConfigError(`Invalid configuration:\n  ALLOWED_ORIGINS: "${entry}" is not an origin like https://planning.example.com`);
    }
    if (origin === 'null') throw new ConfigError(`Invalid configuration:\n  ALLOWED_ORIGINS: "${entry}" is not an http(s) origin`);
    origins.push(origin);
  }
  return origins;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const values = parsed.data;
  if (values.REDIS_URL && !values.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  REDIS_URL: needs DATABASE_URL (several instances share boards through PostgreSQL; SQLite serves one instance)');
  }
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
    sqliteJournalMs: values.SQLITE_JOURNAL_MS,
    databaseUrl: values.DATABASE_URL || null,
    databaseSchema: values.DATABASE_SCHEMA,
    redisUrl: values.REDIS_URL || null,
    redisKeyPrefix: values.REDIS_KEY_PREFIX,
    instanceId: values.INSTANCE_ID || `${hostname()}-${process.pid}`,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    snapshotIntervalMs: values.SNAPSHOT_INTERVAL_MINUTES * 60_000,
    autoSnapshotsKeep: values.AUTO_SNAPSHOTS_KEEP,
    autoSnapshotsMaxAgeMs: values.AUTO_SNAPSHOTS_MAX_AGE_DAYS === 0 ? null : values.AUTO_SNAPSHOTS_MAX_AGE_DAYS * 86_400_000,
    secret: values.LANEWISE_SECRET,
    adminToken: values.LANEWISE_ADMIN_TOKEN,
    allowedOrigins: parseOrigins(values.ALLOWED_ORIGINS),
    messagesPerSecond: values.MESSAGES_PER_SECOND,
    messageBurst: values.MESSAGE_BURST,
    bytesPerSecond: values.BYTES_PER_SECOND,
    maxConnectionsPerAddress: values.MAX_CONNECTIONS_PER_ADDRESS,
    maxBoardBytes: values.MAX_BOARD_BYTES,
    maxHeaderBytes: values.MAX_HEADER_BYTES,
    upgradeTimeoutMs: values.UPGRADE_TIMEOUT_MS,
    updateTimeoutMs: values.UPDATE_TIMEOUT_MS,
    updateCpuMsPerSecond: values.UPDATE_CPU_MS_PER_SECOND,
    boardThreads: values.BOARD_THREADS,
    mainThreadBoards: values.MAIN_THREAD_BOARDS ? { maxMessageBytes: values.MAIN_THREAD_MAX_MESSAGE_BYTES } : null,
    trustedProxies: values.TRUST_PROXY,
    httpRequestsPerMinute: values.HTTP_REQUESTS_PER_MINUTE,
    boardCreationsPerHour: values.BOARD_CREATIONS_PER_HOUR,
    maxRequestBodyBytes: values.MAX_REQUEST_BODY_BYTES,
    syncTicketTtlMs: values.SYNC_TICKET_TTL_SECONDS * 1000,
    importMaxCsvBytes: values.IMPORT_MAX_CSV_BYTES,
    importMaxRows: values.IMPORT_MAX_ROWS,
    importMaxJsonBytes: values.IMPORT_MAX_JSON_BYTES,
  };
}
