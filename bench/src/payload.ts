/**
 * What the benchmark writes, made with the board model's own commands so it stays schema-valid
 * whatever the schema becomes (one module: change it here when the model changes). A board is
 * the planning template plus one initiative per writer; each update edits the writer's
 * initiative's description, which carries a marker "lwb‹run›:‹writer›:‹seq›;" that receivers find
 * in the update bytes without decoding them. One initiative per writer: concurrent edits of one
 * field would make the losing write's text garbage-collected before it is relayed (by any Yjs
 * server), and its marker could not be found.
 */
import { addItem, createBoard, readBoard, updateItem } from '@lanewise/shared';
import * as Y from 'yjs';

export const INITIATIVE_TITLE = 'Single sign-on for enterprise tenants';

/** Fills an empty document with the benchmark board: template lanes and `initiatives` initiatives. */
export function buildBoard(doc: Y.Doc, initiatives = 1, title = 'Benchmark board'): void {
  const [, laneId] = createBoard(doc, { title, template: 'planning' });
  for (let i = 0; i < initiatives; i++) addInitiative(doc, laneId as string, initiativeTitle(i));
}

/** The title of writer `index`'s initiative on its board. */
export function initiativeTitle(index: number): string {
  return index === 0 ? INITIATIVE_TITLE : `${INITIATIVE_TITLE} (${index + 1})`;
}

/** Adds the schema-valid initiative every update edits (to a board created elsewhere). */
export function addInitiative(doc: Y.Doc, laneId: string, title = INITIATIVE_TITLE): string {
  return addItem(doc, {
    title,
    laneId,
    description: 'Let enterprise customers sign in with their identity provider.',
    owner: 'Dana',
    estimate: 8,
    tags: ['enterprise', 'security'],
    kind: 'feature',
    reach: 1200,
    impact: 2,
    confidence: 0.8,
    techHealth: 1,
    risk: 2,
  });
}

/** The id of initiative `index` (the writer's own) in a synced board document. */
export function initiativeId(doc: Y.Doc, index = 0): string {
  const title = initiativeTitle(index);
  const item = readBoard(doc)?.lanes.flatMap((lane) => lane.items).find((candidate) => candidate.title === title);
  if (!item) throw new Error(`the benchmark initiative "${title}" is not on the board`);
  return item.id;
}

/** The run's marker prefix: receivers look for these bytes. */
export function markerPrefix(run: string): string {
  return `lwb${run}:`;
}

/** One benchmark update: the initiative's description, carrying the writer's marker. */
export function editDescription(doc: Y.Doc, itemId: string, run: string, writer: number, seq: number): void {
  updateItem(doc, itemId, { description: `Edit ${markerPrefix(run)}${writer}:${seq};` });
}

/**
 * `count` more initiatives for a board (S4), as updates of at most `perUpdate` each. Each chunk is
 * written with `addItem` on its own copy of `base`: `addItem` reads the lane to rank the new item,
 * so adding 5,000 to one document would cost 5,000² reads; chunks keep it to `perUpdate`² each.
 * (Items of different chunks may share ranks, as concurrent inserts do; ids order them.)
 */
export function initiativeUpdates(base: Y.Doc, laneIds: readonly string[], count: number, perUpdate: number): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const baseState = Y.encodeStateAsUpdate(base);
  const baseVector = Y.encodeStateVector(base);
  for (let first = 0; first < count; first += perUpdate) {
    const chunk = new Y.Doc();
    Y.applyUpdate(chunk, baseState);
    chunk.transact(() => {
      for (let i = first; i < Math.min(count, first + perUpdate); i++) {
        addItem(chunk, {
          title: `Initiative ${i}: ${['Audit log export', 'Faster search', 'SSO', 'Billing v2', 'Mobile offline'][i % 5]}`,
          laneId: laneIds[i % laneIds.length] as string,
          description: `Why initiative ${i} matters: customers asked for it in ${(i % 12) + 1} interviews; it unblocks the Q${(i % 4) + 1} launch.`,
          owner: ['Dana', 'Lee', 'Priya', 'Sam'][i % 4] as string,
          estimate: (i % 13) + 1,
          tags: ['roadmap', `team-${i % 7}`],
          kind: 'feature',
          reach: 100 + (i % 900),
          impact: 1,
          confidence: 0.5,
          techHealth: null,
          risk: 2,
        });
      }
    });
    updates.push(Y.encodeStateAsUpdate(chunk, baseVector));
    chunk.destroy();
  }
  return updates;
}

/**
 * Makes `doc` the benchmark board with `initiatives` initiatives: on a server that created the
 * board already (Lanewise: lanes from its template), adds them; on an empty document (the
 * reference), builds it all.
 */
export function completeBoard(doc: Y.Doc, initiatives = 1): void {
  const board = readBoard(doc);
  if (!board) return buildBoard(doc, initiatives);
  const laneId = (board.lanes[1] ?? board.lanes[0])?.id as string;
  for (let i = 0; i < initiatives; i++) addInitiative(doc, laneId, initiativeTitle(i));
}
