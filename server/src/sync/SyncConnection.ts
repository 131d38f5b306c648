import type { BoardRole, LinkKind } from '@lanewise/shared';

/**
 * Who is on the other end of a connection, as the server knows it: fixed at the upgrade from the
 * verified token, never changed by anything the client sends later.
 */
export interface ConnectionIdentity {
  /** Personal link: the person's name from the token. Shared role link: the declared `?name=`. */
  readonly name: string;
  /** True only for personal links: the server vouches for the name. */
  readonly verified: boolean;
  readonly role: BoardRole;
  /** The link the connection came through. */
  readonly via: LinkKind;
  /** The personal link's id, if it came through one. */
  readonly personId?: string;
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
  /**
   * Sends a message already framed by `binaryFrame` (a relay framed once for many sockets).
   * Optional: without it the message is sent with `send`.
   */
  sendFrame?(frame: Buffer, message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued for sending but not yet written to the network. */
  bufferedAmount(): number;
}
