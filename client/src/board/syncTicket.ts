import { boardRequest } from '../app/api.ts';

/**
 * A single-use ticket for one websocket connection to a board. The link token travels only in
 * this request's Authorization header; the websocket URL carries the ticket, which is worthless
 * once used and expires within a minute (server/src/tickets/).
 */
export async function fetchSyncTicket(boardId: string, signal: AbortSignal): Promise<string> {
  const { ticket } = await boardRequest<{ ticket: string; expiresAt: number }>(boardId, '/sync-ticket', { method: 'POST', signal });
  return ticket;
}
