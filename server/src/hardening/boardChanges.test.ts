import {
  addComment,
  addItem,
  addLane,
  addPerson,
  createBoard,
  deleteItem,
  itemsMap,
  lanesMap,
  LIMITS,
  moveItem,
  publishVote,
  readBoard,
  removeLane,
  revealEstimation,
  startEstimation,
  updateItem,
  validateBoard,
} from '@lanewise/shared';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collectTouched, emptyTouched, newTopLevelTypes, validateTouched } from './boardChanges.ts';

/**
 * Applies `update` to `doc` and returns what the incremental validator finds, as the gate does.
 * `recordsWereValid`: the board is known to be valid (field edits are then checked field by field).
 */
function incrementalProblems(doc: Y.Doc, update: Uint8Array, recordsWereValid = false): string[] {
  const before = new Set(doc.share.keys());
  const touched = emptyTouched();
  const collect = (transaction: Y.Transaction) => collectTouched(doc, transaction, touched);
  doc.on('afterTransaction', collect);
  Y.applyUpdate(doc, update);
  doc.off('afterTransaction', collect);
  return [...newTopLevelTypes(doc, before), ...validateTouched(doc, touched, recordsWereValid)].map((problem) => `${problem.path} ${problem.message}`);
}

/** A change made on a copy of `doc`, as the update a client would send. */
function changeOf(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  change(copy);
  return Y.encodeStateAsUpdate(copy, before);
}

function sampleBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Q3', template: 'planning' });
  return doc;
}

describe.each([
  ['whole touched records', false],
  ['field by field on a known-valid board', true],
])('incremental board validation (%s)', (_mode, recordsWereValid) => {
  it('agrees with validateBoard on seeded random command sessions and single-field corruptions', { timeout: 60_000 }, () => {
    const seed = Number(process.env.LANEWISE_SEED ?? 0xb0a7d);
    const gen = prng.create(seed);
    const junk: unknown[] = ['', 'x'.repeat(300), -1, 1e9, null, true, [1], { a: 1 }, 'nowhere', 3.5];
    try {
      for (let session = 0; session < 40; session++) {
        const server = sampleBoard();
        for (let step = 0; step < 25; step++) {
          const lanes = [...(readBoard(server)?.lanes ?? [])];
          const items = lanes.flatMap((lane) => lane.items);
          const corrupt = prng.int32(gen, 0, 5) === 0 && items.length > 0;
          const update = changeOf(server, (copy) => {
            const roll = prng.int32(gen, 0, 9);
            if (corrupt) {
              const target = prng.bool(gen) ? itemsMap(copy).get(prng.oneOf(gen, items).id) : lanesMap(copy).get(prng.oneOf(gen, lanes).id);
              const fields = [...(target?.keys() ?? []), 'unknownField'];
              target?.set(prng.oneOf(gen, fields), prng.oneOf(gen, [...junk, 'x'.repeat(LIMITS.descriptionLength + 1)]));
            } else if (roll < 3 || items.length === 0) addItem(copy, { title: `Item ${step}`, laneId: prng.oneOf(gen, lanes).id });
            else if (roll < 5) moveItem(copy, prng.oneOf(gen, items).id, { laneId: prng.oneOf(gen, lanes).id, position: 'top' });
            else if (roll < 6) updateItem(copy, prng.oneOf(gen, items).id, { estimate: prng.int32(gen, 0, 13), tags: ['a'] });
            else if (roll < 7) deleteItem(copy, prng.oneOf(gen, items).id);
            else if (roll < 8 && lanes.length > 1) removeLane(copy, prng.oneOf(gen, lanes).id);
            else if (roll < 9) addLane(copy, { name: `Lane ${step}` });
            else {
              const item = prng.oneOf(gen, items).id;
              addPerson(copy, { name: `Person ${step}` });
              addComment(copy, { itemId: item, author: 'Dana', text: 'why?' });
              const round = startEstimation(copy, { itemId: item, scale: 'fibonacci', facilitator: 'Dana' });
              revealEstimation(copy, item, round);
              publishVote(copy, item, round, 'dana', '5');
            }
          });
          const trial = new Y.Doc();
          Y.applyUpdate(trial, Y.encodeStateAsUpdate(server));
          // The server board only ever holds admitted updates: it is valid, as a loaded, validated board is.
          const incremental = incrementalProblems(trial, update, recordsWereValid);
          const full = validateBoard(trial);
          expect(incremental.length > 0, `session ${session} step ${step}: ${incremental.join('; ')}`).toBe(!full.ok);
          if (incremental.length === 0) Y.applyUpdate(server, update); // the gate admits it
        }
      }
    } catch (error) {
      console.error(`incremental validation differs with seed ${seed} (replay: LANEWISE_SEED=${seed})`);
      throw error;
    }
  });

  it('sees what toJSON would hide: prototype keys and text types', () => {
    const server = sampleBoard();
    const laneId = readBoard(server)?.lanes[0]?.id as string;
    const itemId = addItem(server, { title: 'Target', laneId });
    const cases: Array<[(copy: Y.Doc) => void, RegExp]> = [
      [(copy) => itemsMap(copy).set('__proto__', new Y.Map()), /items\.__proto__ is not a valid record id/],
      [(copy) => itemsMap(copy).get(itemId)?.set('__proto__', 'x'), /__proto__ is not an allowed key/],
      [(copy) => itemsMap(copy).get(itemId)?.set('owner', new Y.Text('x')), /owner is not a supported shared type/],
      [(copy) => itemsMap(copy).get(itemId)?.set('title', new Y.XmlFragment()), /title is not a supported shared type/],
      [(copy) => itemsMap(copy).get(itemId)?.set('description', new Y.Text('x')), /description is not a supported shared type/],
      [(copy) => (itemsMap(copy).get(itemId)?.get('description') as Y.XmlFragment).insert(0, [new Y.XmlElement('img')]), /description\.0 is a "img" node, not allowed/],
      [(copy) => copy.getArray('evil').insert(0, [1]), /evil is not a known top-level type/],
      [(copy) => itemsMap(copy).get(itemId)?.set('description', 'x'.repeat(LIMITS.descriptionLength + 1)), /items\.\w+\.description must be rich text/],
      [(copy) => itemsMap(copy).get(itemId)?.set('description', 'short'), /items\.\w+\.description must be rich text/],
      [(copy) => itemsMap(copy).get(itemId)?.set('description', 42), /items\.\w+\.description must be rich text/],
      [(copy) => itemsMap(copy).get(itemId)?.set('description', new Y.Map()), /items\.\w+\.description is not a supported shared type/],
      [(copy) => itemsMap(copy).get(itemId)?.set('title', 'Plain'), /items\.\w+\.title must be collaborative text/],
      [(copy) => itemsMap(copy).get(itemId)?.set('title', new Y.XmlText('x')), /items\.\w+\.title is not a supported shared type/],
      [(copy) => (itemsMap(copy).get(itemId)?.get('title') as Y.Text).format(0, 2, { bold: true }), /items\.\w+\.title has formatting/],
      [
        (copy) => {
          const paragraph = new Y.XmlElement('paragraph');
          paragraph.insert(0, [new Y.XmlText()]);
          (itemsMap(copy).get(itemId)?.get('description') as Y.XmlFragment).insert(0, [paragraph]);
          (paragraph.get(0) as Y.XmlText).insert(0, 'x', { link: { href: 'javascript:alert(1)' } });
        },
        /items\.\w+\.description\.0\.0 has a link that is not http\(s\) or mailto/,
      ],
      [(copy) => itemsMap(copy).get(itemId)?.delete('owner'), /items\.\w+\.owner /],
      [(copy) => itemsMap(copy).get(itemId)?.set('laneId', 'nowhere'), /items\.\w+\.laneId refers to unknown lane "nowhere"/],
      [(copy) => itemsMap(copy).get(itemId)?.set('tags', Y.Array.from(['x'.repeat(LIMITS.tagLength + 1)])), /items\.\w+\.tags\.0 /],
      [(copy) => copy.getMap('rationales').set(itemId, JSON.parse('{"text":"x","at":1,"__proto__":{"polluted":true}}')), /rationales\.\w+ is not a plain object/],
    ];
    for (const [change, problem] of cases) {
      const trial = new Y.Doc();
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(server));
      expect(incrementalProblems(trial, changeOf(server, change), recordsWereValid).join('; ')).toMatch(problem);
    }
  });
});
