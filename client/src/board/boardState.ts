import type { BoardMeta, Item } from '@lanewise/shared';

/** One visible lane as components see it: the lane's fields plus its ordered item ids. */
export interface LaneViewModel {
  readonly id: string;
  readonly name: string;
  readonly rank: string;
  readonly itemLimit: number | null;
  readonly capacity: number | null;
  /** Whether the lane's work counts for the planning period (explicit, or the default rule). */
  readonly inPlanningPeriod: boolean;
  /** Items shown in this lane, in rank order. Same array object while the order is unchanged. */
  readonly itemIds: readonly string[];
  readonly estimateSum: number;
}

export type ItemViewModel = Readonly<Item>;

/** What the last publication changed; the FLIP animation reads it. */
export interface BoardChange {
  readonly version: number;
  /** True when the change came from someone else (network, another tab) rather than this session. */
  readonly remote: boolean;
  /** Lanes whose item order or membership changed. */
  readonly reorderedLaneIds: readonly string[];
}

/** Immutable board view model. Unchanged lanes and items keep their object identity between publications. */
export interface BoardState {
  readonly meta: BoardMeta | null;
  readonly laneIds: readonly string[];
  readonly lanes: Readonly<Record<string, LaneViewModel>>;
  readonly items: Readonly<Record<string, ItemViewModel>>;
  readonly change: BoardChange;
}

export const EMPTY_BOARD_STATE: BoardState = {
  meta: null,
  laneIds: [],
  lanes: {},
  items: {},
  change: { version: 0, remote: false, reorderedLaneIds: [] },
};
