import { useSyncExternalStore } from 'react';
import type { UserIdentity } from '../app/identity.ts';
import { BoardSession } from './boardSession.ts';

/**
 * Holds the one open board session outside React, so effects open and close it and components
 * read it through useSyncExternalStore (StrictMode's double effects open, close and reopen).
 */
let current: BoardSession | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function openBoardSession(boardId: string, user: UserIdentity): () => void {
  current?.destroy();
  const session = new BoardSession(boardId, user);
  current = session;
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
