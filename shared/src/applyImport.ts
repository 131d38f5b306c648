import { generateNKeysBetween } from 'fractional-indexing';
import * as Y from 'yjs';
import type { z } from 'zod';
import { itemsMap, peopleMap } from './boardDoc.ts';
import { addItem, updateItem } from './commands.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { ID_PATTERN, newId } from './ids.ts';
import type { BoardOrigin } from './origin.ts';
import { parseInput } from './parseInput.ts';
import { addPerson, readPeople } from './peopleCommands.ts';
import { compareRanked } from './rank.ts';
import { effectiveLaneId, readAllLanes, visibleLanes } from './readBoard.ts';
import { itemPatchSchema, itemSchema, itemSourceSchema, LIMITS, type ItemSource } from './schema.ts';

/** The most items one import may create or update (the server's row limit is lower). */
export const IMPORT_MAX_ITEMS = 20_000;

const id = itemSchema.shape.id;

/**
 * One item an import creates, appended at the bottom of its lane in plan order. Without a source
 * (a row added by hand to a Lanewise CSV) a re-import cannot recognise it and creates it again.
 */
export const importCreateSchema = itemSchema
  .pick({ title: true, description: true, owner: true, estimate: true, tags: true, kind: true, reach: true, impact: true, confidence: true, techHealth: true, risk: true, createdAt: true })
  .extend({ laneId: id, source: itemSourceSchema.optional() })
  .strict();
export type ImportCreate = z.infer<typeof importCreateSchema>;

/** One existing item an import changes (matched by its source key); lane and rank stay as planned. */
export const importUpdateSchema = itemSchema.pick({ id: true }).extend({ patch: itemPatchSchema }).strict();
export type ImportUpdate = z.infer<typeof importUpdateSchema>;

/**
 * What an import writes, decided beforehand (server-side, from a parsed file and a confirmed
 * mapping). Plain data, so it can be checked, shown and handed to whichever thread owns the board.
 */
export const importPlanSchema = itemSchema
  .pick({ createdBy: true })
  .extend({
    create: importCreateSchema.array().max(IMPORT_MAX_ITEMS),
    update: importUpdateSchema.array().max(IMPORT_MAX_ITEMS),
    /** Owners not yet listed under People; added with no capacity. */
    people: itemSchema.shape.owner.min(1).array().max(LIMITS.people),
  })
  .strict();
export type ImportPlan = z.infer<typeof importPlanSchema>;

export interface ImportOutcome {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly peopleAdded: readonly string[];
}

const sourceKey = (source: Pick<ItemSource, 'system' | 'key'>) => `${source.system}\u0000${source.key}`;

/** The last rank shown in each lane (one pass over the items, not one per added item). */
function lastRanks(doc: Y.Doc, laneIds: ReadonlySet<string>): Map<string, string | null> {
  const allLanes = readAllLanes(doc);
  const shown = visibleLanes(allLanes);
  const last = new Map<string, { id: string; rank: string } | null>([...laneIds].map((laneId) => [laneId, null]));
  for (const [itemId, map] of itemsMap(doc)) {
    if (!(map instanceof Y.Map)) continue;
    const rank = map.get('rank');
    const laneId = effectiveLaneId({ laneId: String(map.get('laneId')) }, allLanes, shown);
    if (laneId === undefined || !last.has(laneId) || typeof rank !== 'string') continue;
    const current = last.get(laneId);
    const candidate = { id: itemId, rank };
    if (!current || compareRanked(candidate, current) > 0) last.set(laneId, candidate);
  }
  return new Map([...last].map(([laneId, item]) => [laneId, item?.rank ?? null]));
}

/**
 * Writes an import plan: people, new items (at the bottom of their lanes, in plan order) and
 * updates, in ONE transaction with `origin`. Everything is checked against the document before
 * the first write, so a plan that does not fit the board throws `BoardCommandError` and writes
 * nothing. (The server also runs this on a scratch copy first; see server/src/import.)
 */
export function applyImport(doc: Y.Doc, input: ImportPlan, origin: BoardOrigin): ImportOutcome {
  const plan = parseInput(importPlanSchema, input, 'import');
  const shown = new Set(visibleLanes(readAllLanes(doc)).map((lane) => lane.id));
  const existingSources = new Map<string, string>();
  for (const [itemId, map] of itemsMap(doc)) {
    const source = map instanceof Y.Map ? (map.get('source') as ItemSource | undefined) : undefined;
    if (source && typeof source === 'object') existingSources.set(sourceKey(source), itemId);
  }
  const planned = new Set<string>();
  for (const [index, create] of plan.create.entries()) {
    if (!shown.has(create.laneId)) throw new BoardCommandError(BoardErrorCode.NotFound, `Import row ${index + 1}: lane "${create.laneId}" is not on this board any more.`);
    if (!create.source) continue;
    const key = sourceKey(create.source);
    if (existingSources.has(key)) throw new BoardCommandError(BoardErrorCode.Conflict, `${create.source.key} is already on the board; re-import it as an update.`);
    if (planned.has(key)) throw new BoardCommandError(BoardErrorCode.Conflict, `${create.source.key} appears twice in the import.`);
    planned.add(key);
  }
  const updatedIds = new Set<string>();
  for (const update of plan.update) {
    if (!(itemsMap(doc).get(update.id) instanceof Y.Map)) throw new BoardCommandError(BoardErrorCode.NotFound, `Item "${update.id}" is no longer on the board.`);
    if (updatedIds.has(update.id)) throw new BoardCommandError(BoardErrorCode.Conflict, `Item "${update.id}" is updated twice in the import.`);
    updatedIds.add(update.id);
  }
  const listed = new Set(readPeople(doc).map((person) => person.name.toLowerCase()));
  const people: string[] = [];
  for (const name of plan.people.map((each) => each.trim())) {
    if (listed.has(name.toLowerCase())) continue;
    listed.add(name.toLowerCase()); // the first spelling wins
    people.push(name);
  }
  if (peopleMap(doc).size + people.length > LIMITS.people) {
    throw new BoardCommandError(BoardErrorCode.InvalidInput, `The import would list ${peopleMap(doc).size + people.length} people; a board can list at most ${LIMITS.people}.`);
  }

  // Ranks for the whole batch, lane by lane, after each lane's current last item.
  const byLane = new Map<string, number>();
  for (const create of plan.create) byLane.set(create.laneId, (byLane.get(create.laneId) ?? 0) + 1);
  const after = lastRanks(doc, new Set(byLane.keys()));
  const ranks = new Map<string, string[]>();
  for (const [laneId, count] of byLane) ranks.set(laneId, generateNKeysBetween(after.get(laneId) ?? null, null, count));
  const rows = plan.create.map((create) => ({ create, id: newId(), rank: ranks.get(create.laneId)?.shift() as string }));
  // Every record as it will be stored, validated before anything is written.
  for (const { create, id: itemId, rank } of rows) {
    const { source, ...fields } = create;
    parseInput(itemSchema, { ...fields, ...(source ? { source } : {}), id: itemId, rank, createdBy: plan.createdBy }, `import item “${create.title}”`);
    if (!ID_PATTERN.test(itemId)) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Could not generate an item id.');
  }

  doc.transact(() => {
    for (const name of people) addPerson(doc, { name }, origin);
    for (const { create, id: itemId, rank } of rows) {
      const { laneId, createdAt, ...fields } = create;
      addItem(doc, { ...fields, laneId, id: itemId, rank, createdAt, createdBy: plan.createdBy }, origin);
    }
    for (const update of plan.update) updateItem(doc, update.id, update.patch, origin);
  }, origin);
  return { created: rows.map((row) => row.id), updated: [...updatedIds], peopleAdded: people };
}
