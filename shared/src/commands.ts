import * as Y from 'yjs';
import { itemsMap, itemToRecordMap, lanesMap, metaMap, rationalesMap, readItem, readLane, toRecordMap } from './boardDoc.ts';
import { descriptionOf, richTextFromPlainText, setPlainText, setRichTextFromPlainText } from './richText.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { newId } from './ids.ts';
import { parseInput } from './parseInput.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { placeAt, type Ranked } from './rank.ts';
import { readAllLanes, readLaneItems, visibleLanes } from './readBoard.ts';
import {
  boardMetaSchema,
  itemPatchSchema,
  itemSchema,
  lanePatchSchema,
  laneSchema,
  LIMITS,
  rationaleSchema,
  SCHEMA_VERSION,
  type EstimateUnit,
  type Item,
  type ItemPatch,
  type ItemSource,
  type Lane,
  type LanePatch,
  type LimitMode,
  type TemplateId,
} from './schema.ts';
import { RETRO_DEFAULTS } from './retro.ts';
import { TEMPLATES } from './templates.ts';

/** Where a lane or item goes among its siblings. */
export type Placement =
  | { readonly position: 'top' }
  | { readonly position: 'bottom' }
  | { readonly before: string }
  | { readonly after: string };

export type ItemTarget = { readonly laneId: string } & Placement;

const parse = parseInput;

function requireLane(doc: Y.Doc, laneId: string): Lane {
  const lane = readLane(doc, laneId);
  if (!lane || lane.deleted) throw new BoardCommandError(BoardErrorCode.NotFound, `Lane "${laneId}" does not exist on this board.`);
  return lane;
}

function requireItemMap(doc: Y.Doc, itemId: string): Y.Map<unknown> {
  const map = itemsMap(doc).get(itemId);
  if (!(map instanceof Y.Map)) throw new BoardCommandError(BoardErrorCode.NotFound, `Item "${itemId}" does not exist on this board.`);
  return map;
}

function insertionIndex(siblings: readonly Ranked[], placement: Placement, kind: string): number {
  if ('position' in placement) return placement.position === 'top' ? 0 : siblings.length;
  const anchorId = 'before' in placement ? placement.before : placement.after;
  const anchor = siblings.findIndex((sibling) => sibling.id === anchorId);
  if (anchor === -1) throw new BoardCommandError(BoardErrorCode.NotFound, `The ${kind} "${anchorId}" to place next to is not in that lane.`);
  return 'before' in placement ? anchor : anchor + 1;
}

/** A reason as stored next to the change it explains; blank means none. */
function reasonOf(text: string | undefined) {
  return text === undefined || text.trim() === '' ? undefined : parse(rationaleSchema, { text: text.trim(), at: Date.now() }, 'reason');
}

/** Computes a rank at `placement` and re-ranks tied siblings in the same transaction. */
function rankFor(siblings: readonly Ranked[], placement: Placement, kind: string, siblingMaps: Y.Map<Y.Map<unknown>>): string {
  const { rank, reranked } = placeAt(siblings, insertionIndex(siblings, placement, kind));
  for (const { id, rank: newRank } of reranked) siblingMaps.get(id)?.set('rank', newRank);
  return rank;
}

export interface CreateBoardInput {
  readonly title: string;
  readonly template: TemplateId;
  readonly estimateUnit?: EstimateUnit;
  readonly limitMode?: LimitMode;
  readonly techHealthTarget?: number;
  readonly planningPeriod?: string;
  readonly createdAt?: number;
  /** Lanes to start with instead of the template's own. */
  readonly lanes?: readonly AddLaneInput[];
}

/** Fills an empty document with board meta and the template's lanes. Returns the lane ids in order. */
export function createBoard(doc: Y.Doc, input: CreateBoardInput, origin: BoardOrigin = DEFAULT_ORIGIN): string[] {
  const meta = parse(
    boardMetaSchema,
    {
      title: input.title.trim(),
      template: input.template,
      schemaVersion: SCHEMA_VERSION,
      createdAt: input.createdAt ?? Date.now(),
      estimateUnit: input.estimateUnit ?? 'points',
      limitMode: input.limitMode ?? 'soft',
      techHealthTarget: input.techHealthTarget ?? 0.2,
      planningPeriod: input.planningPeriod ?? '',
      kind: TEMPLATES[input.template].kind,
      ...(TEMPLATES[input.template].kind === 'retro' ? { retroPhase: 'reflect', ...RETRO_DEFAULTS } : {}),
    },
    'board',
  );
  if (metaMap(doc).has('title')) throw new BoardCommandError(BoardErrorCode.Conflict, 'This document already holds a board.');
  const template = TEMPLATES[meta.template];
  const laneIds: string[] = [];
  doc.transact(() => {
    for (const [key, value] of Object.entries(meta)) metaMap(doc).set(key, value);
    for (const lane of input.lanes ?? template.lanes) laneIds.push(addLane(doc, lane, origin));
  }, origin);
  return laneIds;
}

export interface BoardSettingsPatch {
  title?: string;
  estimateUnit?: EstimateUnit;
  limitMode?: LimitMode;
  techHealthTarget?: number;
  planningPeriod?: string;
}

export function updateBoardMeta(doc: Y.Doc, patch: BoardSettingsPatch, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const settings = boardMetaSchema.pick({ title: true, estimateUnit: true, limitMode: true, techHealthTarget: true, planningPeriod: true });
  const valid = parse(settings.partial().strict(), patch, 'board');
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) metaMap(doc).set(key, key === 'title' ? String(value).trim() : value);
  }, origin);
}

export interface AddLaneInput {
  readonly name: string;
  readonly itemLimit?: number | null;
  readonly capacity?: number | null;
  /** Absent: the default rule decides (planningPeriod.ts). */
  readonly inPlanningPeriod?: boolean | undefined;
  readonly placement?: Placement;
  readonly id?: string;
  /** An exact rank instead of a placement (a board import keeps the exported order as it was). */
  readonly rank?: string;
}

export function addLane(doc: Y.Doc, input: AddLaneInput, origin: BoardOrigin = DEFAULT_ORIGIN): string {
  const shown = visibleLanes(readAllLanes(doc));
  if (shown.length >= LIMITS.lanes) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A board can have at most ${LIMITS.lanes} lanes.`);
  const id = input.id ?? newId();
  if (lanesMap(doc).has(id)) throw new BoardCommandError(BoardErrorCode.Conflict, `Lane "${id}" already exists.`);
  doc.transact(() => {
    const rank = input.rank ?? rankFor(shown, input.placement ?? { position: 'bottom' }, 'lane', lanesMap(doc));
    const lane = parse(
      laneSchema,
      {
        id,
        name: input.name.trim(),
        rank,
        itemLimit: input.itemLimit ?? null,
        capacity: input.capacity ?? null,
        deleted: false,
        ...(input.inPlanningPeriod === undefined ? {} : { inPlanningPeriod: input.inPlanningPeriod }),
      },
      'lane',
    );
    lanesMap(doc).set(id, toRecordMap(lane));
  }, origin);
  return id;
}

export function updateLane(doc: Y.Doc, laneId: string, patch: LanePatch, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  requireLane(doc, laneId);
  const valid = parse(lanePatchSchema, patch.name === undefined ? patch : { ...patch, name: patch.name.trim() }, 'lane');
  const map = lanesMap(doc).get(laneId);
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) map?.set(key, value);
  }, origin);
}

export function renameLane(doc: Y.Doc, laneId: string, name: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  updateLane(doc, laneId, { name }, origin);
}

export function moveLane(doc: Y.Doc, laneId: string, placement: Placement, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  requireLane(doc, laneId);
  const siblings = visibleLanes(readAllLanes(doc)).filter((lane) => lane.id !== laneId);
  doc.transact(() => {
    const rank = rankFor(siblings, placement, 'lane', lanesMap(doc));
    lanesMap(doc).get(laneId)?.set('rank', rank);
  }, origin);
}

/**
 * Removes a lane. Its items move to `moveItemsTo` (default: the next lane, or the previous one
 * for the last lane), appended in their current order. The last lane cannot be removed.
 */
export function removeLane(doc: Y.Doc, laneId: string, options: { moveItemsTo?: string } = {}, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  requireLane(doc, laneId);
  const shown = visibleLanes(readAllLanes(doc));
  if (shown.length <= 1) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'A board needs at least one lane; add another before removing this one.');
  const index = shown.findIndex((lane) => lane.id === laneId);
  const targetId = options.moveItemsTo ?? (shown[index + 1] ?? shown[index - 1])?.id;
  if (targetId === undefined || targetId === laneId) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Choose another lane to receive the items.');
  requireLane(doc, targetId);
  const moving = readLaneItems(doc, laneId);
  doc.transact(() => {
    for (const item of moving) moveItem(doc, item.id, { laneId: targetId, position: 'bottom' }, origin);
    lanesMap(doc).get(laneId)?.set('deleted', true);
  }, origin);
}

export type AddItemInput = Partial<ItemPatch> & {
  readonly title: string;
  readonly laneId: string;
  readonly placement?: Placement;
  readonly createdBy?: string;
  readonly createdAt?: number;
  readonly id?: string;
  /**
   * An exact rank instead of a placement. Imports compute the ranks of a whole batch at once
   * (reading a lane per added item would make a 2,000-row import quadratic).
   */
  readonly rank?: string;
  /** Where an imported item came from (re-imports match on it). */
  readonly source?: ItemSource | undefined;
};

/**
 * Adds an item. `rationale` is recorded with it in the same transaction, like a move's reason: the
 * decision log shows it, e.g. when the item enters a lane past its limit.
 */
export function addItem(doc: Y.Doc, input: AddItemInput, origin: BoardOrigin = DEFAULT_ORIGIN, options: { rationale?: string } = {}): string {
  requireLane(doc, input.laneId);
  const rationale = reasonOf(options.rationale);
  const id = input.id ?? newId();
  if (itemsMap(doc).has(id)) throw new BoardCommandError(BoardErrorCode.Conflict, `Item "${id}" already exists.`);
  const siblings = input.rank === undefined ? readLaneItems(doc, input.laneId) : [];
  doc.transact(() => {
    const rank = input.rank ?? rankFor(siblings, input.placement ?? { position: 'bottom' }, 'item', itemsMap(doc));
    const item: Item = parse(
      itemSchema,
      {
        id,
        title: input.title.trim(),
        description: input.description ?? '',
        laneId: input.laneId,
        rank,
        owner: input.owner?.trim() ?? '',
        estimate: input.estimate ?? null,
        tags: input.tags ?? [],
        kind: input.kind ?? 'feature',
        reach: input.reach ?? null,
        impact: input.impact ?? null,
        confidence: input.confidence ?? null,
        techHealth: input.techHealth ?? null,
        risk: input.risk ?? null,
        createdBy: input.createdBy?.trim() ?? '',
        createdAt: input.createdAt ?? Date.now(),
        ...(input.source === undefined ? {} : { source: input.source }),
        ...(input.perspective === undefined ? {} : { perspective: input.perspective }),
      },
      'item',
    );
    itemsMap(doc).set(id, itemToRecordMap(item));
    if (rationale) rationalesMap(doc).set(id, rationale);
  }, origin);
  return id;
}

export function updateItem(doc: Y.Doc, itemId: string, patch: ItemPatch, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireItemMap(doc, itemId);
  const trimmed = { ...patch, ...(patch.title === undefined ? {} : { title: patch.title.trim() }), ...(patch.owner === undefined ? {} : { owner: patch.owner.trim() }) };
  const valid = parse(itemPatchSchema, trimmed, 'item');
  doc.transact(() => {
    for (const [key, value] of Object.entries(valid)) {
      const current = map.get(key);
      if (key === 'title' && current instanceof Y.Text) setPlainText(current, value as string);
      else if (key === 'title') map.set(key, new Y.Text(value as string));
      else if (key === 'description') {
        if (descriptionOf(current, 'plain') === value) continue;
        if (current instanceof Y.XmlFragment) setRichTextFromPlainText(current, value as string);
        else map.set(key, richTextFromPlainText(value as string));
      } else if (JSON.stringify(current) !== JSON.stringify(value)) map.set(key, value);
    }
  }, origin);
}

/**
 * Live title editing: makes the item's title read `title` by the smallest edit, keeping spaces as
 * typed (a trailing space is the start of the next word), so others' concurrent edits merge.
 * A blank title is refused: an item always has a name.
 */
export function editItemTitle(doc: Y.Doc, itemId: string, title: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireItemMap(doc, itemId);
  if (title.trim() === '') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'A title is required.');
  if (title.length > LIMITS.titleLength) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A title must be at most ${LIMITS.titleLength} characters.`);
  doc.transact(() => {
    const current = map.get('title');
    if (current instanceof Y.Text) setPlainText(current, title);
    else map.set('title', new Y.Text(title));
  }, origin);
}

export function deleteItem(doc: Y.Doc, itemId: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  requireItemMap(doc, itemId);
  doc.transact(() => itemsMap(doc).delete(itemId), origin);
}

/**
 * Moves an item to a lane, before/after a neighbour or to the top/bottom. One transaction that
 * sets `laneId` and `rank` on the item's map: concurrent moves of the same item resolve to one
 * place (last writer wins per field), never to a duplicate.
 */
export function moveItem(
  doc: Y.Doc,
  itemId: string,
  target: ItemTarget,
  origin: BoardOrigin = DEFAULT_ORIGIN,
  options: { rationale?: string } = {},
): void {
  const map = requireItemMap(doc, itemId);
  const rationale = reasonOf(options.rationale);
  requireLane(doc, target.laneId);
  if (('before' in target && target.before === itemId) || ('after' in target && target.after === itemId)) {
    throw new BoardCommandError(BoardErrorCode.InvalidInput, 'An item cannot be placed next to itself.');
  }
  const siblings = readLaneItems(doc, target.laneId).filter((item) => item.id !== itemId);
  doc.transact(() => {
    const rank = rankFor(siblings, target, 'item', itemsMap(doc));
    if (map.get('laneId') !== target.laneId) map.set('laneId', target.laneId);
    if (map.get('rank') !== rank) map.set('rank', rank);
    // The device's clock: the server keeps its own receive time as the authority and shows this
    // one beside it when a move reaches it late (made offline).
    map.set('movedAt', Date.now());
    if (rationale) rationalesMap(doc).set(itemId, rationale);
  }, origin);
}

/** Reads an item or throws a NotFound error. */
export function getItem(doc: Y.Doc, itemId: string): Item {
  const item = readItem(doc, itemId);
  if (!item) throw new BoardCommandError(BoardErrorCode.NotFound, `Item "${itemId}" does not exist on this board.`);
  return item;
}

/**
 * "To add a P0, demote one": moves `itemId` into a lane and `demoteItemId` out of it to
 * `demoteTo`, in one transaction. The decision log records both moves, linked, with the reason.
 */
export function swapIntoLane(
  doc: Y.Doc,
  input: { itemId: string; target: ItemTarget; demoteItemId: string; demoteTo: ItemTarget },
  origin: BoardOrigin = DEFAULT_ORIGIN,
  options: { rationale?: string } = {},
): void {
  if (input.itemId === input.demoteItemId) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Pick a different item to demote.');
  if (input.demoteTo.laneId === input.target.laneId) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Demote the item to another lane.');
  doc.transact(() => {
    moveItem(doc, input.demoteItemId, input.demoteTo, origin, options);
    moveItem(doc, input.itemId, input.target, origin, options);
  }, origin);
}
