import type { SnapshotRetention } from '../snapshots/SnapshotRetention.ts';
import type { BoardStorage } from './BoardStorage.ts';
import { PgStorage } from './pg/PgStorage.ts';
import { SqliteStorage } from './SqliteStorage.ts';

/** Which database boards are stored in: DATABASE_URL set → PostgreSQL, else SQLite in DATA_DIR. */
export interface StorageSettings {
  readonly dataDir: string;
  readonly sqliteSynchronous: 'NORMAL' | 'FULL';
  /** SQLITE_JOURNAL_MS: the update journal's delay (0: off); unset: SqliteStorage's default. */
  readonly sqliteJournalMs?: number;
  /** `postgres://…`; null: SQLite. */
  readonly databaseUrl: string | null;
  /** PostgreSQL schema holding Lanewise's tables. */
  readonly databaseSchema: string;
}

export interface StorageOptions {
  readonly anchorSecret?: Uint8Array;
  readonly snapshotRetention?: SnapshotRetention;
  /** SQLite only: the server's shared commit counter (see SqliteStorage). */
  readonly commitCounter?: Int32Array;
}

/** Opens the configured storage (each thread that writes boards opens its own). */
export function openStorage(settings: StorageSettings, options: StorageOptions): BoardStorage {
  if (settings.databaseUrl) {
    return new PgStorage({ url: settings.databaseUrl, schema: settings.databaseSchema, ...pick(options) });
  }
  const journal = settings.sqliteJournalMs === undefined ? {} : { journal: settings.sqliteJournalMs === 0 ? (false as const) : { drainMs: settings.sqliteJournalMs } };
  return new SqliteStorage(settings.dataDir, { synchronous: settings.sqliteSynchronous, ...journal, ...pick(options), ...(options.commitCounter ? { commitCounter: options.commitCounter } : {}) });
}

function pick(options: StorageOptions): { anchorSecret?: Uint8Array; snapshotRetention?: SnapshotRetention } {
  return {
    ...(options.anchorSecret ? { anchorSecret: options.anchorSecret } : {}),
    ...(options.snapshotRetention ? { snapshotRetention: options.snapshotRetention } : {}),
  };
}
