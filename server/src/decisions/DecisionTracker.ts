import { itemsMap, lanesMap, rationalesMap, reorderedIds, type Item, type ItemPlace, type Lane } from '@lanewise/shared';
import * as Y from 'yjs';
import type { DecisionActor, DecisionDraft } from './DecisionEntry.ts';
import { LaneOrderIndex, LaneView, type ItemState } from './LaneOrderIndex.ts';

/**
 * What a transaction is about, when it is not a plain edit: a restore or an import is recorded as
 * the one entry in `draft`, not as one entry per item it touched.
 */
export interface TransactionIntent {
  readonly kind: 'restore' | 'import';
  readonly draft: DecisionDraft;
}

/** The fields the tracker keeps, read one by one (not the whole record: an edit reads 5 fields, not 20). */
const readItemState = (map: unknown): ItemState | undefined => {
  if (!(map instanceof Y.Map)) return undefined;
  const item = map as Y.Map<unknown>;
  return {
    id: item.get('id') as Item['id'],
    laneId: item.get('laneId') as Item['laneId'],
    rank: item.get('rank') as Item['rank'],
    title: item.get('title') as Item['title'],
    estimate: item.get('estimate') as Item['estimate'],
  };
};

/** The item fields the tracker keeps (`readItemState`): a change to any other field of an item cannot make an entry. */
const TRACKED_ITEM_FIELDS: ReadonlySet<string | null> = new Set(['id', 'laneId', 'rank', 'title', 'estimate', null]);

const readLaneState = (map: unknown): Lane | undefined => (map instanceof Y.Map ? (map.toJSON() as Lane) : undefined);

/**
 * Derives decision entries from what each transaction changed. It keeps every item's lane, rank
 * and title, ordered per lane (`LaneOrderIndex`), so it can say where an item came from and went
 * to by binary search, and looks only at what the transaction touched: an edit costs the same on
 * a board of 20 items or 20,000; a re-rank walks the lane it happened in. It reports one entry
 * per drag: the item that moved, not the neighbours it shifted or the ties it re-spread.
 */
export class DecisionTracker {
  private readonly items = new Map<string, ItemState>();
  private lanes = new Map<string, Lane>();
  private readonly index = new LaneOrderIndex();

  constructor(private readonly doc: Y.Doc) {
    for (const [id, map] of lanesMap(doc)) {
      const lane = readLaneState(map);
      if (lane) this.lanes.set(id, lane);
    }
    for (const [id, map] of itemsMap(doc)) {
      const item = readItemState(map);
      if (!item) continue;
      this.items.set(id, item);
      this.index.insert(item);
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
      // An item's own fields: only those the tracker keeps matter (a description edit makes no entry).
      else if (parent === items && parentKey) {
        for (const key of keys) {
          if (TRACKED_ITEM_FIELDS.has(key)) {
            changedItems.add(parentKey);
            break;
          }
        }
      }
      else if (parent === lanes && parentKey) changedLanes.add(parentKey);
    }
    if (changedItems.size === 0 && changedLanes.size === 0) return intent ? [intent.draft] : [];

    const at = Date.now();
    const drafts: DecisionDraft[] = [];
    const lanesBefore = this.lanes;
    if (changedLanes.size > 0) this.lanes = new Map(lanesBefore);
    for (const id of changedLanes) {
      const was = lanesBefore.get(id);
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

    const viewBefore = new LaneView(lanesBefore, this.index);
    const before = new Map<string, ItemState | undefined>();
    const after = new Map<string, ItemState | undefined>();
    for (const id of changedItems) {
      before.set(id, this.items.get(id));
      after.set(id, readItemState(items.get(id)));
    }
    // Relative order can only change where an item changed lane or rank (or the lane table changed).
    const reordering = changedLanes.size > 0 || [...changedItems].some((id) => {
      const was = before.get(id);
      const is = after.get(id);
      return was !== undefined && is !== undefined && (was.laneId !== is.laneId || was.rank !== is.rank);
    });
    const from = new Map<string, ItemPlace>();
    const lanesTouched = new Set<string>();
    for (const [id, was] of before) {
      if (!was) continue;
      const laneId = viewBefore.laneOf(was.laneId);
      lanesTouched.add(laneId);
      from.set(id, { laneId, laneName: viewBefore.nameOf(laneId), position: viewBefore.position(was) });
    }
    const ordersBefore = new Map<string, string[]>();
    if (reordering) for (const laneId of lanesTouched) ordersBefore.set(laneId, viewBefore.order(laneId));

    for (const [id, was] of before) {
      const is = after.get(id);
      if (was) this.index.remove(was);
      if (is) {
        this.items.set(id, is);
        this.index.insert(is);
      } else this.items.delete(id);
    }
    const viewAfter = new LaneView(this.lanes, this.index);
    const to = new Map<string, ItemPlace>();
    for (const [id, is] of after) {
      if (!is) continue;
      const laneId = viewAfter.laneOf(is.laneId);
      lanesTouched.add(laneId);
      to.set(id, { laneId, laneName: viewAfter.nameOf(laneId), position: viewAfter.position(is) });
    }
    if (intent) return [intent.draft];

    const reranked = new Set<string>();
    if (reordering) {
      for (const laneId of lanesTouched) {
        const previous = ordersBefore.get(laneId) ?? [];
        const stayed = new Set(previous);
        const now = viewAfter.order(laneId).filter((id) => stayed.has(id));
        for (const id of rerankedAmong(previous, now, changedItems)) reranked.add(id);
      }
    }

    for (const id of changedItems) {
      const was = before.get(id);
      const is = after.get(id);
      const rationale = withRationale.has(id) ? (rationales.get(id) as { text?: string } | undefined)?.text : undefined;
      const extra = rationale ? { rationale } : {};
      const fromPlace = from.get(id);
      const toPlace = to.get(id);
      if (!was && is && toPlace) {
        drafts.push({ at, actor, action: 'item.created', item: { id, title: is.title }, to: toPlace, ...extra });
      } else if (was && !is && fromPlace) {
        drafts.push({ at, actor, action: 'item.deleted', item: { id, title: was.title }, from: fromPlace });
        continue;
      } else if (was && is && fromPlace && toPlace) {
        if (fromPlace.laneId !== toPlace.laneId) drafts.push({ at, actor, action: 'item.moved', item: { id, title: is.title }, from: fromPlace, to: toPlace, ...extra });
        else if (reranked.has(id)) drafts.push({ at, actor, action: 'item.reranked', item: { id, title: is.title }, from: fromPlace, to: toPlace, ...extra });
        if (was.estimate !== is.estimate) {
          drafts.push({ at, actor, action: 'item.estimated', item: { id, title: is.title }, details: { before: was.estimate, after: is.estimate } });
        }
        if (fromPlace.laneId === toPlace.laneId) continue;
      }
      // Entering a lane past its item limit is an override, recorded with the reason given.
      if (is && toPlace) {
        const lane = this.lanes.get(toPlace.laneId);
        const count = viewAfter.count(toPlace.laneId);
        if (lane && lane.itemLimit !== null && count > lane.itemLimit) {
          drafts.push({
            at,
            actor,
            action: 'lane.limit-overridden',
            item: { id, title: is.title },
            to: toPlace,
            ...extra,
            details: { laneId: toPlace.laneId, laneName: lane.name, itemLimit: lane.itemLimit, count },
          });
        }
      }
    }
    return linkSwaps(drafts);
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
