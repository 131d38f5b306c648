import { itemsMap, readBoard } from '@lanewise/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SyncClient } from '../clients/SyncClient.ts';
import { calibrateBomb, titleConflictBomb } from '../hostileUpdate.ts';
import { sleep } from '../measure/pool.ts';
import { completeBoard, initiativeUpdates } from '../payload.ts';
import { uploadAndConfirm } from '../servers/confirmUpload.ts';
import type { ServerUnderTest } from '../servers/ServerUnderTest.ts';
import { runPropagation, type PropagationResult, type PropagationSpec } from './propagation.ts';

export interface IsolationResult {
  readonly quiet: PropagationResult;
  readonly bombs: { readonly sent: number; readonly writers: number; readonly calibratedMs: number; readonly closes: Record<string, number> };
}

const BOMB_ITEMS = 40;

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * Isolation: board A receives, once a second, an update that takes ~`bombMs` of CPU to integrate
 * (each on a fresh connection, as a hostile client with an editor link could), while board B
 * runs S1. B is opened first, A second: with two board threads they land on different ones.
 */
export async function runIsolation(server: ServerUnderTest, spec: PropagationSpec, run: string, seed: number, bombMs: number): Promise<IsolationResult> {
  const quietBoard = await server.createBoard((doc) => completeBoard(doc, spec.writersPerBoard));
  const target = await server.createBoard((doc) => completeBoard(doc, 1));
  // Items to aim at (one per bomb), and a synced copy to find their ids.
  const targetDoc = new Y.Doc();
  await uploadAndConfirm((name) => target.url(name), targetDoc, (doc) => {
    for (const update of initiativeUpdates(doc, readBoard(doc)?.lanes.map((lane) => lane.id) ?? [], BOMB_ITEMS, BOMB_ITEMS)) Y.applyUpdate(doc, update);
  });
  const itemIds = [...itemsMap(targetDoc).keys()];
  const { writers, ms } = calibrateBomb(targetDoc, itemIds[0] as string, bombMs);

  // A few connections, each sending every fourth slow update: each stays within its CPU budget
  // (UPDATE_CPU_MS_PER_SECOND refills what one costs in four seconds), as a hostile client could.
  const bombers = Array.from({ length: 4 }, (_, i) => new SyncClient({ url: target.url(`bomber ${i}`) }));
  await Promise.all(bombers.map((bomber) => bomber.synced));
  let sent = 0;
  let stopping = false;
  let bomber: Promise<void> = Promise.resolve();
  const interference = {
    start: async () => {
      bomber = (async () => {
        while (!stopping && sent < itemIds.length) {
          const started = performance.now();
          const bomb = syncUpdateMessage(titleConflictBomb(targetDoc, itemIds[sent] as string, writers, 20_000_000 + sent * 100_000));
          (bombers[sent % bombers.length] as SyncClient).sendRaw(bomb);
          sent++;
          await sleep(Math.max(0, 1000 - (performance.now() - started)));
        }
      })();
    },
    stop: async () => {
      stopping = true;
      await bomber;
    },
  };
  const quiet = await runPropagation(server, spec, run, seed, interference, [quietBoard]);
  await sleep(1500); // the last slow update is applied (or refused)
  const closes: Record<string, number> = {};
  for (const client of bombers) {
    const code = client.open ? 'still open' : `${client.closeCode} ${client.closeReason}`;
    closes[code] = (closes[code] ?? 0) + 1;
  }
  await Promise.all(bombers.map((client) => client.close()));
  targetDoc.destroy();
  return { quiet, bombs: { sent, writers, calibratedMs: ms, closes } };
}
