import * as Y from 'yjs';
import { itemsMap, lanesMap } from '@lanewise/shared';

/** Someone else's move of the same card, made without seeing ours, that won. */
export interface MoveConflict {
  readonly itemId: string;
  readonly title: string;
  /** The Yjs client whose move won. */
  readonly winnerClientId: number;
  /** Where the card is now, and where this user had put it. */
  readonly laneName: string;
  readonly ourLaneName: string;
}

const MOVE_KEYS = ['laneId', 'rank'] as const;
const MAX_TRACKED = 500;

/** The struct currently holding a key of a Y.Map (Yjs keeps the winning write last). */
function holder(map: Y.Map<unknown>, key: string): Y.Item | undefined {
  return (map as unknown as { _map: Map<string, Y.Item> })._map.get(key);
}

const sameId = (a: Y.ID | null, b: Y.ID) => a !== null && a.client === b.client && a.clock === b.clock;

/**
 * Notices when this user's move of a card was superseded by a concurrent move of the same card
 * (last-writer-wins per field: both wrote without seeing the other, and the other write won).
 * A later move that was made after seeing ours is not a conflict. Calls `onConflict` once per lost move.
 */
export function watchMoveConflicts(doc: Y.Doc, options: { isLocal: (origin: unknown) => boolean; onConflict: (conflict: MoveConflict) => void }): () => void {
  // Per item: the structs our last move wrote (by key), and the lane it put the card in.
  const ours = new Map<string, { structs: Map<string, Y.Item>; laneId: string }>();
  const laneName = (laneId: unknown) => {
    const lane = typeof laneId === 'string' ? lanesMap(doc).get(laneId) : undefined;
    return lane instanceof Y.Map ? String(lane.get('name') ?? 'a lane') : 'a lane';
  };

  const onTransaction = (transaction: Y.Transaction) => {
    const items = itemsMap(doc);
    const local = options.isLocal(transaction.origin);
    for (const [type, keys] of transaction.changed) {
      const parent: unknown = type._item?.parent;
      const itemId = type._item?.parentSub;
      if (parent !== items || !itemId || !(type instanceof Y.Map)) continue;
      if (!MOVE_KEYS.some((key) => keys.has(key))) continue;
      if (local) {
        const structs = new Map<string, Y.Item>();
        for (const key of MOVE_KEYS) {
          const struct = holder(type, key);
          if (struct && struct.id.client === doc.clientID && keys.has(key)) structs.set(key, struct);
        }
        if (structs.size === 0) continue;
        ours.delete(itemId);
        ours.set(itemId, { structs, laneId: String(type.get('laneId')) });
        if (ours.size > MAX_TRACKED) ours.delete(ours.keys().next().value as string);
        continue;
      }
      const tracked = ours.get(itemId);
      if (!tracked) continue;
      for (const [key, struct] of tracked.structs) {
        const current = holder(type, key);
        if (!struct.deleted || !current || current === struct) continue;
        ours.delete(itemId);
        // Built on our write: a later move, not a conflict. Otherwise both wrote blind and ours lost.
        if (sameId(current.origin, struct.lastId) || current.id.client === doc.clientID) break;
        options.onConflict({
          itemId,
          title: String(type.get('title') ?? 'A card'),
          winnerClientId: current.id.client,
          laneName: laneName(type.get('laneId')),
          ourLaneName: laneName(tracked.laneId),
        });
        break;
      }
    }
    // A deleted card cannot be moved any more.
    for (const id of ours.keys()) if (!items.has(id)) ours.delete(id);
  };
  doc.on('afterTransaction', onTransaction);
  return () => doc.off('afterTransaction', onTransaction);
}
