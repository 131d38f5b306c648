import { TokenBucket } from '../hardening/TokenBucket.ts';
import type { ConnectionIdentity } from '../sync/SyncConnection.ts';

/** A connection as its board's owner thread knows it. The socket itself lives on the main thread. */
export class RoomConnection {
  /** Apply time its updates may still cost (UPDATE_CPU_MS_PER_SECOND; burst: two update time limits). */
  readonly cpuBudget: TokenBucket;
  /** Left or was closed: its queued messages still apply (it sent them), nothing is sent to it. */
  gone = false;
  /** Closed for a refused update: nothing more of it is read. */
  refused = false;

  constructor(
    readonly id: number,
    readonly identity: ConnectionIdentity,
    readonly receivesDecisions: boolean,
    budget: { updateCpuMsPerSecond: number; updateTimeoutMs: number },
  ) {
    this.cpuBudget = new TokenBucket(budget.updateCpuMsPerSecond, Math.max(budget.updateCpuMsPerSecond, 2 * budget.updateTimeoutMs));
  }
}
