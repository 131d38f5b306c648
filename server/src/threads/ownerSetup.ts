import type { Logger } from '../logger.ts';
import { instrumentStorage } from '../metrics/instrumentStorage.ts';
import type { RoomLimits } from '../room/BoardRoom.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { openStorage } from '../storage/openStorage.ts';
import type { BoardThreadSettings } from './protocol.ts';

/** What every board owner (a board thread, or the main thread's host) builds from the same settings. */

/** The owner's own storage connection, its commits timed into the shared metrics. */
export function openOwnerStorage(settings: BoardThreadSettings, logger: Logger): BoardStorage {
  return instrumentStorage(
    openStorage(settings, {
      anchorSecret: settings.anchorSecret,
      commitCounter: settings.commitCounter,
      snapshotRetention: {
        ...settings.snapshotRetention,
        onPruned: (boardId, removed) => logger.info({ boardId, removed }, 'automatic snapshots pruned (AUTO_SNAPSHOTS_KEEP / AUTO_SNAPSHOTS_MAX_AGE_DAYS)'),
      },
    }),
    settings.metrics,
  );
}

export function ownerLimits(settings: BoardThreadSettings): RoomLimits {
  return {
    compactAfterUpdates: settings.compactAfterUpdates,
    snapshotIntervalMs: settings.snapshotIntervalMs,
    maxBoardBytes: settings.maxBoardBytes,
    updateCpuMsPerSecond: settings.updateCpuMsPerSecond,
    updateTimeoutMs: settings.updateTimeoutMs,
  };
}
