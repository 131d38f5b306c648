/** Who is on the other end of a connection, as the server knows it. */
export interface ConnectionIdentity {
  /** The display name the client declared at connect (`?name=`). */
  readonly name: string;
  /** False until access control can vouch for the name. */
  readonly verified: boolean;
}

/**
 * One client's connection as the sync core sees it: a transport-free handle. The websocket route
 * adapts a `ws` socket onto it; tests can use anything that records sends and closes.
 */
export interface SyncConnection {
  readonly id: string;
  readonly identity: ConnectionIdentity;
  /** Whether the client asked for live decision-log entries (`features=decisions`). */
  readonly receivesDecisions: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending but not yet written to the network. */
  bufferedAmount(): number;
}

/** The origin of every transaction the server applies on behalf of a connection. */
export interface ConnectionOrigin {
  readonly source: 'connection';
  readonly connection: SyncConnection;
}
