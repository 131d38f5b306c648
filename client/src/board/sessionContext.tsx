import { createContext, useContext } from 'react';
import { CARD_WRITES_BY_PHASE } from '@lanewise/shared';
import { useStore } from 'zustand';
import type { BoardActions } from './actions.ts';
import type { BoardSession } from './boardSession.ts';
import type { BoardState } from './boardState.ts';
import type { CursorState, PresenceState } from './presence.ts';
import type { SessionState } from './sessionStore.ts';
import { useFacilitationRole } from '../facilitation/facilitationApi.ts';

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
/**
 * Whether this user may change cards now: not on a view-only link, and on a retro board only in
 * the phases that allow card writes (the server refuses the rest; see CARD_WRITES_BY_PHASE), and
 * not while the facilitator has locked the board (unless this user is the facilitator).
 */
export function useCanEdit(): boolean {
  const session = useBoardSession();
  const writable = useStore(session.session, (state) => !state.readOnly);
  const phaseAllows = useStore(session.board, (state) => state.meta?.kind !== 'retro' || CARD_WRITES_BY_PHASE[state.meta.retroPhase ?? 'reflect'] !== 'none');
  // A locked board takes writes from the facilitator only (the server refuses the rest).
  const locked = useStore(session.board, (state) => state.meta?.locked === true);
  const facilitator = useStore(session.board, (state) => state.meta?.facilitator);
  const facilitates = useFacilitationRole(session.boardId, facilitator).isFacilitator;
  return writable && phaseAllows && (!locked || facilitates);
}

/** Whether new cards may be added now (retro boards: only in the Actions phase). */
export function useCanAddCards(): boolean {
  const canEdit = useCanEdit();
  const phaseAllows = useStore(useBoardSession().board, (state) => state.meta?.kind !== 'retro' || CARD_WRITES_BY_PHASE[state.meta.retroPhase ?? 'reflect'] === 'all');
  return canEdit && phaseAllows;
}

export function useIsRetro(): boolean {
  return useStore(useBoardSession().board, (state) => state.meta?.kind === 'retro');
}

export function useActions(): BoardActions {
  return useBoardSession().actions;
}
