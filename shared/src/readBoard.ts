import type * as Y from 'yjs';
import { itemsMap, lanesMap, readItemRecord, readMeta, readRecord } from './boardDoc.ts';
import { compareRanked, sortRanked } from './rank.ts';
import type { BoardMeta, Item, Lane } from './schema.ts';

export interface LaneView extends Lane {
  readonly items: readonly Item[];
}

export interface BoardView {
  readonly meta: BoardMeta;
  readonly lanes: readonly LaneView[];
}

export function readAllLanes(doc: Y.Doc): Lane[] {
  const lanes: Lane[] = [];
  for (const map of lanesMap(doc).values()) {
    const lane = readRecord<Lane>(map);
    if (lane) lanes.push(lane);
  }
  return sortRanked(lanes);
}

/**
 * The lanes a board shows, in order. Removed lanes are tombstones; if concurrent removals left
 * none, the first lane by rank is shown again so that items always have a home.
 */
export function visibleLanes(allLanes: readonly Lane[]): Lane[] {
  const live = allLanes.filter((lane) => !lane.deleted);
  if (live.length > 0 || allLanes.length === 0) return live;
  return [allLanes[0] as Lane];
}

/**
 * The lane an item is shown in. Normally its own; if that lane was removed (say, concurrently with
 * a move into it), the next visible lane after the removed one, else the last visible lane.
 * Every peer derives the same answer from the same state.
 */
export function effectiveLaneId(item: Pick<Item, 'laneId'>, allLanes: readonly Lane[], shown: readonly Lane[]): string | undefined {
  if (shown.some((lane) => lane.id === item.laneId)) return item.laneId;
  const own = allLanes.find((lane) => lane.id === item.laneId);
  if (own) {
    const next = shown.find((lane) => compareRanked(lane, own) > 0);
    if (next) return next.id;
  }
  return shown[shown.length - 1]?.id;
}

export function readBoard(doc: Y.Doc): BoardView | undefined {
  const meta = readMeta(doc);
  if (!meta) return undefined;
  const allLanes = readAllLanes(doc);
  const shown = visibleLanes(allLanes);
  const byLane = new Map<string, Item[]>(shown.map((lane) => [lane.id, []]));
  for (const map of itemsMap(doc).values()) {
    const item = readItemRecord(map);
    if (!item) continue;
    const laneId = effectiveLaneId(item, allLanes, shown);
    if (laneId !== undefined) byLane.get(laneId)?.push(item);
  }
  return {
    meta,
    lanes: shown.map((lane) => ({ ...lane, items: sortRanked(byLane.get(lane.id) ?? []) })),
  };
}

/** Items of one shown lane, in order. */
export function readLaneItems(doc: Y.Doc, laneId: string): Item[] {
  const allLanes = readAllLanes(doc);
  const shown = visibleLanes(allLanes);
  const items: Item[] = [];
  for (const map of itemsMap(doc).values()) {
    const item = readItemRecord(map);
    if (item && effectiveLaneId(item, allLanes, shown) === laneId) items.push(item);
  }
  return sortRanked(items);
}
