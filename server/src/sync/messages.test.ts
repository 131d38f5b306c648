import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { describe, expect, it } from 'vitest';
import { encodeSyncStep2Bytes, encodeUpdate } from './messages.ts';

/** The message as y-protocols' own encoder writes it. */
function byLib0(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

describe('sync messages framed by hand', () => {
  it('are byte for byte what lib0 writes, at every varuint length boundary', () => {
    for (const length of [0, 1, 127, 128, 129, 16_383, 16_384, 2_097_151, 2_097_152, 3_000_001]) {
      const payload = new Uint8Array(length).map((_, i) => (i * 31) & 0xff);
      for (const [ours, theirs] of [
        [encodeUpdate(payload), byLib0(syncProtocol.messageYjsUpdate, payload)],
        [encodeSyncStep2Bytes(payload), byLib0(syncProtocol.messageYjsSyncStep2, payload)],
      ] as const) {
        expect(ours.subarray(0, 8), `header of ${length} bytes`).toEqual(theirs.subarray(0, 8));
        expect(Buffer.from(ours).equals(Buffer.from(theirs)), `message of ${length} bytes`).toBe(true);
      }
    }
  });

  it('are read back by y-protocols as the payload they carry', () => {
    const payload = Uint8Array.from([1, 2, 3, 200, 255]);
    const decoder = decoding.createDecoder(encodeUpdate(payload));
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(decoding.readVarUint(decoder)).toBe(syncProtocol.messageYjsUpdate);
    expect(decoding.readVarUint8Array(decoder)).toEqual(payload);
  });
});
