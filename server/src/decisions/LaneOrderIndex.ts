import { compareRanked, effectiveLaneId, sortRanked, type Lane, type Ranked } from '@lanewise/shared';

/** What the decision tracker keeps of an item. */
export interface ItemState extends Ranked {
  readonly laneId: string;
  readonly title: string;
  readonly estimate: number | null;
}

/**
 * Items ordered per lane (by rank, then id), kept up to date one item at a time, so a position
 * is a binary search and a change costs no walk over the board. Lanes are the stored `laneId`s;
 * `LaneView` maps them to the lane a board shows (a removed lane's items show in the next one).
 */
export class LaneOrderIndex {
  private readonly byLane = new Map<string, ItemState[]>();

  insert(item: ItemState): void {
    let list = this.byLane.get(item.laneId);
    if (!list) this.byLane.set(item.laneId, (list = []));
    list.splice(this.lowerBound(list, item), 0, item);
  }

  remove(item: ItemState): void {
    const list = this.byLane.get(item.laneId);
    if (!list) return;
    const at = this.lowerBound(list, item);
    if (list[at]?.id === item.id) list.splice(at, 1);
    if (list.length === 0) this.byLane.delete(item.laneId);
  }

  /** Items of a stored lane ordered before `item`. */
  countBefore(laneId: string, item: Ranked): number {
    const list = this.byLane.get(laneId);
    return list ? this.lowerBound(list, item) : 0;
  }

  size(laneId: string): number {
    return this.byLane.get(laneId)?.length ?? 0;
  }

  laneIds(): IterableIterator<string> {
    return this.byLane.keys();
  }

  items(laneId: string): readonly ItemState[] {
    return this.byLane.get(laneId) ?? [];
  }

  private lowerBound(list: readonly ItemState[], item: Ranked): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (compareRanked(list[middle] as ItemState, item) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

/** The shown lanes of one lane table (before or after a change), over a `LaneOrderIndex`. */
export class LaneView {
  private readonly allLanes: Lane[];
  private readonly visible: Lane[];
  private readonly effective = new Map<string, string>();

  constructor(
    readonly lanes: ReadonlyMap<string, Lane>,
    private readonly index: LaneOrderIndex,
  ) {
    this.allLanes = sortRanked([...lanes.values()]);
    const shown = this.allLanes.filter((lane) => !lane.deleted);
    this.visible = shown.length > 0 || this.allLanes.length === 0 ? shown : this.allLanes.slice(0, 1);
  }

  /** The lane an item with this stored lane shows in. */
  laneOf(laneId: string): string {
    let effective = this.effective.get(laneId);
    if (effective === undefined) {
      effective = effectiveLaneId({ laneId }, this.allLanes, this.visible) ?? laneId;
      this.effective.set(laneId, effective);
    }
    return effective;
  }

  /** Stored lanes (that hold items) whose items show in `shownLaneId`. */
  private sources(shownLaneId: string): string[] {
    return [...this.index.laneIds()].filter((laneId) => this.laneOf(laneId) === shownLaneId);
  }

  /** 1-based position of an item (in the index) within the lane it shows in. */
  position(item: ItemState): number {
    const shown = this.laneOf(item.laneId);
    return 1 + this.sources(shown).reduce((sum, laneId) => sum + this.index.countBefore(laneId, item), 0);
  }

  count(shownLaneId: string): number {
    return this.sources(shownLaneId).reduce((sum, laneId) => sum + this.index.size(laneId), 0);
  }

  /** Item ids of a shown lane, in order (a walk over that lane only). */
  order(shownLaneId: string): string[] {
    const items = this.sources(shownLaneId).flatMap((laneId) => [...this.index.items(laneId)]);
    return sortRanked(items).map((item) => item.id);
  }

  nameOf(shownLaneId: string): string {
    return this.lanes.get(shownLaneId)?.name ?? '';
  }
}
