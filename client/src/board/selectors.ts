import type { BoardState, ItemViewModel, LaneViewModel } from './boardState.ts';

const NO_IDS: readonly string[] = [];

export const selectMeta = (state: BoardState) => state.meta;
export const selectBoardTitle = (state: BoardState) => state.meta?.title ?? '';
export const selectIsLoaded = (state: BoardState) => state.meta !== null;
export const selectLaneIds = (state: BoardState) => state.laneIds;

export const selectLane =
  (laneId: string) =>
  (state: BoardState): LaneViewModel | undefined =>
    state.lanes[laneId];

export const selectLaneItemIds =
  (laneId: string) =>
  (state: BoardState): readonly string[] =>
    state.lanes[laneId]?.itemIds ?? NO_IDS;

export const selectItem =
  (itemId: string) =>
  (state: BoardState): ItemViewModel | undefined =>
    state.items[itemId];

/** The visible lane an item is shown in (its stored lane may be a removed one). */
export function laneOfItem(state: BoardState, itemId: string): string | undefined {
  return state.laneIds.find((laneId) => state.lanes[laneId]?.itemIds.includes(itemId));
}

export function laneName(state: BoardState, laneId: string): string {
  return state.lanes[laneId]?.name ?? 'a lane';
}
