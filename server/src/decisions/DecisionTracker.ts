import {
  effectiveLaneId,
  itemsMap,
  lanesMap,
  rationalesMap,
  reorderedIds,
  sortRanked,
  type Item,
  type ItemPlace,
  type Lane,
} from '@lanewise/shared';
import * as Y from 'yjs';
import type { DecisionActor, DecisionDraft } from './DecisionEntry.ts';

interface ItemState {
  readonly id: string;
  readonly laneId: string;
  readonly rank: string;
  readonly title: string;
  readonly estimate: number | null;
}

/**
 * What a transaction is about, when it is not a plain edit: a restore or an import is recorded as
 * the one entry in `draft`, not as one entry per item it touched.
 */
export interface TransactionIntent {
  readonly kind: 'restore' | 'import';
  readonly draft: DecisionDraft;
}

const readItemState = (map: unknown): ItemState | undefined => {
  if (!(map instanceof Y.Map)) return undefined;
  const item = map.toJSON() as Item;
  return { id: item.id, laneId: item.laneId, rank: item.rank, title: item.title, estimate: item.estimate };
};

const readLaneState = (map: unknown): Lane | undefined => (map instanceof Y.Map ? (map.toJSON() as Lane) : undefined);

/**
 * Derives decision entries from what each transaction changed. It keeps a small index of every
 * item's lane, rank and title so it can say where an item came from, and reports one entry per
 * drag: the item that moved, not the neighbours it shifted or the ties it re-spread.
 */
export class DecisionTracker {
  private readonly items = new Map<string, ItemState>();
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly doc: Y.Doc) {
    for (const [id, map] of lanesMap(doc)) {
      const lane = readLaneState(map);
      if (lane) this.lanes.set(id, lane);
    }
    for (const [id, map] of itemsMap(doc)) {
      const item = readItemState(map);
      if (item) this.items.set(id, item);
    }
  }

  observe(transaction: Y.Transaction, actor: DecisionActor, intent?: TransactionIntent): DecisionDraft[] {
    const items = itemsMap(this.doc);
    const lanes = lanesMap(this.doc);
    const rationales = rationalesMap(this.doc);
    const changedItems = new Set<string>();
    const changedLanes = new Set<string>();
    const withRationale = new Set<string>();
    for (const [type, keys] of transaction.changed) {
      const self: unknown = type;
      const parent: unknown = type._item?.parent;
      const parentKey = type._item?.parentSub;
      if (self === items) keys.forEach((key) => key !== null && changedItems.add(key));
      else if (self === lanes) keys.forEach((key) => key !== null && changedLanes.add(key));
      else if (self === rationales) keys.forEach((key) => key !== null && withRationale.add(key));
      else if (parent === items && parentKey) changedItems.add(parentKey);
      else if (parent === lanes && parentKey) changedLanes.add(parentKey);
    }
    if (changedItems.size === 0 && changedLanes.size === 0) return intent ? [intent.draft] : [];

    const at = Date.now();
    const drafts: DecisionDraft[] = [];
    const lanesBefore = new Map(this.lanes);
    for (const id of changedLanes) {
      const was = this.lanes.get(id);
      const is = readLaneState(lanes.get(id));
      if (is) this.lanes.set(id, is);
      else this.lanes.delete(id);
      if (intent || !is) continue;
      const lane = { laneId: id, laneName: is.name };
      if (!was) drafts.push({ at, actor, action: 'lane.added', details: lane });
      else {
        if (!was.deleted && is.deleted) drafts.push({ at, actor, action: 'lane.removed', details: lane });
        if (was.name !== is.name) drafts.push({ at, actor, action: 'lane.renamed', details: { ...lane, before: was.name, after: is.name } });
        if (was.itemLimit !== is.itemLimit) drafts.push({ at, actor, action: 'lane.limit-changed', details: { ...lane, before: was.itemLimit, after: is.itemLimit } });
        if (was.capacity !== is.capacity) drafts.push({ at, actor, action: 'lane.capacity-changed', details: { ...lane, before: was.capacity, after: is.capacity } });
      }
    }

    const placeBefore = this.placer(lanesBefore);
    const before = new Map<string, ItemState | undefined>();
    for (const id of changedItems) before.set(id, this.items.get(id));
    // Lane orders before the change, for the lanes this transaction touched.
    const touchedBefore = new Set<string>();
    for (const state of before.values()) if (state) touchedBefore.add(placeBefore.laneOf(state));
    const ordersBefore = placeBefore.orders(this.items, touchedBefore);

    for (const id of changedItems) {
      const is = readItemState(items.get(id));
      if (is) this.items.set(id, is);
      else this.items.delete(id);
    }
    const placeAfter = this.placer(this.lanes);
    const touchedAfter = new Set<string>();
    for (const id of changedItems) {
      const state = this.items.get(id);
      if (state) touchedAfter.add(placeAfter.laneOf(state));
    }
    const ordersAfter = placeAfter.orders(this.items, new Set([...touchedAfter, ...touchedBefore]));
    if (intent) return [intent.draft];

    const reranked = new Set<string>();
    for (const [laneId, after] of ordersAfter) {
      const previous = ordersBefore.get(laneId) ?? [];
      const stayed = new Set(previous);
      const kept = after.filter((id) => stayed.has(id));
      for (const id of rerankedAmong(previous, kept, changedItems)) reranked.add(id);
    }

    for (const id of changedItems) {
      const was = before.get(id);
      const is = this.items.get(id);
      const rationale = withRationale.has(id) ? (rationales.get(id) as { text?: string } | undefined)?.text : undefined;
      const extra = rationale ? { rationale } : {};
      if (!was && is) {
        drafts.push({ at, actor, action: 'item.created', item: { id, title: is.title }, to: placeAfter.place(is, ordersAfter), ...extra });
      } else if (was && !is) {
        drafts.push({ at, actor, action: 'item.deleted', item: { id, title: was.title }, from: placeBefore.place(was, ordersBefore) });
        continue;
      } else if (was && is) {
        const from = placeBefore.place(was, ordersBefore);
        const to = placeAfter.place(is, ordersAfter);
        if (from.laneId !== to.laneId) drafts.push({ at, actor, action: 'item.moved', item: { id, title: is.title }, from, to, ...extra });
        else if (reranked.has(id)) drafts.push({ at, actor, action: 'item.reranked', item: { id, title: is.title }, from, to, ...extra });
        if (was.estimate !== is.estimate) {
          drafts.push({ at, actor, action: 'item.estimated', item: { id, title: is.title }, details: { before: was.estimate, after: is.estimate } });
        }
        if (from.laneId === to.laneId) continue;
      }
      // Entering a lane past its item limit is an override, recorded with the reason given.
      if (is) {
        const laneId = placeAfter.laneOf(is);
        const lane = this.lanes.get(laneId);
        const count = ordersAfter.get(laneId)?.length ?? 0;
        if (lane && lane.itemLimit !== null && count > lane.itemLimit) {
          drafts.push({
            at,
            actor,
            action: 'lane.limit-overridden',
            item: { id, title: is.title },
            to: placeAfter.place(is, ordersAfter),
            ...extra,
            details: { laneId, laneName: lane.name, itemLimit: lane.itemLimit, count },
          });
        }
      }
    }
    return linkSwaps(drafts);
  }

  /** Effective lanes and positions for one lane table (before or after a change). */
  private placer(laneTable: ReadonlyMap<string, Lane>) {
    const allLanes = sortRanked([...laneTable.values()]);
    const shown = allLanes.filter((lane) => !lane.deleted);
    const visible = shown.length > 0 || allLanes.length === 0 ? shown : allLanes.slice(0, 1);
    const laneOf = (item: ItemState) => effectiveLaneId(item, allLanes, visible) ?? item.laneId;
    return {
      laneOf,
      orders: (items: ReadonlyMap<string, ItemState>, laneIds: ReadonlySet<string>) => {
        const grouped = new Map<string, ItemState[]>([...laneIds].map((id) => [id, []]));
        for (const item of items.values()) grouped.get(laneOf(item))?.push(item);
        return new Map([...grouped].map(([id, list]) => [id, sortRanked(list).map((item) => item.id)]));
      },
      place: (item: ItemState, orders: ReadonlyMap<string, readonly string[]>): ItemPlace => {
        const laneId = laneOf(item);
        return { laneId, laneName: laneTable.get(laneId)?.name ?? '', position: (orders.get(laneId)?.indexOf(item.id) ?? -1) + 1 };
      },
    };
  }
}

/**
 * Which items of a lane changed place: those whose position among the items this transaction did
 * not touch changed (the untouched keep their order: their ranks are as they were). That names the
 * dragged card even when, in a short lane, a longest increasing subsequence could equally well keep
 * it and blame its neighbour. Only when every item was touched does the subsequence decide.
 */
function rerankedAmong(before: readonly string[], after: readonly string[], changed: ReadonlySet<string>): Set<string> {
  const untouched = new Set(before.filter((id) => !changed.has(id)));
  if (untouched.size === 0) return reorderedIds(before, after);
  const untouchedAhead = (order: readonly string[]) => {
    const ahead = new Map<string, number>();
    let count = 0;
    for (const id of order) {
      if (untouched.has(id)) count++;
      else ahead.set(id, count);
    }
    return ahead;
  };
  const was = untouchedAhead(before);
  const is = untouchedAhead(after);
  return new Set([...is].filter(([id, count]) => was.get(id) !== count).map(([id]) => id));
}

/**
 * A swap ("to add a P0, demote one") is two moves in one transaction: one item enters a lane
 * that another leaves. Both entries name each other so the log reads as one decision.
 */
function linkSwaps(drafts: DecisionDraft[]): DecisionDraft[] {
  const moves = drafts.filter((draft) => draft.action === 'item.moved');
  if (moves.length !== 2) return drafts;
  const [first, second] = moves as [DecisionDraft, DecisionDraft];
  const swapped = first.to?.laneId === second.from?.laneId || second.to?.laneId === first.from?.laneId;
  if (!swapped) return drafts;
  return drafts.map((draft) => {
    if (draft !== first && draft !== second) return draft;
    const other = draft === first ? second : first;
    return { ...draft, details: { ...draft.details, swapWith: other.item } };
  });
}
