import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_BOARD_STATE, type BoardState } from './boardState.ts';

export type BoardStore = StoreApi<BoardState>;

/** One store per open board; only the board adapter writes to it. */
export function createBoardStore(): BoardStore {
  return createStore<BoardState>()(() => EMPTY_BOARD_STATE);
}
