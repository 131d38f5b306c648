import { createHash } from 'node:crypto';

/**
 * The checksum stored with a compacted state that was written from a validated board. A load
 * recomputes it: equal means "these are the bytes that were validated", so the board is served
 * without validating it again; different means the stored bytes changed since and are checked.
 */
export function snapshotChecksum(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
