import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { isStorageUnreachable } from '../storageUnreachable.ts';
import { inTransaction } from './inTransaction.ts';
import { migrate } from './migrations.ts';
import { openPool, type PgPoolOptions } from './openPool.ts';

/** PostgreSQL did not answer: the message names where it was looked for. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
}

/** Where a connection string points, without its password (for messages and logs). */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/** Pooled connections given an 'error' listener of their own (see `connect`). */
const guarded = new WeakSet<object>();

/**
 * The one way Lanewise uses a PostgreSQL pool (PgStorage, PgRetroRecords): its schema is migrated
 * before the first statement (a failed attempt, database down at start, is tried again by the next
 * call); a connection that cannot be had rejects with DatabaseUnreachableError; a connection that
 * breaks while it is checked out (the database restarts, the network cuts it mid-transaction) does
 * not crash the process: the statement under way rejects, and the connection is destroyed on
 * release instead of being handed out again.
 */
export class PgConnections {
  /** Where the database is (host:port/database, no password). */
  readonly where: string;
  readonly schema: string;
  private readonly pool: Pool;
  /** Schema checked and migrated; null until it is (or after it failed: the next call tries again). */
  private ready: Promise<void> | null = null;

  constructor(options: PgPoolOptions, applicationName: string) {
    ({ pool: this.pool, schema: this.schema } = openPool(options, applicationName));
    this.where = describeDatabaseUrl(options.url);
  }

  private whenReady(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.checkOut();
      try {
        await migrate(client, this.schema);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async checkOut(): Promise<PoolClient> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new DatabaseUnreachableError(`PostgreSQL not reachable at ${this.where}: ${(error as Error).message}`, { cause: error });
    }
    // pg-pool takes its own 'error' listener off a connection it hands out: one that breaks between
    // (or during) statements would emit 'error' with no listener and end the process. The statement
    // under way rejects anyway, and `run` destroys the connection.
    if (!guarded.has(client)) {
      guarded.add(client);
      client.on('error', () => {});
    }
    return client;
  }

  /**
   * Runs `work` on one connection of the pool. If it fails because the database stopped answering,
   * the connection is destroyed rather than returned to the pool.
   */
  async run<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    await this.whenReady();
    const client = await this.checkOut();
    let broken: Error | undefined;
    try {
      return await work(client);
    } catch (error) {
      if (isStorageUnreachable(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** One statement; its rows. */
  async query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return this.run(async (client) => (await client.query<R>(text, values)).rows);
  }

  /** `work` in one transaction (`begin`: BEGIN, or BEGIN with an isolation level). */
  transaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    return this.run((client) => inTransaction(client, work, begin));
  }

  async close(): Promise<void> {
    await this.ready?.catch(() => {});
    if (!this.pool.ended) await this.pool.end();
  }
}
