import { CloseCode } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../app/api.ts';
import { ticketFailure, ticketWebSocketClass, withTicket } from './ticketWebSocket.ts';

/** Records the sockets the wrapper opens; the real browser socket is exercised in e2e (linkPrivacy). */
class RecordingSocket {
  static opened: RecordingSocket[] = [];
  binaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  bufferedAmount = 0;
  constructor(readonly url: string) {
    RecordingSocket.opened.push(this);
  }
  send(): void {}
  close(): void {}
}

const Native = RecordingSocket as unknown as typeof WebSocket;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ticketWebSocketClass', () => {
  it('fetches a fresh ticket for every socket the provider creates and opens only the ticket URL', async () => {
    RecordingSocket.opened = [];
    let issued = 0;
    const Socket = ticketWebSocketClass(() => Promise.resolve(`ticket-${++issued}`), Native);
    const first = new Socket('ws://host/sync/b1?name=Dana&features=decisions');
    first.binaryType = 'arraybuffer';
    const second = new Socket('ws://host/sync/b1?name=Dana&features=decisions');
    await settle();
    expect(RecordingSocket.opened.map((socket) => socket.url)).toEqual([
      'ws://host/sync/b1?name=Dana&features=decisions&ticket=ticket-1',
      'ws://host/sync/b1?name=Dana&features=decisions&ticket=ticket-2',
    ]);
    expect(RecordingSocket.opened[0]?.binaryType).toBe('arraybuffer');
    expect(first.readyState).toBe(first.CONNECTING);
    RecordingSocket.opened[0]?.onopen?.(new Event('open'));
    expect(first.readyState).toBe(first.OPEN);
    expect(second.readyState).toBe(second.CONNECTING);
  });

  it('reports a refused ticket as the close code the session already understands, without opening a socket', async () => {
    RecordingSocket.opened = [];
    const Socket = ticketWebSocketClass(() => Promise.reject(new ApiError(401, 'token_revoked', 'This link was revoked by the board owner.')), Native);
    const socket = new Socket('ws://host/sync/b1');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => (socket.onclose = (event) => resolve(event)));
    expect(await closed).toEqual(expect.objectContaining({ code: CloseCode.Unauthorized, reason: 'This link was revoked by the board owner.' }));
    expect(socket.readyState).toBe(socket.CLOSED);
    expect(RecordingSocket.opened).toHaveLength(0);
  });

  it('gives up on a pending ticket when closed, and never opens the socket afterwards', async () => {
    RecordingSocket.opened = [];
    let deliver: (ticket: string) => void = () => undefined;
    let aborted = false;
    const Socket = ticketWebSocketClass((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise((resolve) => (deliver = resolve));
    }, Native);
    const socket = new Socket('ws://host/sync/b1');
    const closed = new Promise<{ code: number }>((resolve) => (socket.onclose = (event) => resolve(event)));
    socket.close();
    deliver('late-ticket');
    expect((await closed).code).toBe(1006);
    await settle();
    expect(aborted).toBe(true);
    expect(RecordingSocket.opened).toHaveLength(0);
  });
});

describe('ticketFailure', () => {
  it('makes refusals permanent and everything transient a reconnect, honouring Retry-After', () => {
    expect(ticketFailure(new ApiError(403, 'role_insufficient', 'no'))).toMatchObject({ code: CloseCode.Forbidden, waitMs: 0 });
    expect(ticketFailure(new ApiError(404, 'board_not_found', 'gone'))).toMatchObject({ code: CloseCode.BoardNotFound });
    expect(ticketFailure(new ApiError(429, 'rate_limited', 'slow down', 7))).toEqual({ code: CloseCode.TryAgainLater, reason: 'slow down', waitMs: 7000 });
    expect(ticketFailure(new ApiError(0, 'network', 'offline'))).toMatchObject({ code: 1006, waitMs: 0 });
    expect(ticketFailure(new ApiError(500, 'internal_error', 'oops'))).toMatchObject({ code: 1006 });
    expect(ticketFailure(new TypeError('boom'))).toMatchObject({ code: 1006 });
  });

  it('adds the ticket to the URL the provider built and keeps its parameters', () => {
    expect(withTicket('wss://plan.example.com/sync/b%201?name=Zo%C3%AB', 'abc')).toBe('wss://plan.example.com/sync/b%201?name=Zo%C3%AB&ticket=abc');
  });

  it('takes over the early socket once: its messages first, then live ones; the duplicate empty sync step 1 is not sent', async () => {
    RecordingSocket.opened = [];
    const early = new RecordingSocket('ws://host/sync/b1?name=Dana&features=decisions&ticket=early');
    const sent: unknown[] = [];
    early.send = ((data: unknown) => void sent.push(data)) as () => void;
    (early as unknown as { readyState: number }).readyState = 1;
    const buffered = [{ data: 'server step 1' }, { data: 'server step 2' }] as unknown as MessageEvent[];
    let takes = 0;
    let issued = 0;
    const Socket = ticketWebSocketClass(
      () => Promise.resolve(`ticket-${++issued}`),
      Native,
      () => (takes++ === 0 ? Promise.resolve({ boardId: 'b1', name: 'Dana', socket: early as unknown as WebSocket, messages: buffered, sentEmptyStep1: true }) : null),
    );
    const socket = new Socket('ws://host/sync/b1?name=Dana&features=decisions');
    const received: unknown[] = [];
    let opened = 0;
    socket.onopen = () => {
      opened++;
      socket.send(new Uint8Array([0, 0, 1, 0]));
      socket.send(new Uint8Array([1, 2, 3]));
    };
    socket.onmessage = (event) => received.push(event.data);
    await settle();
    expect(issued).toBe(0);
    expect(opened).toBe(1);
    expect(socket.readyState).toBe(socket.OPEN);
    expect(received).toEqual(['server step 1', 'server step 2']);
    early.onmessage?.({ data: 'live' } as MessageEvent);
    expect(received).toEqual(['server step 1', 'server step 2', 'live']);
    expect(sent).toEqual([new Uint8Array([1, 2, 3])]);
    // A reconnect fetches its own ticket.
    new Socket('ws://host/sync/b1?name=Dana&features=decisions');
    await settle();
    expect(issued).toBe(1);
  });
});
