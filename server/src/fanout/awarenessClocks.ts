import { MessageType } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The presence clients an awareness update speaks for: `[clientId, clock, present]` (present is
 * false for a removal). Throws on bytes that are not an awareness update.
 */
export function awarenessClocks(update: Uint8Array): Array<[number, number, boolean]> {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: Array<[number, number, boolean]> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    entries.push([clientId, clock, state !== 'null']);
  }
  return entries;
}

/**
 * The awareness message that takes these presence clients away at the clocks last seen: a client
 * holding that state drops it (y-protocols removes a state on a null at the same clock); a client
 * that never had it, or has a newer one, ignores it.
 */
export function awarenessRemoval(clocks: ReadonlyMap<number, number>): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, clocks.size);
  for (const [clientId, clock] of clocks) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, 'null');
  }
  const message = encoding.createEncoder();
  encoding.writeVarUint(message, MessageType.Awareness);
  encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
  return encoding.toUint8Array(message);
}
