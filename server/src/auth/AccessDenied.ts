/** Why a request or websocket was refused: an HTTP status, a stable code and a sentence to act on. */
export class AccessDenied extends Error {
  override readonly name = 'AccessDenied';
  constructor(
    readonly status: 401 | 403 | 404 | 429,
    readonly code: AccessDeniedCode,
    message: string,
    /** With 429: seconds until asking again can succeed (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const AccessDeniedCode = {
  TokenMissing: 'token_missing',
  TokenMalformed: 'token_malformed',
  TokenAlgorithm: 'token_algorithm_refused',
  TokenSignature: 'token_bad_signature',
  TokenExpired: 'token_expired',
  TokenRevoked: 'token_revoked',
  WrongBoard: 'token_wrong_board',
  RoleTooLow: 'role_insufficient',
  OriginRefused: 'origin_not_allowed',
  TooManyConnections: 'too_many_connections',
  RateLimited: 'rate_limited',
  TicketInvalid: 'ticket_invalid',
  AdminTokenNotForSync: 'admin_token_not_for_sync',
} as const;
export type AccessDeniedCode = (typeof AccessDeniedCode)[keyof typeof AccessDeniedCode];
