import type { BoardView } from './readBoard.ts';
import type { Item } from './schema.ts';

/** Where an item sits: lane and 1-based position in it. */
export interface ItemPlace {
  readonly laneId: string;
  readonly laneName: string;
  readonly position: number;
}

export interface ItemRef {
  readonly id: string;
  readonly title: string;
}

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface BoardDiff {
  readonly added: ReadonlyArray<{ item: ItemRef; to: ItemPlace }>;
  readonly removed: ReadonlyArray<{ item: ItemRef; from: ItemPlace }>;
  /** Moved to another lane. */
  readonly moved: ReadonlyArray<{ item: ItemRef; from: ItemPlace; to: ItemPlace }>;
  /** Same lane, but its order relative to the others changed (not merely shifted by them). */
  readonly reranked: ReadonlyArray<{ item: ItemRef; from: ItemPlace; to: ItemPlace }>;
  readonly changed: ReadonlyArray<{ item: ItemRef; fields: readonly FieldChange[] }>;
  readonly lanes: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: ReadonlyArray<{ id: string; name: string; fields: readonly FieldChange[] }>;
  };
}

const COMPARED_FIELDS = ['title', 'description', 'owner', 'estimate', 'tags', 'kind', 'reach', 'impact', 'confidence', 'techHealth', 'risk'] as const;
const LANE_FIELDS = ['name', 'itemLimit', 'capacity'] as const;

/**
 * The ids whose relative order changed between two orderings of the same ids: everything
 * outside one longest increasing subsequence. Moving one card in a lane reports that card only,
 * not every card it shifted.
 */
export function reorderedIds(before: readonly string[], after: readonly string[]): Set<string> {
  const oldIndex = new Map(before.map((id, index) => [id, index]));
  const sequence = after.filter((id) => oldIndex.has(id));
  // Patience sorting with back-pointers: O(n log n).
  const tails: number[] = [];
  const previous: number[] = new Array<number>(sequence.length).fill(-1);
  sequence.forEach((id, i) => {
    const value = oldIndex.get(id) as number;
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((oldIndex.get(sequence[tails[mid] as number] as string) as number) < value) low = mid + 1;
      else high = mid;
    }
    if (low > 0) previous[i] = tails[low - 1] as number;
    tails[low] = i;
  });
  const kept = new Set<string>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = previous[i] as number) kept.add(sequence[i] as string);
  return new Set(sequence.filter((id) => !kept.has(id)));
}

function places(board: BoardView): Map<string, { item: Item; place: ItemPlace }> {
  const result = new Map<string, { item: Item; place: ItemPlace }>();
  for (const lane of board.lanes) {
    lane.items.forEach((item, index) => result.set(item.id, { item, place: { laneId: lane.id, laneName: lane.name, position: index + 1 } }));
  }
  return result;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from `before` to `after`: items added, removed, moved, re-ranked, edited; lanes. */
export function diffBoards(before: BoardView, after: BoardView): BoardDiff {
  const old = places(before);
  const now = places(after);
  const ref = (item: Item): ItemRef => ({ id: item.id, title: item.title });

  const added = [...now.values()].filter(({ item }) => !old.has(item.id)).map(({ item, place }) => ({ item: ref(item), to: place }));
  const removed = [...old.values()].filter(({ item }) => !now.has(item.id)).map(({ item, place }) => ({ item: ref(item), from: place }));
  const moved: Array<{ item: ItemRef; from: ItemPlace; to: ItemPlace }> = [];
  const reranked: Array<{ item: ItemRef; from: ItemPlace; to: ItemPlace }> = [];
  const changed: Array<{ item: ItemRef; fields: FieldChange[] }> = [];

  for (const lane of after.lanes) {
    const stayed = lane.items.filter((item) => old.get(item.id)?.place.laneId === lane.id).map((item) => item.id);
    const previousOrder = before.lanes.find((l) => l.id === lane.id)?.items.map((item) => item.id).filter((id) => stayed.includes(id)) ?? [];
    for (const id of reorderedIds(previousOrder, stayed)) {
      const was = old.get(id);
      const is = now.get(id);
      if (was && is) reranked.push({ item: ref(is.item), from: was.place, to: is.place });
    }
  }
  for (const { item, place } of now.values()) {
    const was = old.get(item.id);
    if (!was) continue;
    if (was.place.laneId !== place.laneId) moved.push({ item: ref(item), from: was.place, to: place });
    const fields = COMPARED_FIELDS.filter((field) => !same(was.item[field], item[field])).map((field) => ({ field, before: was.item[field], after: item[field] }));
    if (fields.length > 0) changed.push({ item: ref(item), fields });
  }

  const oldLanes = new Map(before.lanes.map((lane) => [lane.id, lane]));
  const newLanes = new Map(after.lanes.map((lane) => [lane.id, lane]));
  return {
    added,
    removed,
    moved,
    reranked,
    changed,
    lanes: {
      added: after.lanes.filter((lane) => !oldLanes.has(lane.id)).map((lane) => lane.name),
      removed: before.lanes.filter((lane) => !newLanes.has(lane.id)).map((lane) => lane.name),
      changed: after.lanes.flatMap((lane) => {
        const was = oldLanes.get(lane.id);
        if (!was) return [];
        const fields = LANE_FIELDS.filter((field) => !same(was[field], lane[field])).map((field) => ({ field, before: was[field], after: lane[field] }));
        return fields.length > 0 ? [{ id: lane.id, name: lane.name, fields }] : [];
      }),
    },
  };
}

export function isEmptyDiff(diff: BoardDiff): boolean {
  return (
    diff.added.length + diff.removed.length + diff.moved.length + diff.reranked.length + diff.changed.length === 0 &&
    diff.lanes.added.length + diff.lanes.removed.length + diff.lanes.changed.length === 0
  );
}
