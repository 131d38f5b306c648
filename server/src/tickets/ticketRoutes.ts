import { Hono } from 'hono';
import { AccessDenied } from '../auth/AccessDenied.ts';
import { deny } from '../auth/httpAccess.ts';
import type { SyncTickets } from './SyncTickets.ts';

/** The path segment under `/api/boards/:id/` that any role, viewers included, may POST to. */
export const SYNC_TICKET_ACTION = 'sync-ticket';

/**
 * `POST /api/boards/:id/sync-ticket` (mount after `requireBoardAccess`): trades the link token in
 * the Authorization header for a single-use websocket ticket. Answers
 * `{ ticket, expiresAt }` (201), never cached.
 */
export function createTicketRoutes(tickets: SyncTickets): Hono {
  const app = new Hono();
  app.post(`/:id/${SYNC_TICKET_ACTION}`, async (c) => {
    try {
      const issued = await tickets.issue(c.get('grant'));
      c.header('cache-control', 'no-store');
      return c.json(issued, 201);
    } catch (error) {
      if (error instanceof AccessDenied) return deny(c, error);
      throw error;
    }
  });
  return app;
}
