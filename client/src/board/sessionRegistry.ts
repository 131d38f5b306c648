import { useSyncExternalStore } from 'react';
import type { UserIdentity } from '../app/identity.ts';
import { BoardSession } from './boardSession.ts';

/**
 * Holds the one open board session outside React, so effects open and close it and components
 * read it through useSyncExternalStore (StrictMode's double effects open, close and reopen).
 */
let current: BoardSession | null = null;
/** A session opened before React mounted (`preopenBoardSession`) and not yet taken over by a page. */
let preopened: BoardSession | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/**
 * Opens a board's session before React has rendered anything (main.tsx, on a board address when
 * this browser already has a display name): the ticket request, the websocket and the IndexedDB
 * copy start while the rest of the app is still being parsed and mounted. The board page's
 * `openBoardSession` then takes this session over instead of opening a second one.
 */
export function preopenBoardSession(boardId: string, user: UserIdentity): void {
  if (current) return;
  current = preopened = new BoardSession(boardId, user);
}

export function openBoardSession(boardId: string, user: UserIdentity): () => void {
  let session: BoardSession;
  if (preopened && preopened === current && preopened.boardId === boardId) {
    session = preopened;
    if (user.name !== session.user.name || user.color !== session.user.color) session.setUser(user);
  } else {
    current?.destroy();
    session = new BoardSession(boardId, user);
    current = session;
  }
  preopened = null;
  notify();
  return () => {
    session.destroy();
    if (current === session) {
      current = null;
      notify();
    }
  };
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useOpenBoardSession(boardId: string): BoardSession | null {
  return useSyncExternalStore(subscribe, () => (current?.boardId === boardId ? current : null));
}
