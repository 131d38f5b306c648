import * as Y from 'yjs';
import type { CommandContext } from './CommandContext.ts';

/** The whole stored board as one Yjs update (tests compare it byte for byte; exports use it). */
export async function encodeStateCommand(room: CommandContext): Promise<Uint8Array> {
  return Y.encodeStateAsUpdate(room.doc());
}
