export const BoardErrorCode = {
  NotFound: 'not_found',
  InvalidInput: 'invalid_input',
  Conflict: 'conflict',
  InvalidDocument: 'invalid_document',
} as const;
export type BoardErrorCode = (typeof BoardErrorCode)[keyof typeof BoardErrorCode];

/** Thrown by board commands; `message` is a sentence a user can act on. */
export class BoardCommandError extends Error {
  readonly code: BoardErrorCode;
  constructor(code: BoardErrorCode, message: string) {
    super(message);
    this.name = 'BoardCommandError';
    this.code = code;
  }
}
