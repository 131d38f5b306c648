/**
 * The update gate's worker thread: keeps a mirror of every live board's document and tries each
 * client update on it before the room applies it. Decoding, applying and validating happen here,
 * so a hostile update that is slow to integrate stalls this thread, which the main thread kills
 * after UPDATE_TIMEOUT_MS, and never the event loop that serves everyone else.
 */
import { parentPort } from 'node:worker_threads';
import { CloseCode, describeProblems } from '@lanewise/shared';
import * as Y from 'yjs';
import { collectTouched, emptyTouched, newTopLevelTypes, touchedAnything, validateTouched } from './boardChanges.ts';
import type { GateRequest, GateResponse } from './gateProtocol.ts';

interface Mirror {
  readonly doc: Y.Doc;
  readonly maxBoardBytes: number;
  /** Upper bound of the encoded size: exact after a measure, plus every update since. */
  approxBytes: number;
}

const mirrors = new Map<string, Mirror>();
const port = parentPort;
if (!port) throw new Error('updateGateWorker runs as a worker thread');

function reply(response: GateResponse): void {
  port?.postMessage(response);
}

function exactSize(doc: Y.Doc): number {
  const pending = doc.store.pendingStructs?.update.length ?? 0;
  return Y.encodeStateAsUpdate(doc).length + pending + (doc.store.pendingDs?.length ?? 0);
}

function admit(id: number, key: string, update: Uint8Array): void {
  const mirror = mirrors.get(key);
  if (!mirror) return reply({ id, ok: false, code: CloseCode.TryAgainLater, reason: 'board is reloading, reconnect', mirrorDropped: true });
  const { doc } = mirror;
  const started = performance.now();
  const rootsBefore = new Set(doc.share.keys());
  const touched = emptyTouched();
  const collect = (transaction: Y.Transaction) => collectTouched(doc, transaction, touched);
  doc.on('afterTransaction', collect);
  const refuse = (code: number, reason: string) => {
    mirrors.delete(key);
    doc.destroy();
    reply({ id, ok: false, code, reason, mirrorDropped: true });
  };
  try {
    Y.applyUpdate(doc, update);
  } catch {
    return refuse(CloseCode.BadMessage, 'invalid Yjs update');
  } finally {
    doc.off('afterTransaction', collect);
  }
  const problems = [...newTopLevelTypes(doc, rootsBefore), ...validateTouched(doc, touched)];
  if (problems.length > 0) return refuse(CloseCode.SchemaViolation, `update violates the board schema: ${describeProblems(problems)}`);
  mirror.approxBytes += update.length;
  if (mirror.approxBytes > mirror.maxBoardBytes) {
    mirror.approxBytes = exactSize(doc);
    if (mirror.approxBytes > mirror.maxBoardBytes) return refuse(CloseCode.BoardTooLarge, `board would exceed its size limit of ${mirror.maxBoardBytes} bytes`);
  }
  const changes = touchedAnything(touched);
  reply({ id, ok: true, ms: performance.now() - started, changes });
}

/** Whether applying `update` would change the mirror: new structs, or deletions not yet made. */
function probe(id: number, key: string, update: Uint8Array): void {
  const mirror = mirrors.get(key);
  if (!mirror) return reply({ id, ok: false, code: CloseCode.TryAgainLater, reason: 'board is reloading, reconnect', mirrorDropped: true });
  const started = performance.now();
  let changes = false;
  try {
    const { structs, ds } = Y.decodeUpdate(Y.diffUpdate(update, Y.encodeStateVector(mirror.doc)));
    changes = structs.some((struct) => !(struct instanceof Y.Skip));
    if (!changes && ds.clients.size > 0) {
      const known = Y.createDeleteSetFromStructStore(mirror.doc.store);
      changes = [...ds.clients].some(([client, ranges]) => ranges.some((range) => !covered(known.clients.get(client) ?? [], range.clock, range.clock + range.len)));
    }
  } catch {
    return reply({ id, ok: false, code: CloseCode.BadMessage, reason: 'invalid Yjs update', mirrorDropped: false });
  }
  reply({ id, ok: true, ms: performance.now() - started, changes });
}

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

port.postMessage('ready');
port.on('message', (request: GateRequest) => {
  switch (request.type) {
    case 'init': {
      mirrors.get(request.key)?.doc.destroy();
      const doc = new Y.Doc();
      try {
        Y.applyUpdate(doc, request.state);
      } catch {
        doc.destroy();
        return; // an admit for it answers "reloading"
      }
      mirrors.set(request.key, { doc, maxBoardBytes: request.maxBoardBytes, approxBytes: request.state.length });
      return;
    }
    case 'mirror': {
      const mirror = mirrors.get(request.key);
      if (!mirror) return;
      try {
        Y.applyUpdate(mirror.doc, request.update);
        mirror.approxBytes += request.update.length;
      } catch {
        mirrors.delete(request.key);
        mirror.doc.destroy();
      }
      return;
    }
    case 'drop':
      mirrors.get(request.key)?.doc.destroy();
      mirrors.delete(request.key);
      return;
    case 'admit':
      return admit(request.id, request.key, request.update);
    case 'probe':
      return probe(request.id, request.key, request.update);
  }
});
