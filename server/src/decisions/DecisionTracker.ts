import { isInPlanningPeriod, itemsMap, lanesMap, metaMap, plainTextOf, rationalesMap, reorderedIds, type Item, type ItemPlace, type Lane } from '@lanewise/shared';
import * as Y from 'yjs';
import type { DecisionActor, DecisionDraft, DecisionEntry } from './DecisionEntry.ts';
import { LaneOrderIndex, LaneView, type ItemState } from './LaneOrderIndex.ts';

/**
 * What a transaction is about, when it is not a plain edit: a restore or an import is recorded as
 * the one entry in `draft`, not as one entry per item it touched.
 */
export interface TransactionIntent {
  readonly kind: 'restore' | 'import' | 'promote';
  readonly draft: DecisionDraft;
}

/** A stored move, as undo detection needs it. */
interface StoredMove {
  readonly seq: number;
  readonly at: number;
  readonly itemId: string;
  readonly fromLaneId: string;
  readonly toLaneId: string;
}

/** How far a client's own clock may be from the server's receive time before the log shows both. */
export const CLIENT_TIME_SHOWN_AFTER_MS = 5_000;

/** The fields the tracker keeps, read one by one (not the whole record: an edit reads 5 fields, not 20). */
const readItemState = (map: unknown): ItemState | undefined => {
  if (!(map instanceof Y.Map)) return undefined;
  const item = map as Y.Map<unknown>;
  return {
    id: item.get('id') as Item['id'],
    laneId: item.get('laneId') as Item['laneId'],
    rank: item.get('rank') as Item['rank'],
    title: plainTextOf(item.get('title')),
    estimate: item.get('estimate') as Item['estimate'],
  };
};

/** The board settings that are rules of the board: changing one is a decision. */
interface RuleSettings {
  readonly limitMode: unknown;
  readonly techHealthTarget: unknown;
}
const readRuleSettings = (doc: Y.Doc): RuleSettings => {
  const meta = metaMap(doc);
  return { limitMode: meta.get('limitMode') ?? 'soft', techHealthTarget: meta.get('techHealthTarget') };
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
/**
 * Text edits are logged once per person per item and field per editing burst: a keystroke within
 * this long of that person's previous edit of the same text belongs to the same burst.
 */
export const TEXT_EDIT_BURST_MS = 60_000;

export class DecisionTracker {
  private readonly items = new Map<string, ItemState>();
  /** `${actor}\u0000${itemId}\u0000${field}` → time of that person's last edit of that text. */
  private readonly lastTextEdit = new Map<string, number>();
  private lanes = new Map<string, Lane>();
  private readonly index = new LaneOrderIndex();
  private settings: RuleSettings;
  /** The latest stored move (or swap) of each person, by name, while it can still be undone. */
  private readonly lastMoves = new Map<string, StoredMove[]>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly clock: () => number = Date.now,
  ) {
    this.settings = readRuleSettings(doc);
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

  /** An edit inside an item's title or description text: one entry per person, item and field per burst. */
  private textEdited(drafts: DecisionDraft[], at: number, actor: DecisionActor, id: string, field: 'title' | 'description', was: ItemState, is: ItemState): void {
    const key = `${actor.name}\u0000${id}\u0000${field}`;
    const last = this.lastTextEdit.get(key);
    this.lastTextEdit.set(key, at);
    if (last !== undefined && at - last < TEXT_EDIT_BURST_MS) return;
    drafts.push({ at, actor, action: 'item.text-edited', item: { id, title: is.title }, details: field === 'title' ? { field, before: was.title } : { field } });
  }

  observe(transaction: Y.Transaction, actor: DecisionActor, intent?: TransactionIntent): DecisionDraft[] {
    const items = itemsMap(this.doc);
    // The common live edit, a description's text, on its own: its entry at most, nothing else read (DECISIONS 160).
    const described = intent ? null : descriptionEditsOnly(transaction, items);
    if (described) {
      const at = this.clock();
      const drafts: DecisionDraft[] = [];
      for (const id of described) {
        const is = this.items.get(id);
        if (is && items.get(id) !== undefined) this.textEdited(drafts, at, actor, id, 'description', is, is);
      }
      return drafts;
    }
    const lanes = lanesMap(this.doc);
    const rationales = rationalesMap(this.doc);
    const meta = metaMap(this.doc);
    let metaChanged = false;
    const changedItems = new Set<string>();
    const changedLanes = new Set<string>();
    const withRationale = new Set<string>();
    /** Items whose device move time (`movedAt`) this transaction wrote. */
    const withMovedAt = new Set<string>();
    const textEdits = new Map<string, 'title' | 'description'>();
    /** Items changed other than by an edit inside their title or description text. */
    const otherwiseChanged = new Set<string>();
    for (const [type, keys] of transaction.changed) {
      const textEdit = textFieldOf(type, items);
      if (textEdit) {
        // A title edit counts for both (its state holds the title); a description edit only for the entry.
        if (textEdits.get(textEdit.itemId) !== 'title') textEdits.set(textEdit.itemId, textEdit.field);
        if (textEdit.field === 'title') otherwiseChanged.add(textEdit.itemId);
        changedItems.add(textEdit.itemId);
        continue;
      }
      const self: unknown = type;
      const parent: unknown = type._item?.parent;
      const parentKey = type._item?.parentSub;
      if (self === items) keys.forEach((key) => key !== null && changedItems.add(key) && otherwiseChanged.add(key));
      else if (self === lanes) keys.forEach((key) => key !== null && changedLanes.add(key));
      else if (self === rationales) keys.forEach((key) => key !== null && withRationale.add(key));
      else if (self === meta) metaChanged = true;
      // An item's own fields: only those the tracker keeps matter (a description edit makes no entry).
      else if (parent === items && parentKey) {
        if (keys.has('movedAt')) withMovedAt.add(parentKey);
        for (const key of keys) {
          if (TRACKED_ITEM_FIELDS.has(key)) {
            changedItems.add(parentKey);
            otherwiseChanged.add(parentKey);
            break;
          }
        }
      }
      else if (parent === lanes && parentKey) changedLanes.add(parentKey);
    }
    const at = this.clock();
    const drafts: DecisionDraft[] = metaChanged ? this.settingsChanged(at, actor, intent) : [];
    // Description edits alone change no state the tracker keeps (not the lanes, not the order):
    // only the edit entry, at most one per person, item and burst. No lane views needed.
    if (!intent && changedLanes.size === 0) {
      for (const [id, field] of textEdits) {
        if (field !== 'description' || otherwiseChanged.has(id)) continue;
        changedItems.delete(id);
        const is = this.items.get(id);
        if (!is || items.get(id) === undefined) continue;
        this.textEdited(drafts, at, actor, id, field, is, is);
      }
    }
    if (changedItems.size === 0 && changedLanes.size === 0) return intent ? [intent.draft] : drafts;

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
        const counted = isInPlanningPeriod(is);
        if (isInPlanningPeriod(was) !== counted) drafts.push({ at, actor, action: 'lane.planning-period-changed', details: { ...lane, before: !counted, after: counted } });
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

    for (const [id, field] of textEdits) {
      const is = after.get(id);
      const was = before.get(id);
      if (!is || !was) continue; // created or deleted in this transaction: that entry says it
      this.textEdited(drafts, at, actor, id, field, was, is);
    }

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
      const written = withRationale.has(id) ? (rationales.get(id) as { text?: string; at?: number } | undefined) : undefined;
      const rationale = written?.text;
      // The reason carries the time the client wrote it. The server's receive time stays the
      // entry's time (and its order); a client time far from it (a move made offline) is kept
      // beside it, marked as the client's, never trusted for ordering.
      // A move without a reason carries the same device time on the item (`movedAt`).
      const movedAt = withMovedAt.has(id) ? items.get(id)?.get('movedAt') : undefined;
      const deviceAt = typeof written?.at === 'number' ? written.at : typeof movedAt === 'number' ? movedAt : undefined;
      const clientAt = deviceAt !== undefined && Math.abs(deviceAt - at) >= CLIENT_TIME_SHOWN_AFTER_MS ? deviceAt : undefined;
      const timeDetails = clientAt === undefined ? {} : { details: { clientAt } };
      const extra = rationale ? { rationale, ...timeDetails } : timeDetails;
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
            details: { ...(clientAt === undefined ? {} : { clientAt }), laneId: toPlace.laneId, laneName: lane.name, itemLimit: lane.itemLimit, count },
          });
        }
      }
    }
    return this.markUndo(linkSwaps(drafts), actor);
  }

  /** The entries the log stored for what `observe` derived: remembers each person's last move. */
  committed(entries: readonly DecisionEntry[]): void {
    if (entries.length === 0) return; // once per relayed update: most carry no entry
    // An undo is not a decision to undo again: moving the cards back after it (redo) is logged as a move.
    const moves = entries.filter((entry) => entry.action === 'item.moved' && entry.item && entry.from && entry.to && entry.details?.undoes === undefined);
    if (moves.length === 0) return;
    const byActor = new Map<string, StoredMove[]>();
    for (const entry of moves) {
      const list = byActor.get(entry.actor.name) ?? [];
      list.push({ seq: entry.seq, at: entry.at, itemId: entry.item?.id as string, fromLaneId: entry.from?.laneId as string, toLaneId: entry.to?.laneId as string });
      byActor.set(entry.actor.name, list);
    }
    // A person's latest decision: the moves of their latest transaction (a swap is two, same time).
    for (const [name, list] of byActor) {
      const latest = list.at(-1) as StoredMove;
      this.lastMoves.set(name, list.filter((move) => move.at === latest.at));
    }
  }

  /**
   * Undo (Ctrl+Z) writes the inverse of the person's last change: the same items moved back to
   * where they came from. Those moves are logged as the undo of the entries they revert
   * (\`details.undoes\`), not as new decisions.
   */
  private markUndo(drafts: DecisionDraft[], actor: DecisionActor): DecisionDraft[] {
    const last = this.lastMoves.get(actor.name);
    const moves = drafts.filter((draft) => draft.action === 'item.moved');
    if (!last || moves.length === 0 || moves.length !== last.length) return drafts;
    const reverted = new Map<DecisionDraft, number>();
    for (const move of moves) {
      const match = last.find((stored) => stored.itemId === move.item?.id && stored.fromLaneId === move.to?.laneId && stored.toLaneId === move.from?.laneId);
      if (!match) return drafts;
      reverted.set(move, match.seq);
    }
    this.lastMoves.delete(actor.name);
    return drafts.map((draft) => (reverted.has(draft) ? { ...draft, details: { ...draft.details, undoes: reverted.get(draft) } } : draft));
  }

  /** Switching hard/soft limits or moving the tech-health target is a decision with who and when. */
  private settingsChanged(at: number, actor: DecisionActor, intent: TransactionIntent | undefined): DecisionDraft[] {
    const was = this.settings;
    const is = readRuleSettings(this.doc);
    this.settings = is;
    if (intent) return [];
    const drafts: DecisionDraft[] = [];
    if (was.limitMode !== is.limitMode) drafts.push({ at, actor, action: 'board.limit-mode-changed', details: { before: was.limitMode, after: is.limitMode } });
    if (was.techHealthTarget !== is.techHealthTarget) drafts.push({ at, actor, action: 'board.health-target-changed', details: { before: was.techHealthTarget ?? null, after: is.techHealthTarget ?? null } });
    return drafts;
  }
}

type ChangedType = Parameters<Y.Transaction['changed']['get']>[0];

/**
 * The items whose description text is all this transaction changed that the tracker reads (an
 * item's fields it does not keep aside), or null: anything else takes `observe`'s full path.
 */
function descriptionEditsOnly(transaction: Y.Transaction, items: unknown): string[] | null {
  let ids: string[] | null = null;
  for (const [type, keys] of transaction.changed) {
    const textEdit = textFieldOf(type, items);
    if (textEdit) {
      if (textEdit.field !== 'description') return null;
      ids ??= [];
      if (!ids.includes(textEdit.itemId)) ids.push(textEdit.itemId);
      continue;
    }
    const item = type._item;
    if (item === null || item.parent !== items || !item.parentSub) return null;
    for (const key of keys) if (key === null || key === 'movedAt' || TRACKED_ITEM_FIELDS.has(key)) return null;
  }
  return ids;
}

/**
 * The item and text field (title or description) a changed type belongs to, when it is the text
 * of an item or lies inside it (a paragraph of a description); undefined for anything else.
 */
function textFieldOf(type: ChangedType, items: unknown): { itemId: string; field: 'title' | 'description' } | undefined {
  let node = type;
  for (let depth = 0; node._item && depth < 64; depth++) {
    const parent: unknown = node._item.parent;
    if (!(parent instanceof Y.AbstractType)) return undefined;
    if (parent === items) return undefined; // the item map itself
    const itemId = parent._item?.parentSub;
    if (parent._item?.parent === items && itemId) {
      const field = node._item.parentSub;
      return field === 'title' || field === 'description' ? { itemId, field } : undefined;
    }
    node = parent as ChangedType;
  }
  return undefined;
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
