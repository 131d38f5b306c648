import { readBoard, type BoardView } from '@lanewise/shared';
import * as Y from 'yjs';

/** The board held in a snapshot's bytes, as the API shows boards. */
export function viewOfSnapshot(data: Uint8Array): BoardView | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, data);
    return readBoard(doc) ?? null;
  } finally {
    doc.destroy();
  }
}
