import type { BoardView, Item, LaneView } from '@lanewise/shared';
import type { BoardState } from '../board/boardState.ts';

let lastState: BoardState | null = null;
let lastView: BoardView | null = null;
const laneCache = new WeakMap<object, { items: BoardState['items']; view: LaneView }>();

/**
 * The board store as the shared trade-off functions read it (`BoardView`: lanes in order with
 * their items). Memoised on the store's state, and per lane on its view model, so selectors can
 * call it freely.
 */
export function toBoardView(state: BoardState): BoardView | null {
  if (state === lastState) return lastView;
  lastState = state;
  if (!state.meta) return (lastView = null);
  const lanes: LaneView[] = [];
  for (const laneId of state.laneIds) {
    const lane = state.lanes[laneId];
    if (!lane) continue;
    const cached = laneCache.get(lane);
    const stillValid = cached && (cached.items === state.items || lane.itemIds.every((id, i) => cached.view.items[i] === state.items[id]));
    if (cached && stillValid) {
      lanes.push(cached.view);
      continue;
    }
    const items = lane.itemIds.map((id) => state.items[id]).filter((item): item is Item => item !== undefined);
    const view: LaneView = { id: lane.id, name: lane.name, rank: lane.rank, itemLimit: lane.itemLimit, capacity: lane.capacity, inPlanningPeriod: lane.inPlanningPeriod, deleted: false, items };
    laneCache.set(lane, { items: state.items, view });
    lanes.push(view);
  }
  return (lastView = { meta: state.meta, lanes });
}
