import type { BoardGrant } from '../auth/BoardAccess.ts';

/**
 * Where connection tickets wait to be redeemed. A ticket is good for exactly one websocket
 * handshake: `take` must hand a ticket's grant to one caller at most, even when several server
 * instances redeem at once. Keys are SHA-256 digests of the tickets, so whoever can read the store
 * cannot connect with what it holds.
 *
 * The in-memory store below serves one server process. With several instances the store is shared:
 * Redis `SET key grant PX ttl` + `GETDEL key`, or PostgreSQL `INSERT` + `DELETE … WHERE key = $1
 * AND expires_at > now() RETURNING grant` — both are one atomic step, which is all `take` needs.
 * `test/ticketStoreContract.ts` is the suite every implementation has to pass.
 */
export interface SyncTicketStore {
  /** Keeps `grant` under `key` until `expiresAt` (ms since the epoch). */
  put(key: string, grant: BoardGrant, expiresAt: number): Promise<void>;
  /** Removes and returns the grant if the key is present and not expired at `now`; else null. */
  take(key: string, now: number): Promise<BoardGrant | null>;
  close(): Promise<void>;
}

interface Pending {
  readonly grant: BoardGrant;
  readonly expiresAt: number;
}

/** The default ticket store: a map in this process, swept of expired tickets as it goes. */
export class MemorySyncTicketStore implements SyncTicketStore {
  private readonly pending = new Map<string, Pending>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepIntervalMs = 10_000) {
    this.sweeper = setInterval(() => this.sweep(Date.now()), sweepIntervalMs);
    this.sweeper.unref();
  }

  put(key: string, grant: BoardGrant, expiresAt: number): Promise<void> {
    this.pending.set(key, { grant, expiresAt });
    return Promise.resolve();
  }

  take(key: string, now: number): Promise<BoardGrant | null> {
    const entry = this.pending.get(key);
    // Deleted before anything else can run: JavaScript's single thread makes get + delete atomic.
    this.pending.delete(key);
    return Promise.resolve(entry && entry.expiresAt > now ? entry.grant : null);
  }

  /** Tickets waiting (expired ones are swept every few seconds). */
  get waiting(): number {
    return this.pending.size;
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.pending.clear();
    return Promise.resolve();
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(key);
  }
}
