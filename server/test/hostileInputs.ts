/**
 * Hostile inputs for the hostile-client suite and the fuzzer: protocol frames, and the update
 * bytes known to crash or lock Yjs (from its issue tracker).
 */
import { MessageType } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export function syncMessage(kind: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** yjs #498: a zero-length update (looped forever in older lib0). */
export const ZERO_LENGTH_UPDATE = new Uint8Array(0);

/** yjs #479: `Buffer.from("garbagedoc", "base64")` (looped forever in older lib0). */
export const GARBAGEDOC_UPDATE = new Uint8Array(Buffer.from('garbagedoc', 'base64'));

/**
 * yjs #687: a 26-byte V2 update whose run-length streams run dry, so the struct loop keeps
 * reading the last value: it claims 2^31-1 one-clock GC structs. `Y.applyUpdateV2` spins on it
 * (measured: 2,000,000 structs take 1.6 s; the full count does not finish). Lanewise speaks the
 * y-websocket protocol, whose updates are V1, so the server reads these bytes as V1.
 */
export function rleBombV2(count = 0x7fffffff): Uint8Array {
  const stream = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder();
    write(e);
    return encoding.toUint8Array(e);
  };
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // feature flag
  encoding.writeVarUint8Array(e, new Uint8Array(0)); // key clocks
  encoding.writeVarUint8Array(e, stream((s) => encoding.writeVarInt(s, 0))); // clients
  encoding.writeVarUint8Array(e, new Uint8Array(0)); // left clocks
  encoding.writeVarUint8Array(e, new Uint8Array(0)); // right clocks
  encoding.writeVarUint8Array(e, stream((s) => encoding.writeUint8(s, 0))); // info: GC, then "forever"
  encoding.writeVarUint8Array(e, Uint8Array.of(0)); // strings: none
  encoding.writeVarUint8Array(e, new Uint8Array(0)); // parent info
  encoding.writeVarUint8Array(e, new Uint8Array(0)); // type refs
  encoding.writeVarUint8Array(e, stream((s) => (encoding.writeVarInt(s, -1), encoding.writeVarUint(s, count)))); // lengths: 1, run of `count`
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, count); // number of structs
  encoding.writeVarUint(e, 0); // first clock
  return encoding.toUint8Array(e);
}

/**
 * A schema-valid V1 update that is slow to integrate: `writers` fake clients set the board's
 * title concurrently, and Yjs resolves each conflict by scanning the ones before it (quadratic:
 * 20,000 writers, 340 KB, take about 2 s on the main thread). A later bomb conflicts anew only
 * with fresh client ids (`firstClient`).
 */
export function conflictBomb(writers: number, firstClient = 1_000_000): Uint8Array {
  // Written struct by struct (V1): building 20,000 documents and merging them takes seconds.
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, writers);
  for (let i = 0; i < writers; i++) {
    encoding.writeVarUint(e, 1); // one struct
    encoding.writeVarUint(e, firstClient + i); // client
    encoding.writeVarUint(e, 0); // clock
    encoding.writeUint8(e, 0b0010_0000 | 8); // item with a parent key (map entry), ContentAny
    encoding.writeVarUint(e, 1); // parent is a top-level type, by name
    encoding.writeVarString(e, 'meta');
    encoding.writeVarString(e, 'title');
    encoding.writeVarUint(e, 1); // one value
    encoding.writeAny(e, 'Conflicted');
  }
  encoding.writeVarUint(e, 0); // no deletions
  return encoding.toUint8Array(e);
}

/** The "permission denied" reasons among the messages a raw socket received. */
export function deniedReasons(received: readonly Buffer[]): string[] {
  return received.flatMap((message) => {
    const decoder = decoding.createDecoder(new Uint8Array(message));
    if (decoding.readVarUint(decoder) !== MessageType.Auth) return [];
    decoding.readVarUint(decoder);
    return [decoding.readVarString(decoder)];
  });
}
