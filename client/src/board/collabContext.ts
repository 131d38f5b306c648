import { useStore } from 'zustand';
import type { PlanningActions } from './planningActions.ts';
import type { CollabState } from './collabState.ts';
import { useBoardSession } from './sessionContext.tsx';
import type { EstimationPresenceState } from '../estimation/estimationPresence.ts';
import type { PokerLocalState } from '../estimation/pokerClient.ts';

/** People, comment threads and estimation rounds, through a selector. */
export function useCollab<T>(selector: (state: CollabState) => T): T {
  return useStore(useBoardSession().collab, selector);
}

export function usePlanningActions(): PlanningActions {
  return useBoardSession().planning;
}

export function useEstimationPresence<T>(selector: (state: EstimationPresenceState) => T): T {
  return useStore(useBoardSession().estimationPresence, selector);
}

export function usePokerLocal<T>(selector: (state: PokerLocalState) => T): T {
  return useStore(useBoardSession().poker.store, selector);
}
