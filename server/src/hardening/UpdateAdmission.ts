import { canWrite, CloseCode, MessageType } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import type { Logger } from '../logger.ts';
import type { BoardRoom } from '../sync/BoardRoom.ts';
import { encodePermissionDenied } from '../sync/messages.ts';
import type { SyncConnection } from '../sync/SyncConnection.ts';
import { TokenBucket } from './TokenBucket.ts';
import type { UpdateGate } from './UpdateGate.ts';

export interface UpdateAdmissionOptions {
  readonly gate: UpdateGate;
  readonly logger: Logger;
  /** Apply time (ms) a connection's updates may cost per second; the burst is twice the update time limit. */
  readonly updateCpuMsPerSecond: number;
  readonly updateTimeoutMs: number;
}

/** Most messages one connection may have waiting behind an update being checked. */
const MAX_QUEUED_MESSAGES = 1000;

/** The update in a sync step 2 or update message, or null for every other (or unreadable) message. */
export function clientUpdateOf(message: Uint8Array): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
    const kind = decoding.readVarUint(decoder);
    if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) return null;
    return decoding.readVarUint8Array(decoder);
  } catch {
    return null; // the room reads it again and closes the connection with the reason
  }
}

/** An update with no structs and no deletions: what a client in sync sends as its sync step 2. */
const isEmptyUpdate = (update: Uint8Array): boolean => update.length === 2 && update[0] === 0 && update[1] === 0;

/**
 * Stands between a connection and its room for document writes. Viewers' updates are dropped
 * (they are told "permission denied" if the update would have changed anything). Editors' and
 * owners' updates go through the update gate — schema, size and time limit, off the main thread —
 * and are applied only if admitted; otherwise the sender is closed with the gate's code and reason
 * and nothing is applied, stored or relayed. Messages of one connection keep their order.
 */
export class UpdateAdmission {
  private readonly queues = new WeakMap<SyncConnection, { tail: Promise<void>; length: number }>();
  private readonly budgets = new WeakMap<SyncConnection, TokenBucket>();

  constructor(private readonly options: UpdateAdmissionOptions) {}

  receive(room: BoardRoom, connection: SyncConnection, message: Uint8Array): void {
    const update = clientUpdateOf(message);
    const queue = this.queues.get(connection);
    if (update === null && !queue) {
      room.receive(connection, message);
      return;
    }
    if (queue && queue.length >= MAX_QUEUED_MESSAGES) {
      this.refuse(room, connection, CloseCode.PolicyViolation, 'rate limit exceeded');
      return;
    }
    const entry = queue ?? { tail: Promise.resolve(), length: 0 };
    entry.length++;
    entry.tail = entry.tail
      .then(() => this.handle(room, connection, message, update))
      .catch((error: unknown) => this.options.logger.error({ err: error, connection: connection.id }, 'update admission failed'))
      .finally(() => {
        entry.length--;
        if (entry.length === 0 && this.queues.get(connection) === entry) this.queues.delete(connection);
      });
    this.queues.set(connection, entry);
  }

  private async handle(room: BoardRoom, connection: SyncConnection, message: Uint8Array, update: Uint8Array | null): Promise<void> {
    if (room.isClosed || !room.has(connection)) return;
    const writer = canWrite(connection.identity.role);
    if (update === null || (isEmptyUpdate(update) && writer)) {
      room.receive(connection, message);
      return;
    }
    if (!writer) {
      if (isEmptyUpdate(update)) return;
      const verdict = await this.options.gate.probe(room.doc, room.boardId, update);
      if (!verdict.ok) this.refuse(room, connection, verdict.code, verdict.reason);
      else if (verdict.changes) connection.send(encodePermissionDenied('this link is read-only: your change was not saved'));
      return;
    }
    const verdict = await this.options.gate.admit(room.doc, room.boardId, update);
    if (!verdict.ok) {
      this.refuse(room, connection, verdict.code, verdict.reason);
      return;
    }
    if (!this.budgetOf(connection).charge(verdict.ms)) {
      this.options.gate.invalidate(room.doc);
      this.refuse(room, connection, CloseCode.PolicyViolation, 'rate limit exceeded: updates too costly to apply');
      return;
    }
    if (room.isClosed || !room.has(connection)) {
      this.options.gate.invalidate(room.doc); // the mirror has it, the room will not
      return;
    }
    room.receive(connection, message, true);
  }

  private budgetOf(connection: SyncConnection): TokenBucket {
    let budget = this.budgets.get(connection);
    if (!budget) {
      const { updateCpuMsPerSecond, updateTimeoutMs } = this.options;
      budget = new TokenBucket(updateCpuMsPerSecond, Math.max(updateCpuMsPerSecond, 2 * updateTimeoutMs));
      this.budgets.set(connection, budget);
    }
    return budget;
  }

  private refuse(room: BoardRoom, connection: SyncConnection, code: number, reason: string): void {
    this.options.logger.info({ connection: connection.id, boardId: room.boardId, code, reason }, 'closing connection: update refused');
    room.leave(connection);
    connection.close(code, reason);
  }
}
