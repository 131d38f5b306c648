/** Errors of board work that cross from a board thread to the caller by name (`CommandFailure`). */

export class BoardNotFoundError extends Error {
  override readonly name = 'BoardNotFoundError';
}

export class SnapshotNotFoundError extends Error {
  override readonly name = 'SnapshotNotFoundError';
}

/** Storing a server-side change (a restore) failed: nothing of it was stored or relayed. */
export class ChangeNotStoredError extends Error {
  override readonly name = 'ChangeNotStoredError';
}

/** The board could not be loaded, or its thread was replaced while the work ran: try again. */
export class BoardUnavailableError extends Error {
  override readonly name = 'BoardUnavailableError';
}
