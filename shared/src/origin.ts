/**
 * Every Yjs transaction on a board carries one of these as its origin, so observers can tell a
 * user's own edit from a remote one, a server write or a migration without guessing.
 * The client keeps one `LocalOrigin` object per session: `Y.UndoManager` tracks it by identity.
 */
export type LocalOrigin = { readonly source: 'local'; readonly sessionId: string };
export type ServerOrigin = { readonly source: 'server'; readonly reason: string };
export type MigrationOrigin = { readonly source: 'migration'; readonly toVersion: number };
export type BoardOrigin = LocalOrigin | ServerOrigin | MigrationOrigin;

export function localOrigin(sessionId: string): LocalOrigin {
  return { source: 'local', sessionId };
}

export function serverOrigin(reason: string): ServerOrigin {
  return { source: 'server', reason };
}

export function isBoardOrigin(value: unknown): value is BoardOrigin {
  if (typeof value !== 'object' || value === null || !('source' in value)) return false;
  const source = (value as { source: unknown }).source;
  return source === 'local' || source === 'server' || source === 'migration';
}

/** Used when a caller does not say who it is (scripts, tests). */
export const DEFAULT_ORIGIN: LocalOrigin = localOrigin('default');
