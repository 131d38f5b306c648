import * as Y from 'yjs';
import { SyncClient } from '../clients/SyncClient.ts';

/** Whether `doc` holds everything `other` does (its state vector covers the other's). */
export function covers(doc: Y.Doc, other: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(other))) if ((have.get(client) ?? 0) < clock) return false;
  return true;
}

/**
 * Connects `doc` to a board (so it uploads what the server lacks and receives the rest), applies
 * `change` to it once synced, and waits until a second, fresh client sees all of it: the board
 * content is on the server (stored, for Lanewise) before a scenario starts.
 */
export async function uploadAndConfirm(url: (name: string) => string, doc: Y.Doc, change: (doc: Y.Doc) => void = () => {}): Promise<void> {
  const uploader = new SyncClient({ url: url('uploader'), doc });
  await uploader.synced;
  change(doc);
  const checkerDoc = new Y.Doc();
  const checker = new SyncClient({ url: url('checker'), doc: checkerDoc });
  await checker.synced;
  const deadline = Date.now() + 30_000;
  while (!covers(checkerDoc, doc)) {
    if (Date.now() > deadline) throw new Error(`the board content did not reach the server (uploader ${uploader.open ? 'still open' : `closed: ${uploader.closeCode} ${uploader.closeReason}`})`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all([uploader.close(), checker.close()]);
  checkerDoc.destroy();
}
