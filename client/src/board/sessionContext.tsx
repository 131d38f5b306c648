import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from './actions.ts';
import type { BoardSession } from './boardSession.ts';
import type { BoardState } from './boardState.ts';
import type { CursorState, PresenceState } from './presence.ts';
import type { SessionState } from './sessionStore.ts';

export const BoardSessionContext = createContext<BoardSession | null>(null);

export function useBoardSession(): BoardSession {
  const session = useContext(BoardSessionContext);
  if (!session) throw new Error('useBoardSession must be used inside a board page.');
  return session;
}

/** Reads the board view model through a selector; re-renders only when the selected value changes. */
export function useBoardStore<T>(selector: (state: BoardState) => T): T {
  return useStore(useBoardSession().board, selector);
}

export function useSessionState<T>(selector: (state: SessionState) => T): T {
  return useStore(useBoardSession().session, selector);
}

export function usePresence<T>(selector: (state: PresenceState) => T): T {
  return useStore(useBoardSession().presence, selector);
}

export function useCursors<T>(selector: (state: CursorState) => T): T {
  return useStore(useBoardSession().cursors, selector);
}

/** False for a view-only session: components render no write control at all. */
export function useCanEdit(): boolean {
  return useStore(useBoardSession().session, (state) => !state.readOnly);
}

export function useActions(): BoardActions {
  return useBoardSession().actions;
}
