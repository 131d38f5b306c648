/**
 * A board thread: owns the boards the main thread assigns to it (their documents, awareness,
 * update path and its own storage connection) and answers in batches. Started by
 * `threads/BoardThread.ts`; compiled to `dist/boardThread.js`.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger.ts';
import { BOARD_RULES } from '../rules/boardRules.ts';
import { BusySlot } from '../threads/BusySlot.ts';
import { openOwnerStorage, ownerLimits } from '../threads/ownerSetup.ts';
import type { BoardThreadData, FromBoardThread, ToBoardThread } from '../threads/protocol.ts';
import { BoardHost } from './BoardHost.ts';
import { Outbox } from './Outbox.ts';

const port = parentPort;
if (!port) throw new Error('boardThread runs as a worker thread');
const { threadId, busy, settings } = workerData as BoardThreadData;

const logger = createLogger(settings.logLevel).child({ instance: settings.instanceId, boardThread: threadId });
const storage = openOwnerStorage(settings, logger);
const outbox = new Outbox((ops: FromBoardThread[]) => port.postMessage(ops));
const host = new BoardHost({
  storage,
  outbox,
  busy: new BusySlot(busy),
  logger,
  rules: BOARD_RULES,
  fanout: settings.fanout,
  limits: ownerLimits(settings),
});

/** This thread's Linux thread id ("/proc/thread-self" → "<pid>/task/<tid>"), or null elsewhere. */
function linuxThreadId(): number | null {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || null;
  } catch {
    return null;
  }
}

port.on('message', (ops: ToBoardThread[]) => host.handle(ops));
outbox.push({ t: 'ready', tid: linuxThreadId() });
