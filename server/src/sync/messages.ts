import { MessageType } from '@lanewise/shared';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/** Encoders for the y-websocket messages the server sends. */

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return encodeSyncStep2Bytes(Y.encodeStateAsUpdate(doc, stateVector));
}

/** A sync step 2 message carrying `update` as it is (e.g. stored bytes). */
export function encodeSyncStep2Bytes(update: Uint8Array): Uint8Array {
  return frameSyncPayload(syncProtocol.messageYjsSyncStep2, update);
}

/** The server's sync step 1 for a state vector it already has encoded. */
export function encodeSyncStep1Vector(stateVector: Uint8Array): Uint8Array {
  return frameSyncPayload(syncProtocol.messageYjsSyncStep1, stateVector);
}

/**
 * `[Sync, kind, length, payload]` written with one copy of the payload (it may be megabytes) and
 * one allocation: once per relayed update, so no encoder (the three numbers are varuints; the
 * first two are below 128).
 */
function frameSyncPayload(kind: number, payload: Uint8Array): Uint8Array {
  let length = payload.length;
  let lengthBytes = 1;
  for (let rest = length; rest > 0x7f; rest = Math.floor(rest / 128)) lengthBytes++;
  const message = new Uint8Array(2 + lengthBytes + payload.length);
  message[0] = MessageType.Sync;
  message[1] = kind;
  let at = 2;
  while (length > 0x7f) {
    message[at++] = 0x80 | (length & 0x7f);
    length = Math.floor(length / 128);
  }
  message[at++] = length;
  message.set(payload, at);
  return message;
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  return frameSyncPayload(syncProtocol.messageYjsUpdate, update);
}

export function encodeAwareness(awareness: awarenessProtocol.Awareness, clientIds: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...clientIds]));
  return encoding.toUint8Array(encoder);
}

/** Lanewise's extension message: decision-log entries as a JSON array. */
export function encodeDecisions(entries: readonly unknown[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Decisions);
  encoding.writeVarString(encoder, JSON.stringify(entries));
  return encoding.toUint8Array(encoder);
}

/** The y-protocols auth message "permission denied": the stock client logs the reason and stays connected. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

/** A message the server refuses; the connection is closed with `code` and `reason`. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}
