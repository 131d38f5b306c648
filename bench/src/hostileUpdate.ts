import { itemsMap } from '@lanewise/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * A schema-valid update that is slow to integrate: `writers` fake clients set the same field of
 * one item concurrently, and Yjs resolves each conflict by scanning the ones before it
 * (quadratic). Written struct by struct (V1), as a hostile client would, with fresh client ids
 * each time so every bomb conflicts anew. Targets `items[itemId].title` of `doc`'s board.
 */
export function titleConflictBomb(doc: Y.Doc, itemId: string, writers: number, firstClient: number): Uint8Array {
  const item = itemsMap(doc).get(itemId);
  const id = item?._item?.id;
  if (!id) throw new Error(`no item ${itemId} to aim at`);
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, writers);
  for (let i = 0; i < writers; i++) {
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, firstClient + i); // client
    encoding.writeVarUint(e, 0); // clock
    encoding.writeUint8(e, 0b0010_0000 | 8); // item with a parent key, ContentAny, no origins
    encoding.writeVarUint(e, 0); // parent given by id (a nested map: the item's record)
    encoding.writeVarUint(e, id.client);
    encoding.writeVarUint(e, id.clock);
    encoding.writeVarString(e, 'title');
    encoding.writeVarUint(e, 1); // one value
    encoding.writeAny(e, `Contested title ${firstClient}`);
  }
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

/** Writers for which applying a bomb to a copy of `doc` takes about `targetMs` here (CPU time, measured). */
export function calibrateBomb(doc: Y.Doc, itemId: string, targetMs: number): { writers: number; ms: number } {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  let writers = 4000;
  let ms = 0;
  for (let round = 0; round < 6; round++) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const bomb = titleConflictBomb(copy, itemId, writers, 10_000_000 + round * 1_000_000);
    const started = cpu();
    Y.applyUpdate(copy, bomb);
    ms = cpu() - started;
    copy.destroy();
    if (Math.abs(ms - targetMs) / targetMs < 0.1) break;
    writers = Math.max(500, Math.round(writers * Math.sqrt(targetMs / Math.max(ms, 1)))); // quadratic in writers
  }
  return { writers, ms };
}
