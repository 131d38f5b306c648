import type * as Y from 'yjs';
import { itemsMap, lanesMap, metaMap } from '@lanewise/shared';
import { BoardProjector, type DocChanges } from './boardProjector.ts';
import type { BoardStore } from './boardStore.ts';

export interface BoardAdapterOptions {
  /** True for transactions this session made (its commands, its undo manager). */
  readonly isLocalOrigin: (origin: unknown) => boolean;
  /**
   * Schedules the publication of remote changes (`flush`); returns a cancel function. Remote
   * transactions arriving before the flush are coalesced into one publication. Without it,
   * every transaction publishes at once. The browser session passes `nextFrame`.
   */
  readonly scheduleRemote?: ((flush: () => void) => () => void) | undefined;
}

/** At most one publication per animation frame (and no later than 100 ms when frames are paused, as in a hidden tab). */
export function nextFrame(flush: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

function mergeChanges(into: DocChanges, from: DocChanges): DocChanges {
  into.meta ||= from.meta;
  into.lanes ||= from.lanes;
  if (into.items !== 'all') {
    if (from.items === 'all') into.items = 'all';
    else for (const id of from.items) into.items.add(id);
  }
  return into;
}

/**
 * Observes a board Y.Doc and publishes immutable view models into the board store: once per
 * local transaction, and remote ones coalesced per `scheduleRemote` (once per frame). Collects what changed from the deep observers, projects after the transaction.
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
  /** Remote changes waiting for the scheduled publication. */
  let deferred: DocChanges | null = null;
  let cancelScheduled: (() => void) | null = null;
  const publish = (collected: DocChanges, remote: boolean) => {
    const prev = store.getState();
    const next = projector.project(prev, collected, remote);
    if (next === prev) return;
    // The rendering benchmark measures from here (the board's data in the client) to the cards painted.
    if (prev.meta === null && next.meta !== null && typeof performance !== 'undefined') performance.mark('lanewise:board-data');
    store.setState(next, true);
  };
  const flushDeferred = () => {
    cancelScheduled = null;
    const collected = deferred;
    deferred = null;
    if (collected) publish(collected, true);
  };
  const onAfterTransaction = (transaction: Y.Transaction) => {
    if (pending === null) return;
    const collected = pending;
    pending = null;
    const remote = !options.isLocalOrigin(transaction.origin);
    // Until the board is on screen (no meta yet) there is no frame to protect: the first data
    // publishes at once, so the first render already has the board (no wait for a frame).
    if (remote && options.scheduleRemote && store.getState().meta !== null) {
      deferred = deferred ? mergeChanges(deferred, collected) : collected;
      cancelScheduled ??= options.scheduleRemote(flushDeferred);
      return;
    }
    if (deferred) {
      // A local change publishes at once, together with the remote ones still waiting.
      cancelScheduled?.();
      cancelScheduled = null;
      const waiting = deferred;
      deferred = null;
      publish(mergeChanges(waiting, collected), true);
      return;
    }
    publish(collected, remote);
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
    cancelScheduled?.();
    meta.unobserveDeep(onMeta);
    lanes.unobserveDeep(onLanes);
    items.unobserveDeep(onItems);
    doc.off('afterTransaction', onAfterTransaction);
  };
}
