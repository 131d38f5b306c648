import type { BoardView, DecisionEntry, Item, LaneView } from '@lanewise/shared';
import type { CardHighlight } from './diffPresentation.ts';

/**
 * Replay, decision by decision. Every decision that changed the board is a step. The board at a
 * step is rebuilt from the nearest known state — a snapshot (its board as stored), a restore
 * (the snapshot it restored) or the board now — by applying the decision entries in between:
 * forward from an anchor at or before the step, or, when there is none, backward from the first
 * one after it. Entries record lane and position (and estimates), so that is what is exact;
 * other card details show as the anchor (or the newest known board) has them.
 */

/** A board state known for sure: after decision `seq` (0 = before the first decision). */
export interface ReplayAnchor {
  readonly seq: number;
  readonly label: string;
  readonly kind: 'snapshot' | 'restore' | 'now';
  /** Loads the board of this anchor (snapshots and restores come from the server). */
  readonly snapshotId?: string;
}

/** Entries that are not a change of the board itself and so are not steps. */
const NOT_A_STEP = new Set<DecisionEntry['action']>(['snapshot.taken']);

export function replaySteps(entries: readonly DecisionEntry[]): DecisionEntry[] {
  return [...entries].filter((entry) => !NOT_A_STEP.has(entry.action)).sort((a, b) => a.seq - b.seq);
}

/**
 * Known states in seq order: each snapshot (after the entry before its own "snapshot taken"
 * entry), each restore (after the restore entry: the restored snapshot) and now.
 */
export function replayAnchors(snapshots: ReadonlyArray<{ id: string; name: string; decisionSeq: number }>, entries: readonly DecisionEntry[], nowSeq: number): ReplayAnchor[] {
  const anchors: ReplayAnchor[] = snapshots.map((snapshot) => ({ seq: snapshot.decisionSeq - 1, label: snapshot.name, kind: 'snapshot' as const, snapshotId: snapshot.id }));
  for (const entry of entries) {
    const details = (entry.details ?? {}) as { snapshotId?: unknown; name?: unknown };
    if (entry.action === 'snapshot.restored' && typeof details.snapshotId === 'string') {
      anchors.push({ seq: entry.seq, label: String(details.name ?? 'a snapshot'), kind: 'restore', snapshotId: details.snapshotId });
    }
  }
  anchors.push({ seq: nowSeq, label: 'now', kind: 'now' });
  return anchors.sort((a, b) => a.seq - b.seq || (a.kind === 'now' ? 1 : b.kind === 'now' ? -1 : 0));
}

/** The anchor to rebuild step `seq` from: the latest at or before it, else the earliest after it. */
export function anchorFor(anchors: readonly ReplayAnchor[], seq: number): { anchor: ReplayAnchor; direction: 'forward' | 'backward' } | null {
  const before = anchors.filter((anchor) => anchor.seq <= seq).at(-1);
  if (before) return { anchor: before, direction: 'forward' };
  const after = anchors.find((anchor) => anchor.seq > seq);
  return after ? { anchor: after, direction: 'backward' } : null;
}

interface MutableLane {
  id: string;
  name: string;
  rank: string;
  itemLimit: number | null;
  capacity: number | null;
  deleted: boolean;
  items: Item[];
}

function placeholder(id: string, title: string, laneId: string): Item {
  return {
    id,
    title,
    description: '',
    laneId,
    rank: 'a0',
    owner: '',
    estimate: null,
    tags: [],
    kind: 'feature',
    reach: null,
    impact: null,
    confidence: null,
    techHealth: null,
    risk: null,
    createdBy: '',
    createdAt: 0,
  };
}

/** Applies decision entries to a board, forward (`entries` ascending) or backward (descending, inverted). */
export function applyEntries(board: BoardView, entries: readonly DecisionEntry[], direction: 'forward' | 'backward', known: ReadonlyMap<string, Item>): BoardView {
  const lanes: MutableLane[] = board.lanes.map((lane) => ({ ...lane, deleted: false, items: [...lane.items] }));
  const laneOf = (id: string) => lanes.find((lane) => lane.id === id);
  const take = (itemId: string): Item | undefined => {
    for (const lane of lanes) {
      const index = lane.items.findIndex((item) => item.id === itemId);
      if (index >= 0) return lane.items.splice(index, 1)[0];
    }
    return undefined;
  };
  const put = (item: Item, place: { laneId: string; laneName: string; position: number }) => {
    let lane = laneOf(place.laneId);
    if (!lane) {
      lane = { id: place.laneId, name: place.laneName, rank: '', itemLimit: null, capacity: null, deleted: false, items: [] };
      lanes.push(lane);
    }
    const at = Math.max(0, Math.min(lane.items.length, place.position - 1));
    lane.items.splice(at, 0, { ...item, laneId: lane.id });
  };
  const cardFor = (entry: DecisionEntry, laneId: string) => known.get(entry.item?.id ?? '') ?? placeholder(entry.item?.id ?? '', entry.item?.title ?? 'Card', laneId);

  for (const entry of entries) {
    const details = (entry.details ?? {}) as Record<string, unknown>;
    const forward = direction === 'forward';
    const itemId = entry.item?.id;
    switch (entry.action) {
      case 'item.created':
      case 'item.deleted': {
        if (!itemId) break;
        const adds = (entry.action === 'item.created') === forward;
        const place = entry.action === 'item.created' ? entry.to : entry.from;
        const existing = take(itemId);
        if (adds && place) put({ ...(existing ?? cardFor(entry, place.laneId)), title: entry.item?.title ?? existing?.title ?? 'Card' }, place);
        break;
      }
      case 'item.moved':
      case 'item.reranked': {
        const place = forward ? entry.to : entry.from;
        if (!itemId || !place) break;
        const item = take(itemId) ?? cardFor(entry, place.laneId);
        put(item, place);
        break;
      }
      case 'item.estimated': {
        const value = forward ? details.after : details.before;
        for (const lane of lanes) lane.items = lane.items.map((item) => (item.id === itemId ? { ...item, estimate: typeof value === 'number' ? value : null } : item));
        break;
      }
      case 'lane.added':
      case 'lane.removed': {
        const laneId = String(details.laneId ?? '');
        const present = (entry.action === 'lane.added') === forward;
        const lane = laneOf(laneId);
        if (lane) lane.deleted = !present;
        else if (present) lanes.push({ id: laneId, name: String(details.laneName ?? 'Lane'), rank: '', itemLimit: null, capacity: null, deleted: false, items: [] });
        break;
      }
      case 'lane.renamed': {
        const lane = laneOf(String(details.laneId ?? ''));
        if (lane) lane.name = String(forward ? details.after : details.before);
        break;
      }
      case 'lane.limit-changed':
      case 'lane.capacity-changed': {
        const lane = laneOf(String(details.laneId ?? ''));
        const value = forward ? details.after : details.before;
        const number = typeof value === 'number' ? value : null;
        if (lane && entry.action === 'lane.limit-changed') lane.itemLimit = number;
        else if (lane) lane.capacity = number;
        break;
      }
      default:
        break;
    }
  }
  // A removed lane stays hidden unless the log left cards in it (then they stay visible).
  return { meta: board.meta, lanes: lanes.filter((lane) => !lane.deleted || lane.items.length > 0).map((lane) => ({ ...lane, deleted: false }) as LaneView) };
}

/** The board after decision `seq`, from an anchor's board and the entries between them. */
export function boardAtStep(anchorBoard: BoardView, anchorSeq: number, seq: number, entries: readonly DecisionEntry[], known: ReadonlyMap<string, Item>): BoardView {
  if (seq >= anchorSeq) {
    const between = entries.filter((entry) => entry.seq > anchorSeq && entry.seq <= seq).sort((a, b) => a.seq - b.seq);
    return applyEntries(anchorBoard, between, 'forward', known);
  }
  const between = entries.filter((entry) => entry.seq > seq && entry.seq <= anchorSeq).sort((a, b) => b.seq - a.seq);
  return applyEntries(anchorBoard, between, 'backward', known);
}

/** The card a step is about, marked on the replayed board. */
export function stepHighlight(entry: DecisionEntry): Map<string, CardHighlight> {
  const marks = new Map<string, CardHighlight>();
  const id = entry.item?.id;
  if (!id) return marks;
  const at = (place: { laneName: string; position: number } | undefined) => (place ? `${place.laneName} #${place.position}` : '');
  if (entry.action === 'item.created') marks.set(id, { kind: 'added', badge: 'New', description: `Added in ${at(entry.to)}` });
  if (entry.action === 'item.moved' || entry.action === 'lane.limit-overridden') marks.set(id, { kind: 'moved', badge: `From ${entry.from?.laneName ?? '?'}`, description: `Moved from ${at(entry.from)} to ${at(entry.to)}` });
  if (entry.action === 'item.reranked') marks.set(id, { kind: 'reranked', badge: `#${entry.from?.position ?? '?'} → #${entry.to?.position ?? '?'}`, description: `Re-ranked from ${at(entry.from)} to ${at(entry.to)}` });
  if (entry.action === 'item.estimated') marks.set(id, { kind: 'changed', badge: 'Estimated', description: `Estimate ${String((entry.details as { before?: unknown })?.before ?? 'none')} → ${String((entry.details as { after?: unknown })?.after ?? 'none')}` });
  return marks;
}

/** Every item any loaded board knows, newest board last (its fields win): for cards a replay re-creates. */
export function knownItems(boards: readonly BoardView[]): Map<string, Item> {
  const known = new Map<string, Item>();
  for (const board of boards) for (const lane of board.lanes) for (const item of lane.items) known.set(item.id, item);
  return known;
}
