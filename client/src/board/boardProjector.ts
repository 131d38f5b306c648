import * as Y from 'yjs';
import {
  compareRanked,
  effectiveLaneId,
  itemsMap,
  readAllLanes,
  readMeta,
  visibleLanes,
  type BoardMeta,
  type Item,
  type Lane,
} from '@lanewise/shared';
import type { BoardState, ItemViewModel, LaneViewModel } from './boardState.ts';

/** What changed in the document since the last projection. */
export interface DocChanges {
  meta: boolean;
  lanes: boolean;
  /** Ids of items that were added, removed or edited; 'all' re-reads every item. */
  items: Set<string> | 'all';
}

function sameArray<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Shallow equality of plain records; arrays compare element-wise (tags), small nested records (an item's source) by value. */
function sameRecord<T extends object>(a: T, b: T): boolean {
  const keys = Object.keys(b) as Array<keyof T>;
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) {
    const left = a[key];
    const right = b[key];
    if (Array.isArray(left) && Array.isArray(right)) {
      if (!sameArray(left, right)) return false;
    } else if (typeof left === 'object' && left !== null && typeof right === 'object' && right !== null) {
      if (JSON.stringify(left) !== JSON.stringify(right)) return false;
    } else if (left !== right) return false;
  }
  return true;
}

function sameMeta(a: BoardMeta | null, b: BoardMeta | null): boolean {
  if (a === null || b === null) return a === b;
  return sameRecord(a, b);
}

function readItemRecord(doc: Y.Doc, itemId: string): Item | undefined {
  const map = itemsMap(doc).get(itemId);
  return map instanceof Y.Map ? (map.toJSON() as Item) : undefined;
}

/**
 * Turns document changes into the next immutable BoardState, re-reading only what changed:
 * dirty items are re-read, only the lanes they left or entered are re-sorted, and every lane,
 * item and id list that came out equal keeps the previous object.
 */
export class BoardProjector {
  private readonly doc: Y.Doc;
  private allLanes: Lane[] = [];
  private shownLanes: Lane[] = [];
  /** Effective (visible) lane of every item. */
  private readonly itemLane = new Map<string, string>();
  private readonly laneMembers = new Map<string, Set<string>>();

  constructor(doc: Y.Doc) {
    this.doc = doc;
  }

  project(prev: BoardState, changes: DocChanges, remote: boolean): BoardState {
    const meta = changes.meta ? readMeta(this.doc) ?? null : prev.meta;
    const nextMeta = sameMeta(prev.meta, meta) ? prev.meta : meta;

    const relayout = changes.lanes || changes.items === 'all';
    if (changes.lanes) {
      this.allLanes = readAllLanes(this.doc);
      this.shownLanes = visibleLanes(this.allLanes);
    }

    // 1. Items: re-read the dirty ones, keep identity of equal ones.
    const dirtyIds = changes.items === 'all' ? new Set([...itemsMap(this.doc).keys(), ...Object.keys(prev.items)]) : changes.items;
    let items: Record<string, ItemViewModel> | undefined;
    const touchedLanes = new Set<string>();
    for (const id of dirtyIds) {
      const before = prev.items[id];
      const read = readItemRecord(this.doc, id);
      const next = read && before && sameRecord(before, read) ? before : read;
      if (next !== before) {
        items ??= { ...prev.items };
        if (next) items[id] = next;
        else Reflect.deleteProperty(items, id);
      }
      if (!relayout) {
        const oldLane = this.itemLane.get(id);
        if (oldLane !== undefined) touchedLanes.add(oldLane);
        if (next) this.placeItem(next, touchedLanes);
        else this.unplaceItem(id);
      }
    }
    const nextItems = items ?? prev.items;

    // 2. Lane membership: everything again when lanes changed, else only the touched lanes.
    if (relayout) {
      this.itemLane.clear();
      this.laneMembers.clear();
      for (const lane of this.shownLanes) this.laneMembers.set(lane.id, new Set());
      for (const item of Object.values(nextItems)) this.placeItem(item, touchedLanes);
      for (const lane of this.shownLanes) touchedLanes.add(lane.id);
    }

    // 3. Lane view models.
    let lanes: Record<string, LaneViewModel> | undefined = relayout ? {} : undefined;
    const reordered: string[] = [];
    for (const lane of this.shownLanes) {
      const before = prev.lanes[lane.id];
      if (!touchedLanes.has(lane.id) && before && !changes.lanes) continue;
      const memberIds = [...(this.laneMembers.get(lane.id) ?? [])];
      const ordered = memberIds
        .map((id) => nextItems[id])
        .filter((item): item is ItemViewModel => item !== undefined)
        .sort(compareRanked);
      const orderedIds = ordered.map((item) => item.id);
      const itemIds = before && sameArray(before.itemIds, orderedIds) ? before.itemIds : orderedIds;
      if (before && itemIds !== before.itemIds) reordered.push(lane.id);
      const estimateSum = ordered.reduce((sum, item) => sum + (item.estimate ?? 0), 0);
      const candidate: LaneViewModel = {
        id: lane.id,
        name: lane.name,
        rank: lane.rank,
        itemLimit: lane.itemLimit,
        capacity: lane.capacity,
        itemIds,
        estimateSum,
      };
      const same =
        before &&
        before.name === candidate.name &&
        before.rank === candidate.rank &&
        before.itemLimit === candidate.itemLimit &&
        before.capacity === candidate.capacity &&
        before.itemIds === candidate.itemIds &&
        before.estimateSum === candidate.estimateSum;
      const next = same ? before : candidate;
      if (relayout) (lanes as Record<string, LaneViewModel>)[lane.id] = next;
      else if (next !== before) {
        lanes ??= { ...prev.lanes };
        lanes[lane.id] = next;
      }
    }
    if (relayout) {
      // Keep the old record when every lane came out identical.
      const fresh = lanes as Record<string, LaneViewModel>;
      const freshIds = Object.keys(fresh);
      if (freshIds.length === Object.keys(prev.lanes).length && freshIds.every((id) => fresh[id] === prev.lanes[id])) lanes = undefined;
    }
    const nextLanes = lanes ?? prev.lanes;

    const laneIds = this.shownLanes.map((lane) => lane.id);
    const nextLaneIds = sameArray(prev.laneIds, laneIds) ? prev.laneIds : laneIds;

    if (nextMeta === prev.meta && nextItems === prev.items && nextLanes === prev.lanes && nextLaneIds === prev.laneIds) return prev;
    return {
      meta: nextMeta,
      laneIds: nextLaneIds,
      lanes: nextLanes,
      items: nextItems,
      change: { version: prev.change.version + 1, remote, reorderedLaneIds: reordered },
    };
  }

  private placeItem(item: ItemViewModel, touched: Set<string>): void {
    const laneId = effectiveLaneId(item, this.allLanes, this.shownLanes);
    const old = this.itemLane.get(item.id);
    if (old !== undefined && old !== laneId) this.laneMembers.get(old)?.delete(item.id);
    if (laneId === undefined) {
      this.itemLane.delete(item.id);
      return;
    }
    this.itemLane.set(item.id, laneId);
    let members = this.laneMembers.get(laneId);
    if (!members) this.laneMembers.set(laneId, (members = new Set()));
    members.add(item.id);
    touched.add(laneId);
  }

  private unplaceItem(itemId: string): void {
    const old = this.itemLane.get(itemId);
    if (old !== undefined) this.laneMembers.get(old)?.delete(itemId);
    this.itemLane.delete(itemId);
  }
}
