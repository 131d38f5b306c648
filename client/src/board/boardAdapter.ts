import type * as Y from 'yjs';
import { itemsMap, lanesMap, metaMap } from '@lanewise/shared';
import { BoardProjector, type DocChanges } from './boardProjector.ts';
import type { BoardStore } from './boardStore.ts';

export interface BoardAdapterOptions {
  /** True for transactions this session made (its commands, its undo manager). */
  readonly isLocalOrigin: (origin: unknown) => boolean;
}

/**
 * Observes a board Y.Doc and publishes immutable view models into the board store, once per
 * transaction. Collects what changed from the deep observers, projects after the transaction.
 * Returns a function that stops observing.
 */
export function connectBoardAdapter(doc: Y.Doc, store: BoardStore, options: BoardAdapterOptions): () => void {
  const projector = new BoardProjector(doc);
  let pending: DocChanges | null = null;
  const changes = (): DocChanges => (pending ??= { meta: false, lanes: false, items: new Set() });

  const onMeta = () => {
    changes().meta = true;
  };
  const onLanes = () => {
    changes().lanes = true;
  };
  const onItems = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    const collected = changes();
    if (collected.items === 'all') return;
    for (const event of events) {
      if (event.path.length === 0) {
        // The items map itself: items added or removed.
        for (const key of event.changes.keys.keys()) collected.items.add(key);
      } else {
        const itemId = event.path[0];
        if (typeof itemId === 'string') collected.items.add(itemId);
      }
    }
  };
  const onAfterTransaction = (transaction: Y.Transaction) => {
    if (pending === null) return;
    const collected = pending;
    pending = null;
    const prev = store.getState();
    const next = projector.project(prev, collected, !options.isLocalOrigin(transaction.origin));
    if (next !== prev) store.setState(next, true);
  };

  const meta = metaMap(doc);
  const lanes = lanesMap(doc);
  const items = itemsMap(doc);
  meta.observeDeep(onMeta);
  lanes.observeDeep(onLanes);
  items.observeDeep(onItems);
  doc.on('afterTransaction', onAfterTransaction);

  const initial = projector.project(store.getState(), { meta: true, lanes: true, items: 'all' }, false);
  store.setState(initial, true);

  return () => {
    meta.unobserveDeep(onMeta);
    lanes.unobserveDeep(onLanes);
    items.unobserveDeep(onItems);
    doc.off('afterTransaction', onAfterTransaction);
  };
}
