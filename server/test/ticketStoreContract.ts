import { afterEach, describe, expect, it } from 'vitest';
import type { BoardGrant } from '../src/auth/BoardAccess.ts';
import type { SyncTicketStore } from '../src/tickets/SyncTicketStore.ts';

const grant: BoardGrant = { boardId: 'board-1', role: 'editor', via: 'editor-link', version: 1 };

/**
 * What every SyncTicketStore must do, whatever keeps the tickets (memory now; Redis or PostgreSQL
 * when several server instances share them). Run it against a new implementation with its factory.
 */
export function ticketStoreContract(name: string, createStore: () => Promise<SyncTicketStore> | SyncTicketStore): void {
  describe(`ticket store contract: ${name}`, () => {
    const opened: SyncTicketStore[] = [];
    const open = async () => {
      const store = await createStore();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('hands a grant out once', async () => {
      const store = await open();
      const now = Date.now();
      await store.put('key-a', grant, now + 30_000);
      expect(await store.take('key-a', now)).toEqual(grant);
      expect(await store.take('key-a', now)).toBeNull();
    });

    it('hands out nothing for an unknown or expired key, and an expired key is gone', async () => {
      const store = await open();
      const now = Date.now();
      await store.put('key-b', grant, now + 1000);
      expect(await store.take('unknown', now)).toBeNull();
      expect(await store.take('key-b', now + 1000)).toBeNull();
      expect(await store.take('key-b', now)).toBeNull();
    });

    it('gives one of many concurrent takers the grant, and the others nothing', async () => {
      const store = await open();
      const now = Date.now();
      await store.put('key-c', grant, now + 30_000);
      const results = await Promise.all(Array.from({ length: 50 }, () => store.take('key-c', now)));
      expect(results.filter((result) => result !== null)).toHaveLength(1);
    });

    it('keeps keys apart', async () => {
      const store = await open();
      const now = Date.now();
      const other: BoardGrant = { ...grant, boardId: 'board-2', role: 'viewer', via: 'viewer-link' };
      await store.put('key-d', grant, now + 30_000);
      await store.put('key-e', other, now + 30_000);
      expect(await store.take('key-e', now)).toEqual(other);
      expect(await store.take('key-d', now)).toEqual(grant);
    });
  });
}
