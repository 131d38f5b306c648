import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

type UpdateHandler = (update: Uint8Array, origin: unknown) => void;

/**
 * Runs `run` — the provider applying messages it received — with the provider's own `update`
 * listener detached, when that listener is the document's only one (DECISIONS 136). Yjs encodes
 * every transaction into an update for its `update` listeners, and the provider's listener drops
 * the updates the provider applied itself: on a first visit to a big board, that encoding of the
 * whole first sync (~25 ms for 1,000 cards) was thrown away on the way to the first paint. A
 * change of any other origin made meanwhile (an observer writing) is still sent, afterwards.
 */
export function withoutUpdateEcho(doc: Y.Doc, provider: WebsocketProvider, run: () => void): void {
  const handler = (provider as unknown as { _updateHandler?: UpdateHandler })._updateHandler;
  const listeners = (doc as unknown as { _observers: Map<string, Set<unknown>> })._observers.get('update');
  if (!handler || listeners?.size !== 1 || !listeners.has(handler)) {
    run();
    return;
  }
  const before = Y.encodeStateVector(doc);
  let foreign = false;
  const watch = (transaction: Y.Transaction) => {
    if (transaction.origin !== provider && (transaction.changed.size > 0 || transaction.deleteSet.clients.size > 0)) foreign = true;
  };
  doc.off('update', handler);
  doc.on('afterTransaction', watch);
  try {
    run();
  } finally {
    doc.off('afterTransaction', watch);
    doc.on('update', handler);
    if (foreign) handler(Y.encodeStateAsUpdate(doc, before), null);
  }
}
