import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChangeCapture } from './ChangeCapture.ts';

/** Plain data of the roots the rules read, as JSON (what `valueBefore`/`fieldBefore` must answer). */
function plainRoots(doc: Y.Doc): Record<string, Record<string, unknown>> {
  return { items: doc.getMap('items').toJSON(), meta: doc.getMap('meta').toJSON() };
}

/** One random edit of the source document, in the current transaction. */
function randomEdit(gen: prng.PRNG, source: Y.Doc): void {
  const items = source.getMap<Y.Map<unknown>>('items');
  const key = `item-${prng.uint32(gen, 0, 4)}`;
  const record = items.get(key);
  const op = prng.uint32(gen, 0, 7);
  if (op === 0 || record === undefined) {
    const fresh = new Y.Map<unknown>();
    fresh.set('n', prng.uint32(gen, 0, 100));
    fresh.set('state', prng.oneOf(gen, ['a', 'b', 'c']));
    const votes = new Y.Map<unknown>();
    votes.set(`p${prng.uint32(gen, 0, 3)}`, prng.uint32(gen, 1, 8));
    fresh.set('votes', votes);
    items.set(key, fresh);
  } else if (op === 1) {
    items.delete(key);
  } else if (op === 2) {
    record.set('n', prng.uint32(gen, 0, 100));
  } else if (op === 3) {
    record.delete('state');
  } else if (op === 4) {
    record.set('state', prng.oneOf(gen, ['a', 'b', 'c']));
  } else if (op === 5) {
    const votes = record.get('votes');
    if (votes instanceof Y.Map) votes.set(`p${prng.uint32(gen, 0, 3)}`, prng.uint32(gen, 1, 8));
  } else if (op === 6) {
    const votes = record.get('votes');
    if (votes instanceof Y.Map) votes.delete(`p${prng.uint32(gen, 0, 3)}`);
  } else {
    source.getMap('meta').set(prng.oneOf(gen, ['title', 'phase']), prng.word(gen, 1, 6));
  }
}

describe('ChangeCapture previous values (read from the transaction, DECISIONS 116)', () => {
  it('answers valueBefore / existedBefore / fieldBefore / changedFields with the state before the capture, over random edits (several per transaction)', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
    console.log(`ChangeCapture previous values seed: ${seed} (SEED=${seed} to repeat)`);
    const gen = prng.create(seed);
    const source = new Y.Doc();
    const target = new Y.Doc();
    const capture = new ChangeCapture(target);
    let checkedFields = 0;
    let checkedRecords = 0;
    for (let round = 0; round < 400; round++) {
      // One source transaction of one to four edits, applied to the target in one capture, as a
      // client update is. (Several transactions in one capture answer, for a record replaced in a
      // later one, its state after the earlier ones: as the deep observers did before.)
      const updates: Uint8Array[] = [];
      const transactions = 1;
      for (let t = 0; t < transactions; t++) {
        const collect = (update: Uint8Array) => updates.push(update);
        source.on('update', collect);
        source.transact(() => {
          const edits = prng.uint32(gen, 1, 4);
          for (let e = 0; e < edits; e++) randomEdit(gen, source);
        });
        source.off('update', collect);
      }
      const before = plainRoots(target);
      const change = capture.capture(() => {
        for (const update of updates) Y.applyUpdate(target, update);
      });
      expect(change.error, `seed ${seed} round ${round}`).toBeNull();
      for (const root of ['items', 'meta'] as const) {
        const keys = new Set([...Object.keys(before[root] ?? {}), ...Object.keys(plainRoots(target)[root] ?? {})]);
        for (const key of keys) {
          const was = before[root]?.[key];
          // A record's own fields are read with fieldBefore (valueBefore answers for values set at the root).
          if (root === 'meta') expect(change.valueBefore(root, key), `seed ${seed} round ${round} ${root}.${key}`).toEqual(was);
          expect(change.existedBefore(root, key), `seed ${seed} round ${round} ${root}.${key} existed`).toBe(was !== undefined);
          checkedRecords++;
          if (root !== 'items') continue;
          const wasRecord = was as Record<string, unknown> | undefined;
          for (const field of ['n', 'state', 'votes']) {
            expect(change.fieldBefore(root, key, field), `seed ${seed} round ${round} ${key}.${field}`).toEqual(wasRecord?.[field]);
            checkedFields++;
          }
          // A field reported as changed did change (or was set to the same value again).
          for (const field of change.changedFields(root, key)) expect(['n', 'state', 'votes']).toContain(field);
        }
      }
    }
    expect(checkedRecords).toBeGreaterThan(400);
    expect(checkedFields).toBeGreaterThan(400);
    Y.applyUpdate(source, Y.encodeStateAsUpdate(target));
    expect(target.getMap('items').toJSON()).toEqual(source.getMap('items').toJSON());
  });
});
