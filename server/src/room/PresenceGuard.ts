import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The largest presence state (its JSON, UTF-8) a connection may set. Lanewise's own is ~200 bytes. */
export const MAX_PRESENCE_STATE_BYTES = 4096;

/** One entry of an awareness update: a client id, its clock and its state as JSON text. */
interface PresenceEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly stateJson: string;
}

/** What a connection's awareness frame may apply, and what was dropped from it and why. */
export interface PresenceVerdict {
  /** The frame re-encoded with only the accepted entries; null if none was accepted. */
  readonly update: Uint8Array | null;
  /** The accepted client ids that were not bound yet: they are this connection's from now on. */
  readonly claimed: readonly number[];
  /** Why entries were dropped: sent back to the connection as "permission denied". */
  readonly refusals: readonly string[];
}

/**
 * Who may speak for which awareness client id on one board. The first connection to send an
 * awareness entry for a client id owns it until it leaves; entries for an id another connection
 * owns are dropped (that connection could otherwise rename, move or remove someone else's
 * presence), and so are states larger than MAX_PRESENCE_STATE_BYTES and states that lead a
 * "follow me" (a non-null `lead` field) from anyone but the facilitator (`mayLead`): everyone's
 * view follows a lead, so only the facilitator may publish one. The rest of the frame applies.
 */
export class PresenceGuard {
  private readonly owners = new Map<number, number>();

  /**
   * Filters one awareness update from connection `connectionId`; `clockOf` gives the clock the
   * room holds for a client id (0: none). Stock y-websocket clients echo every presence change
   * they receive, so an entry that is not newer than what the room holds is dropped quietly: it
   * would change nothing. Throws if the bytes are not an awareness update.
   */
  admit(connectionId: number, update: Uint8Array, clockOf: (clientId: number) => number, mayLead: boolean | (() => boolean) = false): PresenceVerdict {
    const accepted: PresenceEntry[] = [];
    const claimed: number[] = [];
    const refusals: string[] = [];
    for (const entry of readEntries(update)) {
      const owner = this.owners.get(entry.clientId);
      const mine = owner === connectionId || claimed.includes(entry.clientId);
      if (!mine && entry.clock <= clockOf(entry.clientId)) continue; // an echo, or stale
      if (owner !== undefined && !mine) {
        refusals.push(`presence of client ${entry.clientId} belongs to another connection: not changed`);
        continue;
      }
      const bytes = Buffer.byteLength(entry.stateJson, 'utf8');
      if (bytes > MAX_PRESENCE_STATE_BYTES) {
        refusals.push(`presence state of ${bytes} bytes exceeds the limit of ${MAX_PRESENCE_STATE_BYTES} bytes: not shared`);
        continue;
      }
      // Asked only for a state that leads (reading the facilitator may build the board's document).
      if (leads(entry.stateJson) && !(typeof mayLead === 'function' ? mayLead() : mayLead)) {
        refusals.push('only the facilitator can lead with "follow me": presence not shared');
        continue;
      }
      if (!mine) {
        if (entry.stateJson === 'null') continue; // removing a presence nobody holds: nothing to do
        claimed.push(entry.clientId);
      }
      accepted.push(entry);
    }
    return { update: accepted.length > 0 ? writeEntries(accepted) : null, claimed, refusals };
  }

  /** Binds the ids of an admitted frame to its connection (once it applied). */
  bind(connectionId: number, clientIds: readonly number[]): void {
    for (const clientId of clientIds) this.owners.set(clientId, connectionId);
  }

  /** The client ids a connection owns. */
  ownedBy(connectionId: number): number[] {
    return [...this.owners].filter(([, owner]) => owner === connectionId).map(([clientId]) => clientId);
  }

  /** These ids are free again (presence of another instance, removed). */
  forget(clientIds: readonly number[]): void {
    for (const clientId of clientIds) this.owners.delete(clientId);
  }

  /** The connection left: its ids are free again (the room removes their states for everyone). */
  release(connectionId: number): void {
    for (const clientId of this.ownedBy(connectionId)) this.owners.delete(clientId);
  }
}

/** Whether a presence state (JSON text) carries a "follow me" lead. */
function leads(stateJson: string): boolean {
  if (!stateJson.includes('"lead"')) return false;
  try {
    const state = JSON.parse(stateJson) as { lead?: unknown } | null;
    return state !== null && typeof state === 'object' && state.lead !== undefined && state.lead !== null;
  } catch {
    return true; // unreadable: not shared
  }
}

/** Reads an awareness update as y-protocols writes it: count, then (clientID, clock, state JSON) each. */
function readEntries(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const stateJson = decoding.readVarString(decoder);
    entries.push({ clientId, clock, stateJson });
  }
  return entries;
}

function writeEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.stateJson);
  }
  return encoding.toUint8Array(encoder);
}
