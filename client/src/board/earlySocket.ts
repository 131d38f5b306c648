/**
 * The board socket `index.html` opens before the app's JavaScript has loaded (DECISIONS 111): an
 * inline script fetches the single-use sync ticket with the stored link token and opens the
 * socket with the same URL the provider would build (`/sync/<id>?name=…&features=decisions`),
 * keeping every message that arrives until the app takes it over.
 */
export interface EarlySocket {
  readonly boardId: string;
  readonly name: string;
  readonly socket: WebSocket;
  /** Messages received before the app took the socket, in order. */
  readonly messages: MessageEvent[];
  /** Whether the script already sent sync step 1 with an empty state vector (it does for a board this browser has not opened). */
  readonly sentEmptyStep1: boolean;
}

interface EarlyState {
  readonly boardId: string;
  readonly name: string;
  readonly ready: Promise<EarlySocket | null> | null;
}

declare global {
  interface Window {
    __lanewiseEarly?: EarlyState | undefined;
  }
}

/**
 * Takes the early socket for this board and name, once: later connections (reconnects) fetch
 * their own tickets. Null when there is none, it is for something else (then it is closed), or
 * it has already closed.
 */
export function takeEarlySocket(boardId: string, name: string): Promise<EarlySocket | null> | null {
  const state = typeof window === 'undefined' ? undefined : window.__lanewiseEarly;
  if (!state?.ready) return null;
  window.__lanewiseEarly = undefined;
  return state.ready.then((early) => usable(early, boardId, name)).catch(() => null);
}

function usable(early: EarlySocket | null, boardId: string, name: string): EarlySocket | null {
  if (!early) return null;
  if (early.boardId !== boardId || early.name !== name || early.socket.readyState > WebSocket.OPEN) {
    early.socket.close();
    return null;
  }
  return early;
}

/** y-websocket's sync step 1 with an empty state vector (messageSync, step 1, a one-byte vector: no clients). */
export function isEmptySyncStep1(data: unknown): boolean {
  if (!(data instanceof Uint8Array) || data.length !== 4) return false;
  return data[0] === 0 && data[1] === 0 && data[2] === 1 && data[3] === 0;
}
