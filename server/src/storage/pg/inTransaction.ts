import type { PoolClient } from 'pg';

/**
 * Runs `work` on `client` between `begin` (BEGIN, or BEGIN with an isolation level) and COMMIT.
 * If anything fails the transaction is rolled back and the original error rethrown; a rollback
 * that fails too (the connection broke) is ignored, the caller's `run` drops such a connection.
 */
export async function inTransaction<T>(client: PoolClient, work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
