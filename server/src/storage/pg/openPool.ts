import { createRequire } from 'node:module';
import type * as PgDriver from 'pg';
import type { Pool } from 'pg';

type PgModule = typeof PgDriver;

/** The driver, loaded when the first pool is made: a SQLite server (and each of its board threads) never pays for it. */
let driver: PgModule | null = null;
const loadDriver = (): PgModule => (driver ??= createRequire(import.meta.url)('pg') as PgModule);

/** BIGINT columns come back as numbers (every value Lanewise stores is below 2^53). */
const INT8_OID = 20;
const typesOf = (pg: PgModule) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as PgModule['types']['getTypeParser'],
});

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgPoolOptions {
  /** `postgres://user@host:port/database` (DATABASE_URL). */
  readonly url: string;
  /** Schema holding Lanewise's tables (DATABASE_SCHEMA); default `public`. */
  readonly schema?: string;
  /** Connections kept open at most; default 4. */
  readonly maxConnections?: number;
}

/**
 * A connection pool whose connections work in `schema` (checked to be a plain SQL name: it is
 * written into the search path and into the migrations' CREATE SCHEMA). An idle connection that
 * breaks (database restarted) is dropped from the pool, not thrown.
 */
export function openPool(options: PgPoolOptions, applicationName: string): { pool: Pool; schema: string } {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`DATABASE_SCHEMA "${schema}" is not a plain lower-case SQL name`);
  const pg = loadDriver();
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 4,
    types: typesOf(pg),
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: 5000,
    application_name: applicationName,
  });
  pool.on('error', () => {});
  return { pool, schema };
}
