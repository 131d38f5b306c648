import { CloseCode, TICKET_PARAM } from '@lanewise/shared';
import { ApiError } from '../app/api.ts';
import { isEmptySyncStep1, type EarlySocket } from './earlySocket.ts';

/** The longest a refused ticket request waits for its `Retry-After` before the provider's backoff takes over. */
const MAX_RETRY_WAIT_MS = 60_000;

/** How a failed ticket request ends the connection attempt, as the provider will see it. */
export interface TicketFailure {
  readonly code: number;
  readonly reason: string;
  /** Wait this long before reporting the close (the server asked us to, with Retry-After). */
  readonly waitMs: number;
}

/**
 * Maps a failed ticket request onto a close event the provider already knows how to handle:
 * refused links become 4401/4403 (permanent: the session shows why), a missing board 4404, and
 * everything transient (offline, restarting, rate-limited) a code after which it reconnects.
 */
export function ticketFailure(error: unknown): TicketFailure {
  if (!(error instanceof ApiError)) return { code: 1006, reason: 'Could not get a connection ticket.', waitMs: 0 };
  if (error.status === 401) return { code: CloseCode.Unauthorized, reason: error.message, waitMs: 0 };
  if (error.status === 403) return { code: CloseCode.Forbidden, reason: error.message, waitMs: 0 };
  if (error.status === 404) return { code: CloseCode.BoardNotFound, reason: error.message, waitMs: 0 };
  if (error.status === 429 || error.status === 503) {
    return { code: CloseCode.TryAgainLater, reason: error.message, waitMs: Math.min((error.retryAfterSeconds ?? 1) * 1000, MAX_RETRY_WAIT_MS) };
  }
  return { code: 1006, reason: error.message, waitMs: 0 };
}

/** The URL the provider built (`/sync/<id>?name=…`), with the ticket added. */
export function withTicket(url: string, ticket: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(TICKET_PARAM, ticket);
  return parsed.toString();
}

type Listener<E> = ((event: E) => void) | null;

/** The close event a refused ticket request produces (y-websocket reads `code` and `reason`). */
interface SyntheticClose {
  readonly type: 'close';
  readonly code: number;
  readonly reason: string;
  readonly wasClean: false;
}

/**
 * A WebSocket class for `WebsocketProvider`'s `WebSocketPolyfill` option. y-websocket creates a
 * new socket for every connection attempt — the first and every reconnect — from the URL it
 * builds out of its params; this class first fetches a fresh ticket over HTTP, then opens the real
 * socket with only the ticket in its URL. The link token never enters a websocket URL.
 */
export function ticketWebSocketClass(
  fetchTicket: (signal: AbortSignal) => Promise<string>,
  Native: typeof WebSocket = WebSocket,
  /** The socket index.html opened early (first connection only; `earlySocket.ts`). */
  takeEarly: () => Promise<EarlySocket | null> | null = () => null,
  /** Hands received messages to the provider (the session applies its first sync there without re-encoding it; DECISIONS 136). */
  deliver: (handOver: () => void) => void = (handOver) => handOver(),
): typeof WebSocket {
  class TicketWebSocket {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSING = 2;
    readonly CLOSED = 3;
    readonly url: string;
    readyState = 0;
    onopen: Listener<Event> = null;
    onmessage: Listener<MessageEvent> = null;
    onerror: Listener<Event> = null;
    onclose: Listener<CloseEvent | SyntheticClose> = null;
    private socket: WebSocket | null = null;
    private type: BinaryType = 'blob';
    private readonly abort = new AbortController();
    private early: EarlySocket | null = null;
    private skippedStep1 = false;

    constructor(url: string | URL, protocols?: string | string[]) {
      this.url = String(url);
      void this.open(protocols);
    }

    get binaryType(): BinaryType {
      return this.type;
    }

    set binaryType(type: BinaryType) {
      this.type = type;
      if (this.socket) this.socket.binaryType = type;
    }

    get bufferedAmount(): number {
      return this.socket?.bufferedAmount ?? 0;
    }

    get protocol(): string {
      return this.socket?.protocol ?? '';
    }

    send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (!this.socket || this.readyState !== this.OPEN) throw new DOMException('The connection is not open yet.', 'InvalidStateError');
      // The early script already asked for everything with an empty state vector; the provider's
      // own identical request would only bring the whole board a second time.
      if (this.early?.sentEmptyStep1 && !this.skippedStep1 && isEmptySyncStep1(data)) {
        this.skippedStep1 = true;
        return;
      }
      this.socket.send(data);
    }

    close(code?: number, reason?: string): void {
      if (this.readyState === this.CLOSED || this.readyState === this.CLOSING) return;
      if (this.socket) {
        this.readyState = this.CLOSING;
        this.socket.close(code, reason);
        return;
      }
      // Still fetching the ticket: give up on it, and report the close later, as a real socket does.
      this.abort.abort();
      this.readyState = this.CLOSED;
      queueMicrotask(() => this.onclose?.({ type: 'close', code: 1006, reason: '', wasClean: false }));
    }

    private async open(protocols: string | string[] | undefined): Promise<void> {
      const pending = takeEarly();
      if (pending) {
        const early = await pending.catch(() => null);
        if (early && this.readyState !== this.CONNECTING) early.socket.close();
        if (this.readyState !== this.CONNECTING) return;
        if (early) {
          this.adopt(early);
          return;
        }
      }
      let ticket: string;
      try {
        ticket = await fetchTicket(this.abort.signal);
      } catch (error) {
        if (this.readyState !== this.CONNECTING) return;
        const failure = ticketFailure(error);
        if (failure.waitMs > 0) await pause(failure.waitMs, this.abort.signal);
        if (this.readyState === this.CONNECTING) this.finish({ type: 'close', code: failure.code, reason: failure.reason, wasClean: false });
        return;
      }
      if (this.readyState !== this.CONNECTING) return;
      const socket = new Native(withTicket(this.url, ticket), protocols);
      socket.binaryType = this.type;
      this.socket = socket;
      socket.onopen = (event) => {
        if (this.readyState === this.CONNECTING) this.readyState = this.OPEN;
        this.onopen?.(event);
      };
      socket.onmessage = (event: MessageEvent) => deliver(() => this.onmessage?.(event));
      socket.onerror = (event) => this.onerror?.(event);
      socket.onclose = (event) => this.finish(event);
    }

    /** Takes over the early socket: its open state and the messages it already received, then live events. */
    private adopt(early: EarlySocket): void {
      const socket = early.socket;
      this.early = early;
      socket.binaryType = this.type;
      this.socket = socket;
      const earlyOpen = socket.onopen;
      socket.onopen = (event) => {
        earlyOpen?.call(socket, event);
        if (this.readyState === this.CONNECTING) this.readyState = this.OPEN;
        this.onopen?.(event);
      };
      socket.onerror = (event) => this.onerror?.(event);
      socket.onclose = (event) => this.finish(event);
      const forward = (event: MessageEvent) => deliver(() => this.onmessage?.(event));
      if (socket.readyState === this.OPEN) {
        this.readyState = this.OPEN;
        this.onopen?.(new Event('open'));
        const buffered = early.messages.splice(0);
        if (buffered.length > 0) deliver(() => buffered.forEach((event) => this.onmessage?.(event)));
      }
      socket.onmessage = forward;
    }

    private finish(event: CloseEvent | SyntheticClose): void {
      this.readyState = this.CLOSED;
      this.onclose?.(event);
    }
  }
  return TicketWebSocket as unknown as typeof WebSocket;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
