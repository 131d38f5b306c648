import type { BoardGrant } from '../auth/BoardAccess.ts';
import type { PgStorage } from '../storage/pg/PgStorage.ts';
import type { SyncTicketStore } from './SyncTicketStore.ts';

/**
 * Connection tickets in PostgreSQL (table `sync_tickets`, migration 4), so a ticket issued by one
 * instance is redeemed by whichever instance the websocket reaches. `take` is one
 * `DELETE … RETURNING`: two instances redeeming the same ticket at once cannot both get it.
 * Expired rows are swept every `sweepIntervalMs`.
 */
export class PgSyncTicketStore implements SyncTicketStore {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly db: PgStorage,
    sweepIntervalMs = 30_000,
  ) {
    this.sweeper = setInterval(() => void this.db.sql('DELETE FROM sync_tickets WHERE expires_at <= $1', [Date.now()]).catch(() => {}), sweepIntervalMs);
    this.sweeper.unref();
  }

  async put(key: string, grant: BoardGrant, expiresAt: number): Promise<void> {
    await this.db.sql('INSERT INTO sync_tickets (key, grant_json, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET grant_json = excluded.grant_json, expires_at = excluded.expires_at', [
      key,
      JSON.stringify(grant),
      expiresAt,
    ]);
  }

  async take(key: string, now: number): Promise<BoardGrant | null> {
    const [row] = await this.db.sql<{ grant_json: string; expires_at: number }>('DELETE FROM sync_tickets WHERE key = $1 RETURNING grant_json, expires_at', [key]);
    return row && row.expires_at > now ? (JSON.parse(row.grant_json) as BoardGrant) : null;
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    return Promise.resolve();
  }
}
