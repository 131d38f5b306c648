import { describe, expect, it } from 'vitest';
import { BoardPage } from '../src/boardPage.ts';
import { lanewiseSuite } from '../src/suite.ts';

const suite = lanewiseSuite();

describe('link tokens stay out of URLs', () => {
  it('the page opens its websockets with single-use tickets only, the first time and after a reconnect', async () => {
    const { links } = await suite.server.links('Private links');
    const link = links.editor as string;
    const token = new URLSearchParams(link.split('#')[1]).get('t') as string;
    expect(token.length).toBeGreaterThan(40);

    const context = await suite.newContext();
    const websocketUrls: string[] = [];
    const requestUrls: string[] = [];
    const ticketRequests: Array<{ authorization: string | undefined }> = [];
    context.on('request', (request) => {
      requestUrls.push(request.url());
      if (request.url().endsWith('/sync-ticket')) ticketRequests.push({ authorization: request.headers().authorization });
    });
    context.on('page', (page) => page.on('websocket', (socket) => websocketUrls.push(socket.url())));
    const board = await BoardPage.open(context, link, 'Dana');
    await board.addCard('P1', 'Before the restart');

    // The server restarts: the page reconnects on its own, with a new ticket.
    const before = websocketUrls.length;
    await suite.server.restart({ downMs: 300 });
    await board.page.locator('[data-testid="connection-status"]:not([data-status="connected"])').waitFor();
    await board.waitConnected();
    await board.addCard('P1', 'After the restart');
    expect(websocketUrls.length).toBeGreaterThan(before);

    const tickets = websocketUrls.map((url) => new URL(url).searchParams.get('ticket'));
    for (const url of websocketUrls) {
      expect(url).not.toContain(token);
      expect(new URL(url).searchParams.has('token')).toBe(false);
    }
    expect(tickets.every((ticket) => ticket !== null && /^[A-Za-z0-9_-]{43}$/.test(ticket))).toBe(true);
    expect(new Set(tickets).size).toBe(tickets.length); // a fresh ticket for every connection
    // The token travels only in the Authorization header of HTTP requests, never in a URL.
    for (const url of requestUrls) expect(url).not.toContain(token);
    expect(ticketRequests.length).toBeGreaterThanOrEqual(websocketUrls.length);
    expect(ticketRequests.every((request) => request.authorization === `Bearer ${token}`)).toBe(true);
    expect(board.page.url()).not.toContain(token);
  });

  it('with a stored name the board socket opens from the page head before the app loads, allowed by the CSP', async () => {
    const { links } = await suite.server.links('Early socket');
    const context = await suite.newContext();
    await BoardPage.open(context, links.editor as string, 'Dana');
    const refused: string[] = [];
    context.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    const board = await BoardPage.open(context, links.editor as string, 'Dana');
    // The head script marks the socket it opened; the app took it over (one socket, connected).
    expect(await board.page.evaluate(() => performance.getEntriesByName('lanewise:early-open').length)).toBe(1);
    expect(refused).toEqual([]);
  });
});
