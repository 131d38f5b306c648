/**
 * The wire: the standard y-websocket protocol (y-protocols sync, awareness, auth) on
 * `/sync/:boardId`, plus the close codes the server uses when it drops a connection.
 */
export const PROTOCOL_VERSION = 1;

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** Lanewise extension: decision-log entries as JSON, sent only to clients that ask for them. */
  Decisions: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * Close codes: 1000–1015 from RFC 6455, 4000–4999 are ours. As in y-websocket, 44xx means "do not
 * retry as is" (the stock client stops reconnecting) and 45xx means "a transient server-side
 * condition: reconnect".
 */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  TryAgainLater: 1013,
  BadMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  BoardNotFound: 4404,
  /** The client fell too far behind; reconnecting resyncs it. */
  ClientTooSlow: 4508,
  /** The update would grow the board past MAX_BOARD_BYTES; nothing of it was stored. */
  BoardTooLarge: 4413,
  /** The update breaks the board schema; nothing of it was applied, stored or relayed. */
  SchemaViolation: 4422,
  BoardUnavailable: 4503,
  /**
   * The database did not answer: the update was not stored (nothing of it was kept or relayed).
   * The client keeps its edit and sends it again when it reconnects.
   */
  StorageUnavailable: 4504,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which a client should not reconnect on its own. */
export const PERMANENT_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.BoardNotFound,
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.BoardTooLarge,
  CloseCode.SchemaViolation,
]);

/** Query parameter a client sets to receive `MessageType.Decisions` (`features=decisions`). */
export const DECISIONS_FEATURE = 'decisions';

/** The websocket path of a board. */
export function syncPath(boardId: string): string {
  return `/sync/${encodeURIComponent(boardId)}`;
}
