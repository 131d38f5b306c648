import * as Y from 'yjs';
import { z } from 'zod';
import { commentsMap, itemsMap, metaMap, peopleMap, pokerMap, rationalesMap, readMeta, toRecordMap } from './boardDoc.ts';
import { addItem, addLane, createBoard } from './commands.ts';
import { itemDescriptionText } from './itemDescriptionText.ts';
import { migrateBoard } from './migrations.ts';
import type { BoardOrigin } from './origin.ts';
import { readPeople } from './peopleCommands.ts';
import { readBoard } from './readBoard.ts';
import { checkRichText, isPlainRichText, RICH_TEXT_LIMITS, richTextFromJSON, richTextToJSON } from './richText.ts';
import {
  boardMetaSchema,
  commentSchema,
  itemSchema,
  laneSchema,
  LIMITS,
  personSchema,
  pokerRoundSchema,
  rationaleSchema,
  SCHEMA_VERSION,
  type Comment,
  type PokerRound,
} from './schema.ts';

/**
 * A whole board as plain, ordered data: what a JSON export carries and an import writes.
 *
 * The order is fixed (lanes as shown, items by lane then rank, people by name, comments by time,
 * object keys in schema order), so exporting, importing into a new board and exporting again
 * gives the same JSON. Removed lanes (kept in the document as tombstones) are left out; an item
 * still pointing at one is exported in the lane it is shown in.
 */
const id = itemSchema.shape.id;
const exportedMetaSchema = boardMetaSchema.omit({ schemaVersion: true });
const exportedLaneSchema = laneSchema.omit({ deleted: true });
const exportedRationaleSchema = rationaleSchema.extend({ itemId: id }).strict();
/**
 * An item as exported: `description` is its plain text; a formatted description (headings, marks,
 * links, lists) also travels whole as `richDescription` (richText.ts's node tree), so an import
 * gives back exactly the text that was exported.
 */
const exportedItemSchema = itemSchema.extend({ richDescription: z.array(z.unknown()).max(RICH_TEXT_LIMITS.nodes).optional() }).strict();
type ExportedItem = z.infer<typeof exportedItemSchema>;

/** The description nodes of an exported item, checked like any edit of a description. */
function richDescriptionProblems(nodes: readonly unknown[]): string | undefined {
  const scratch = new Y.Doc();
  try {
    const fragment = scratch.getXmlFragment('description');
    const children = richTextFromJSON(nodes);
    if (children.length > 0) fragment.insert(0, children);
    const problem = checkRichText(fragment, 'richDescription')[0];
    return problem ? `${problem.path.replace(/^richDescription\.?/, '')} ${problem.message}`.trim() : undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'is not a description';
  } finally {
    scratch.destroy();
  }
}

export const boardContentSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    meta: exportedMetaSchema,
    lanes: exportedLaneSchema.array().min(1, 'a board needs at least one lane').max(LIMITS.lanes, `a board can have at most ${LIMITS.lanes} lanes`),
    items: exportedItemSchema.array(),
    people: personSchema.array().max(LIMITS.people, `a board can list at most ${LIMITS.people} people`),
    comments: commentSchema.array(),
    rationales: exportedRationaleSchema.array(),
    estimation: pokerRoundSchema.array(),
  })
  .strict()
  .superRefine((content, ctx) => {
    const unique = (list: ReadonlyArray<{ id: string }>, path: string) => {
      const seen = new Set<string>();
      list.forEach((record, index) => {
        if (seen.has(record.id)) ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: `repeats the id "${record.id}"` });
        seen.add(record.id);
      });
      return seen;
    };
    const lanes = unique(content.lanes, 'lanes');
    const items = unique(content.items, 'items');
    unique(content.people, 'people');
    unique(content.comments, 'comments');
    content.items.forEach((item, index) => {
      const rich = item.richDescription === undefined ? undefined : richDescriptionProblems(item.richDescription);
      if (rich) ctx.addIssue({ code: 'custom', path: ['items', index, 'richDescription'], message: rich });
      if (!lanes.has(item.laneId)) ctx.addIssue({ code: 'custom', path: ['items', index, 'laneId'], message: `refers to a lane that is not in the file ("${item.laneId}")` });
    });
    const perItem = (list: ReadonlyArray<{ itemId: string }>, path: string) => {
      const seen = new Set<string>();
      list.forEach((record, index) => {
        if (!items.has(record.itemId)) ctx.addIssue({ code: 'custom', path: [path, index, 'itemId'], message: `refers to an item that is not in the file ("${record.itemId}")` });
        if (seen.has(record.itemId)) ctx.addIssue({ code: 'custom', path: [path, index, 'itemId'], message: `repeats the item "${record.itemId}"` });
        seen.add(record.itemId);
      });
    };
    perItem(content.rationales, 'rationales');
    perItem(content.estimation, 'estimation');
  });
export type BoardContent = z.infer<typeof boardContentSchema>;

/** Copies `record`'s keys in the order the schema lists them, leaving out absent optional ones. */
function ordered<T extends object>(shape: z.ZodRawShape, record: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const value = (record as Record<string, unknown>)[key];
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

const byTimeThenId = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Reads a board document as ordered plain data (not validated: run `parseBoardContent` to trust it). */
export function readBoardContent(doc: Y.Doc): BoardContent {
  const view = readBoard(doc);
  const meta = readMeta(doc);
  if (!view || !meta) throw new Error('The document holds no board.');
  const items: ExportedItem[] = [];
  for (const lane of view.lanes) {
    for (const item of lane.items) {
      const fragment = itemsMap(doc).get(item.id)?.get('description');
      const richDescription = fragment instanceof Y.XmlFragment && !isPlainRichText(fragment) ? richTextToJSON(fragment) : undefined;
      items.push(ordered(exportedItemSchema.shape, { ...item, laneId: lane.id, description: itemDescriptionText(doc, item, 'plain'), richDescription }));
    }
  }
  const itemIds = items.map((item) => item.id);
  const rationales = rationalesMap(doc);
  const poker = pokerMap(doc);
  const comments: Comment[] = [];
  for (const map of commentsMap(doc).values()) if (map instanceof Y.Map) comments.push(ordered(commentSchema.shape, map.toJSON() as Comment));
  return {
    schemaVersion: meta.schemaVersion as typeof SCHEMA_VERSION,
    meta: ordered(exportedMetaSchema.shape, meta),
    lanes: view.lanes.map((lane) => ordered(exportedLaneSchema.shape, lane)),
    items,
    people: readPeople(doc).map((person) => ordered(personSchema.shape, person)),
    comments: comments.sort(byTimeThenId),
    rationales: itemIds.flatMap((itemId) => {
      const rationale = rationales.get(itemId) as { text: string; at: number } | undefined;
      return rationale ? [{ itemId, text: rationale.text, at: rationale.at }] : [];
    }),
    estimation: itemIds.flatMap((itemId) => {
      const round = poker.get(itemId);
      if (!(round instanceof Y.Map)) return [];
      const plain = round.toJSON() as PokerRound;
      const votes = Object.fromEntries(Object.entries(plain.votes ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
      return [ordered(pokerRoundSchema.shape, { ...plain, votes })];
    }),
  };
}

export type ContentParse = { readonly ok: true; readonly content: BoardContent; readonly migrations: readonly string[] } | { readonly ok: false; readonly message: string };

const looseContentSchema = z.object({
  schemaVersion: z.number().int().positive(),
  meta: z.record(z.string(), z.unknown()),
  lanes: z.record(z.string(), z.unknown()).array(),
  items: z.record(z.string(), z.unknown()).array(),
  people: z.record(z.string(), z.unknown()).array().optional(),
  comments: z.record(z.string(), z.unknown()).array().optional(),
  rationales: z.record(z.string(), z.unknown()).array().optional(),
  estimation: z.record(z.string(), z.unknown()).array().optional(),
});

/** "board.items[3].title: must be at most 200 characters". */
export function describeIssue(issue: z.core.$ZodIssue, prefix: string): string {
  const path = issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  return `${prefix}${path}: ${issue.message}`;
}

/**
 * Checks exported board data and brings older schema versions up to date through the same named
 * migration steps stored boards go through (`migrations.ts`).
 */
export function parseBoardContent(value: unknown, where = 'board'): ContentParse {
  const loose = looseContentSchema.safeParse(value);
  if (!loose.success) return { ok: false, message: describeIssue(loose.error.issues[0] as z.core.$ZodIssue, where) };
  const version = loose.data.schemaVersion;
  if (version > SCHEMA_VERSION) {
    return { ok: false, message: `${where} was saved by a newer Lanewise (schema ${version}; this one knows up to ${SCHEMA_VERSION}). Update Lanewise to import it.` };
  }
  let current: unknown = value;
  let migrations: string[] = [];
  if (version < SCHEMA_VERSION) {
    const scratch = new Y.Doc();
    try {
      writeRawContent(scratch, loose.data);
      migrations = migrateBoard(scratch);
      current = readBoardContent(scratch);
    } catch (error) {
      return { ok: false, message: `${where} (schema ${version}) could not be migrated: ${error instanceof Error ? error.message : 'unknown problem'}` };
    } finally {
      scratch.destroy();
    }
  }
  const strict = boardContentSchema.safeParse(current);
  if (!strict.success) return { ok: false, message: describeIssue(strict.error.issues[0] as z.core.$ZodIssue, where) };
  return { ok: true, content: strict.data, migrations };
}

/** Writes data of an older schema version as it was, so the migration steps can run on it. */
function writeRawContent(doc: Y.Doc, content: z.infer<typeof looseContentSchema>): void {
  doc.transact(() => {
    for (const [key, value] of Object.entries(content.meta)) metaMap(doc).set(key, value);
    metaMap(doc).set('schemaVersion', content.schemaVersion);
    const put = (target: Y.Map<Y.Map<unknown>>, records: ReadonlyArray<Record<string, unknown>>, extra: Record<string, unknown> = {}) => {
      for (const record of records) target.set(String(record.id), toRecordMap({ ...record, ...extra }));
    };
    put(doc.getMap('lanes'), content.lanes, { deleted: false });
    put(itemsMap(doc), content.items);
    put(peopleMap(doc), content.people ?? []);
    put(commentsMap(doc), content.comments ?? []);
    for (const { itemId, ...rationale } of content.rationales ?? []) rationalesMap(doc).set(String(itemId), rationale);
    for (const round of content.estimation ?? []) pokerMap(doc).set(String(round.itemId), pokerRoundMap(round));
  });
}

function pokerRoundMap(round: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(round)) if (key !== 'votes') map.set(key, value);
  const votes = new Y.Map<string>();
  for (const [voter, card] of Object.entries((round.votes ?? {}) as Record<string, string>)) votes.set(voter, card);
  map.set('votes', votes);
  return map;
}

/**
 * Fills an empty document with validated board content, in one transaction: board and lanes,
 * items through the item commands (exact ids and ranks), then people, comments, reasons and
 * estimation rounds as the records they are.
 */
export function writeBoardContent(doc: Y.Doc, content: BoardContent, origin: BoardOrigin): void {
  const { meta } = content;
  doc.transact(() => {
    createBoard(
      doc,
      {
        title: meta.title,
        template: meta.template,
        estimateUnit: meta.estimateUnit,
        limitMode: meta.limitMode,
        techHealthTarget: meta.techHealthTarget,
        planningPeriod: meta.planningPeriod,
        createdAt: meta.createdAt,
        lanes: [],
      },
      origin,
    );
    for (const lane of content.lanes) addLane(doc, { id: lane.id, name: lane.name, rank: lane.rank, itemLimit: lane.itemLimit, capacity: lane.capacity, inPlanningPeriod: lane.inPlanningPeriod }, origin);
    for (const person of content.people) peopleMap(doc).set(person.id, toRecordMap(person));
    for (const item of content.items) {
      const { id: itemId, rank, laneId, title, richDescription, movedAt, ...fields } = item;
      addItem(doc, { ...fields, title, laneId, id: itemId, rank }, origin);
      // The device time of the item's last move (display only) is not an addItem input.
      if (movedAt !== undefined) itemsMap(doc).get(itemId)?.set('movedAt', movedAt);
      if (richDescription) {
        const fragment = itemsMap(doc).get(itemId)?.get('description');
        const nodes = richTextFromJSON(richDescription);
        if (fragment instanceof Y.XmlFragment) {
          fragment.delete(0, fragment.length);
          if (nodes.length > 0) fragment.insert(0, nodes);
        }
      }
    }
    for (const { itemId, text, at } of content.rationales) rationalesMap(doc).set(itemId, { text, at });
    for (const comment of content.comments) commentsMap(doc).set(comment.id, toRecordMap(comment));
    for (const round of content.estimation) pokerMap(doc).set(round.itemId, pokerRoundMap(round));
  }, origin);
}
