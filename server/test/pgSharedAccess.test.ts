/**
 * Share links and connection tickets in PostgreSQL (DECISIONS 96): what one instance writes,
 * another sees at once — two stores on one schema stand for two instances.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PgLinkStore } from '../src/auth/PgLinkStore.ts';
import { PgStorage } from '../src/storage/pg/PgStorage.ts';
import { PgSyncTicketStore } from '../src/tickets/PgSyncTicketStore.ts';
import type { SyncTicketStore } from '../src/tickets/SyncTicketStore.ts';
import { testDatabaseUrl } from './backend.ts';
import { ticketStoreContract } from './ticketStoreContract.ts';

const schema = `h14_access_${randomBytes(4).toString('hex')}`;
const storages: PgStorage[] = [];
const open = () => {
  const storage = new PgStorage({ url: testDatabaseUrl(), schema, maxConnections: 2 });
  storages.push(storage);
  return storage;
};
afterAll(async () => {
  for (const storage of storages) await storage.close();
});

/** A ticket store that also closes its own storage connection. */
function pgTicketStore(): SyncTicketStore {
  const storage = open();
  const store = new PgSyncTicketStore(storage);
  return { put: (key, grant, expiresAt) => store.put(key, grant, expiresAt), take: (key, now) => store.take(key, now), close: async () => (await store.close(), await storage.close()) };
}

ticketStoreContract('PostgreSQL', pgTicketStore);

describe('share links in PostgreSQL', () => {
  it('a rotation or revocation through one instance holds on another at once', async () => {
    const [one, two] = [new PgLinkStore(open()), new PgLinkStore(open())];
    expect(await two.version('b1', 'editor')).toBe(1);
    expect(await one.rotate('b1', 'editor')).toBe(2);
    expect(await two.version('b1', 'editor')).toBe(2);
    expect(await two.rotate('b1', 'editor')).toBe(3);
    expect(await one.version('b1', 'editor')).toBe(3);
    expect(await one.version('b1', 'viewer')).toBe(1);

    const link = await one.createPersonal('b1', 'Priya', 'editor', null);
    expect((await two.personal('b1', link.id))?.name).toBe('Priya');
    expect(await two.revokePersonal('b1', link.id)).toBe(true);
    expect(await one.revokePersonal('b1', link.id)).toBe(false); // already revoked
    expect((await one.personal('b1', link.id))?.revokedAt).not.toBeNull();
    expect((await one.listPersonal('b1')).map((listed) => listed.id)).toEqual([link.id]);
  });

  it('two instances rotating at once get two distinct versions', async () => {
    const [one, two] = [new PgLinkStore(open()), new PgLinkStore(open())];
    const versions = await Promise.all([one.rotate('b2', 'viewer'), two.rotate('b2', 'viewer'), one.rotate('b2', 'viewer')]);
    expect(new Set(versions).size).toBe(3);
    expect(await two.version('b2', 'viewer')).toBe(Math.max(...versions));
  });
});
