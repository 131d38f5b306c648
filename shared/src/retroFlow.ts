import * as Y from 'yjs';
import { itemsMap } from './boardDoc.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { LIMITS, type Item, type Lane, type Perspective } from './schema.ts';

/**
 * The retro after the reveal (issue 10): groups of cards (Group phase), topics by votes
 * (Discuss), actions with an owner and a due date (Actions). A group lives on its cards: every
 * member's `group` names the group's first card (the anchor, which names itself) and the anchor
 * carries `groupTitle`. The server's rule `retro-item-fields` lets grouping fields change only in
 * the Group phase and checks that every `group` names an anchor that exists.
 */

type ItemMap = Y.Map<unknown>;

function card(doc: Y.Doc, id: string): ItemMap {
  const map = itemsMap(doc).get(id);
  if (!(map instanceof Y.Map)) throw new BoardCommandError(BoardErrorCode.NotFound, 'That card is no longer on the retro.');
  return map as ItemMap;
}

function membersOf(doc: Y.Doc, anchorId: string): string[] {
  const ids: string[] = [];
  for (const [id, map] of itemsMap(doc)) if (map.get('group') === anchorId) ids.push(id);
  return ids;
}

/**
 * Drops card `dragId` onto card `targetId`: both end up in the target's group (made if the target
 * was alone). A dragged group's anchor brings its whole group along.
 */
export function groupCards(doc: Y.Doc, dragId: string, targetId: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  if (dragId === targetId) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Drop a card onto another card to group them.');
  const target = card(doc, targetId);
  const dragged = card(doc, dragId);
  const anchor = typeof target.get('group') === 'string' ? (target.get('group') as string) : targetId;
  const draggedGroup = typeof dragged.get('group') === 'string' ? (dragged.get('group') as string) : null;
  if (draggedGroup === anchor) return;
  doc.transact(() => {
    if (target.get('group') !== anchor) target.set('group', anchor);
    // The dragged card's whole group comes along when it is dragged by its anchor.
    const moving = draggedGroup === dragId ? membersOf(doc, dragId) : [dragId];
    for (const id of moving) {
      const map = card(doc, id);
      map.set('group', anchor);
      if (map.has('groupTitle')) map.delete('groupTitle');
    }
    if (draggedGroup !== null && draggedGroup !== dragId) dissolveIfAlone(doc, draggedGroup);
  }, origin);
}

/** Takes a card out of its group. An anchor hands the group (and its title) to the next member. */
export function ungroupCard(doc: Y.Doc, id: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = card(doc, id);
  const anchor = map.get('group');
  if (typeof anchor !== 'string') return;
  doc.transact(() => {
    map.delete('group');
    if (anchor === id) {
      const title = map.get('groupTitle');
      if (map.has('groupTitle')) map.delete('groupTitle');
      const rest = membersOf(doc, id).sort();
      const next = rest[0];
      if (next !== undefined) {
        for (const member of rest) card(doc, member).set('group', next);
        if (typeof title === 'string') card(doc, next).set('groupTitle', title);
        dissolveIfAlone(doc, next);
      }
    } else dissolveIfAlone(doc, anchor);
  }, origin);
}

/** A group of one is no group: its last card goes back to standing alone. */
function dissolveIfAlone(doc: Y.Doc, anchorId: string): void {
  const members = membersOf(doc, anchorId);
  if (members.length !== 1) return;
  const last = card(doc, members[0] as string);
  last.delete('group');
  if (last.has('groupTitle')) last.delete('groupTitle');
}

export function setGroupTitle(doc: Y.Doc, anchorId: string, title: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = card(doc, anchorId);
  if (map.get('group') !== anchorId) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Only a group has a title; group two cards first.');
  const trimmed = title.trim();
  if (trimmed.length > LIMITS.nameLength) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A group title must be at most ${LIMITS.nameLength} characters.`);
  doc.transact(() => {
    if (trimmed === '') map.delete('groupTitle');
    else map.set('groupTitle', trimmed);
  }, origin);
}

/** An action's owner and due date (YYYY-MM-DD, or null to clear). */
export function setActionDetails(doc: Y.Doc, id: string, details: { readonly owner?: string; readonly due?: string | null }, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = card(doc, id);
  if (details.due !== undefined && details.due !== null && !isDay(details.due)) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'A due date is a day (YYYY-MM-DD).');
  const owner = details.owner?.trim();
  if (owner !== undefined && owner.length > LIMITS.nameLength) throw new BoardCommandError(BoardErrorCode.InvalidInput, `An owner's name is at most ${LIMITS.nameLength} characters.`);
  doc.transact(() => {
    if (owner !== undefined && map.get('owner') !== owner) map.set('owner', owner);
    if (details.due === null && map.has('due')) map.delete('due');
    else if (typeof details.due === 'string' && map.get('due') !== details.due) map.set('due', details.due);
  }, origin);
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The column retro actions are written in. */
export function isActionsLane(lane: Pick<Lane, 'name'>): boolean {
  return lane.name.trim().toLowerCase() === 'actions';
}

/** A topic of the Discuss phase: a group (its cards' votes added up) or a card on its own. */
export interface RetroTopic {
  /** The anchor card's id (a group) or the card's id. Notes on the topic hang on this card. */
  readonly id: string;
  readonly title: string;
  readonly votes: number;
  readonly cards: ReadonlyArray<Pick<Item, 'id' | 'title' | 'votes' | 'perspective'>>;
  readonly isGroup: boolean;
}

type TopicCard = Pick<Item, 'id' | 'title' | 'laneId' | 'votes' | 'perspective' | 'group' | 'groupTitle'>;

/**
 * The topics of a retro, most votes first (ties by title, so every screen shows one order):
 * every group and every card outside a group, leaving out the Actions column.
 */
export function retroTopics(cards: readonly TopicCard[], actionLaneIds: ReadonlySet<string>): RetroTopic[] {
  const byAnchor = new Map<string, TopicCard[]>();
  const singles: TopicCard[] = [];
  const ids = new Set(cards.map((item) => item.id));
  for (const item of cards) {
    if (actionLaneIds.has(item.laneId)) continue;
    if (item.group !== undefined && ids.has(item.group)) byAnchor.set(item.group, [...(byAnchor.get(item.group) ?? []), item]);
    else singles.push(item);
  }
  const topics: RetroTopic[] = [];
  for (const [anchorId, members] of byAnchor) {
    const anchor = members.find((item) => item.id === anchorId) ?? (members[0] as TopicCard);
    const sorted = [...members].sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || a.title.localeCompare(b.title));
    topics.push({
      id: anchorId,
      title: anchor.groupTitle ?? anchor.title,
      votes: members.reduce((sum, item) => sum + (item.votes ?? 0), 0),
      cards: sorted.map(({ id, title, votes, perspective }) => ({ id, title, ...(votes === undefined ? {} : { votes }), ...(perspective === undefined ? {} : { perspective }) })),
      isGroup: members.length > 1,
    });
  }
  for (const item of singles) {
    topics.push({ id: item.id, title: item.title, votes: item.votes ?? 0, cards: [{ id: item.id, title: item.title, ...(item.votes === undefined ? {} : { votes: item.votes }), ...(item.perspective === undefined ? {} : { perspective: item.perspective }) }], isGroup: false });
  }
  return topics.sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title) || a.id.localeCompare(b.id));
}

/** How product- and engineering-tagged cards and votes compare in one column. */
export interface PerspectiveColumn {
  readonly laneId: string;
  readonly name: string;
  readonly product: { readonly cards: number; readonly votes: number };
  readonly engineering: { readonly cards: number; readonly votes: number };
  /** |product's share of its votes here − engineering's share of its votes here|, 0 to 1. */
  readonly divergence: number;
}

/**
 * The joint view: per column, each perspective's cards and votes, and how far the two differ
 * (each side's share of its own votes, or of its cards before voting ends). Cards tagged `both`
 * count for each. Columns where they diverge most come first.
 */
export function comparePerspectives(lanes: ReadonlyArray<Pick<Lane, 'id' | 'name'>>, cards: ReadonlyArray<Pick<Item, 'laneId' | 'votes' | 'perspective'>>): PerspectiveColumn[] {
  const sides: ReadonlyArray<Exclude<Perspective, 'both'>> = ['product', 'engineering'];
  const totals = { product: { cards: 0, votes: 0 }, engineering: { cards: 0, votes: 0 } };
  const perLane = new Map(lanes.map((lane) => [lane.id, { product: { cards: 0, votes: 0 }, engineering: { cards: 0, votes: 0 } }]));
  for (const item of cards) {
    const lane = perLane.get(item.laneId);
    if (!lane || item.perspective === undefined) continue;
    for (const side of sides) {
      if (item.perspective !== side && item.perspective !== 'both') continue;
      lane[side].cards += 1;
      lane[side].votes += item.votes ?? 0;
      totals[side].cards += 1;
      totals[side].votes += item.votes ?? 0;
    }
  }
  const byVotes = totals.product.votes > 0 && totals.engineering.votes > 0;
  const share = (part: { cards: number; votes: number }, whole: { cards: number; votes: number }) => (byVotes ? part.votes / whole.votes : whole.cards === 0 ? 0 : part.cards / whole.cards);
  return lanes
    .map((lane) => {
      const counts = perLane.get(lane.id) ?? { product: { cards: 0, votes: 0 }, engineering: { cards: 0, votes: 0 } };
      const divergence = Math.abs(share(counts.product, totals.product) - share(counts.engineering, totals.engineering));
      return { laneId: lane.id, name: lane.name, ...counts, divergence: Math.round(divergence * 100) / 100 };
    })
    .sort((a, b) => b.divergence - a.divergence || a.name.localeCompare(b.name));
}

/** Fewest participants each perspective needs before the joint view is shown (nobody singled out). */
export const JOINT_VIEW_MIN_PARTICIPANTS = 3;
