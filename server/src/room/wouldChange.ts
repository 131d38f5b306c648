import * as Y from 'yjs';

/** Whether sorted, merged delete ranges cover [from, to). */
function covered(ranges: ReadonlyArray<{ clock: number; len: number }>, from: number, to: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const range = ranges[middle] as { clock: number; len: number };
    if (range.clock + range.len <= from) low = middle + 1;
    else if (range.clock > from) high = middle - 1;
    else return range.clock + range.len >= to;
  }
  return false;
}

/**
 * Whether applying `update` would change `doc` (new structs, or deletions it has not made),
 * found without applying it. Throws if the update cannot be decoded.
 */
export function wouldChange(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(doc)));
  if (structs.some((struct) => !(struct instanceof Y.Skip))) return true;
  if (ds.clients.size === 0) return false;
  const known = Y.createDeleteSetFromStructStore(doc.store);
  return [...ds.clients].some(([client, ranges]) => ranges.some((range) => !covered(known.clients.get(client) ?? [], range.clock, range.clock + range.len)));
}
