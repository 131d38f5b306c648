/**
 * A board thread's host without the thread, for tests: a real BoardHost on a real SQLite file,
 * driven with the same messages the main thread sends, recording what it answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBoard, SCHEMA_VERSION } from '@lanewise/shared';
import * as Y from 'yjs';
import { createLogger } from '../logger.ts';
import type { BoardRule } from '../rules/BoardRule.ts';
import { BOARD_RULES } from '../rules/boardRules.ts';
import { SqliteStorage } from '../storage/SqliteStorage.ts';
import type { ConnectionIdentity } from '../sync/SyncConnection.ts';
import { BusySlot } from '../threads/BusySlot.ts';
import type { FromBoardThread, ToBoardThread } from '../threads/protocol.ts';
import { BoardHost } from './BoardHost.ts';
import { Outbox } from './Outbox.ts';

export interface TestHost {
  readonly storage: SqliteStorage;
  readonly host: BoardHost;
  /** Everything the host told the main thread so far. */
  readonly ops: FromBoardThread[];
  /**
   * Sends a batch and returns once the host has done everything it does for it: with SQLite,
   * loading, applying, committing and relaying all finish in microtasks of the same turn.
   */
  send(ops: readonly ToBoardThread[]): Promise<void>;
  /** A board with the planning template, stored validated; returns its id and its document. */
  createBoard(id?: string): Promise<{ id: string; doc: Y.Doc }>;
  close(): Promise<void>;
}

export const identity = (name: string, role: ConnectionIdentity['role'] = 'editor'): ConnectionIdentity => ({ name, verified: false, role, via: `${role}-link` });

/** A sync update message (what a client sends). */
export function updateMessage(update: Uint8Array): Uint8Array {
  const length: number[] = [];
  let rest = update.length;
  while (rest > 0x7f) {
    length.push(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  length.push(rest);
  return Uint8Array.from([0, 2, ...length, ...update]);
}

export async function startTestHost(rules: readonly BoardRule[] = BOARD_RULES): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'lanewise-host-'));
  const storage = new SqliteStorage(dir);
  const ops: FromBoardThread[] = [];
  const outbox = new Outbox((batch) => ops.push(...batch));
  const host = new BoardHost({
    storage,
    outbox,
    busy: new BusySlot(),
    logger: createLogger('silent'),
    rules,
    limits: { compactAfterUpdates: 1000, snapshotIntervalMs: 1e12, maxBoardBytes: 16 * 1024 * 1024, updateCpuMsPerSecond: 1e6, updateTimeoutMs: 1000 },
  });
  return {
    storage,
    host,
    ops,
    send: async (batch) => {
      host.handle(batch);
      await new Promise((resolve) => setImmediate(resolve));
    },
    createBoard: async (id = `board-${Math.random().toString(36).slice(2, 8)}`) => {
      const doc = new Y.Doc();
      createBoard(doc, { title: 'Test', template: 'planning' });
      const data = Y.encodeStateAsUpdate(doc);
      await storage.createBoard({ id, title: 'Test', template: 'planning', createdAt: 1, updatedAt: 1 }, data, { validated: { data, stateVector: Y.encodeStateVector(doc), schemaVersion: SCHEMA_VERSION } });
      return { id, doc };
    },
    close: async () => {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
