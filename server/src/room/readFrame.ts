import { CloseCode, MessageType } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { ProtocolViolation } from '../sync/messages.ts';

/** One websocket message from a client, read as far as the room needs to route it. */
export type ClientFrame =
  | { readonly kind: 'syncStep1'; readonly stateVector: Uint8Array }
  /** Sync step 2 or update: both carry a Yjs update for the board. */
  | { readonly kind: 'update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'queryAwareness' };

/** Reads the framing of a y-websocket message. Throws ProtocolViolation with the close reason. */
export function readFrame(message: Uint8Array): ClientFrame {
  try {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync: {
        const kind = decoding.readVarUint(decoder);
        if (kind === syncProtocol.messageYjsSyncStep1) {
          const stateVector = decoding.readVarUint8Array(decoder);
          try {
            Y.decodeStateVector(stateVector);
          } catch {
            throw new ProtocolViolation(CloseCode.BadMessage, 'invalid state vector');
          }
          return { kind: 'syncStep1', stateVector };
        }
        if (kind !== syncProtocol.messageYjsSyncStep2 && kind !== syncProtocol.messageYjsUpdate) {
          throw new ProtocolViolation(CloseCode.BadMessage, `unknown sync message ${kind}`);
        }
        return { kind: 'update', update: decoding.readVarUint8Array(decoder) };
      }
      case MessageType.Awareness:
        return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
      case MessageType.QueryAwareness:
        return { kind: 'queryAwareness' };
      default:
        throw new ProtocolViolation(CloseCode.BadMessage, `unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolViolation) throw error;
    throw new ProtocolViolation(CloseCode.BadMessage, `malformed message: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
}

/** An update with no structs and no deletions: what a client in sync sends as its sync step 2. */
export const isEmptyUpdate = (update: Uint8Array): boolean => update.length === 2 && update[0] === 0 && update[1] === 0;
