import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessDenied } from '../auth/AccessDenied.ts';
import { BoardAccess, type BoardGrant } from '../auth/BoardAccess.ts';
import { SqliteLinkStore } from '../auth/LinkStore.ts';
import { LinkTokens } from '../auth/LinkTokens.ts';
import { MemorySyncTicketStore } from './SyncTicketStore.ts';
import { SyncTickets } from './SyncTickets.ts';

const TTL_MS = 30_000;
let db: Database.Database;
let store: MemorySyncTicketStore;
let access: BoardAccess;
let clock: number;
let tickets: SyncTickets;

beforeEach(() => {
  db = new Database(':memory:');
  store = new MemorySyncTicketStore();
  access = new BoardAccess(new LinkTokens(new TextEncoder().encode('a-secret-of-at-least-thirty-two-characters')), new SqliteLinkStore(db), undefined);
  clock = 1_800_000_000_000;
  tickets = new SyncTickets(store, access, TTL_MS, () => clock);
});
afterEach(async () => {
  await store.close();
  db.close();
});

const editor: BoardGrant = { boardId: 'b1', role: 'editor', via: 'editor-link', version: 1 };

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AccessDenied) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('connection tickets', () => {
  it('carry the grant for one redemption on their board', async () => {
    const { ticket, expiresAt } = await tickets.issue(editor);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock + TTL_MS);
    expect(await tickets.redeem(ticket, 'b1')).toEqual(editor);
    expect(await refusal(tickets.redeem(ticket, 'b1'))).toEqual({ status: 401, code: 'ticket_invalid' });
  });

  it('expire after their time to live, and never outlive the link they came from', async () => {
    const { ticket } = await tickets.issue(editor);
    clock += TTL_MS;
    expect(await refusal(tickets.redeem(ticket, 'b1'))).toEqual({ status: 401, code: 'ticket_invalid' });

    const expiring = await tickets.issue({ ...editor, expiresAt: clock + 5000 });
    expect(expiring.expiresAt).toBe(clock + 5000);
  });

  it('are refused for another board, when malformed, and when the link was revoked after issue', async () => {
    const forOther = await tickets.issue(editor);
    expect(await refusal(tickets.redeem(forOther.ticket, 'b2'))).toEqual({ status: 403, code: 'token_wrong_board' });
    expect(await refusal(tickets.redeem('x'.repeat(5000), 'b1'))).toEqual({ status: 401, code: 'ticket_invalid' });

    const beforeRotation = await tickets.issue(editor);
    await access.rotate('b1', 'editor');
    expect(await refusal(tickets.redeem(beforeRotation.ticket, 'b1'))).toEqual({ status: 401, code: 'token_revoked' });
    const viewer = await tickets.issue({ boardId: 'b1', role: 'viewer', via: 'viewer-link', version: 1 });
    expect((await tickets.redeem(viewer.ticket, 'b1')).role).toBe('viewer'); // other roles unaffected

    const personal = await access.issuePersonal('b1', 'Priya', 'editor', null);
    const grant = await access.authorize(new URLSearchParams(personal.link?.split('#')[1]).get('t'), 'b1');
    const personalTicket = await tickets.issue(grant);
    await access.revokePersonal('b1', personal.id);
    expect(await refusal(tickets.redeem(personalTicket.ticket, 'b1'))).toEqual({ status: 401, code: 'token_revoked' });
  });

  it('are not issued for the admin token', async () => {
    expect(await refusal(tickets.issue({ boardId: 'b1', role: 'owner', via: 'admin-token', version: 0 }))).toEqual({ status: 403, code: 'admin_token_not_for_sync' });
  });
});
