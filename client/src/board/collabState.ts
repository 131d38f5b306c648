import type { Comment, Person, PokerRound } from '@lanewise/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * The board's people, conversations and estimation rounds as components see them. Published by
 * the collab adapter; records that did not change keep their object identity.
 */
export interface CollabState {
  /** People listed on the board, by name. */
  readonly people: readonly Person[];
  /** Item id → its thread, oldest first, replies right after their parent (deleted ones kept as placeholders). */
  readonly comments: Readonly<Record<string, readonly Comment[]>>;
  /** Item id → number of live (not deleted) comments. */
  readonly commentCounts: Readonly<Record<string, number>>;
  /** Item id → its current estimation round. */
  readonly rounds: Readonly<Record<string, PokerRound>>;
}

export type CollabStore = StoreApi<CollabState>;

export const EMPTY_COLLAB_STATE: CollabState = { people: [], comments: {}, commentCounts: {}, rounds: {} };

export function createCollabStore(): CollabStore {
  return createStore<CollabState>()(() => EMPTY_COLLAB_STATE);
}
