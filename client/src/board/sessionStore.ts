import { createStore, type StoreApi } from 'zustand/vanilla';

export type ConnectionStatus = 'connected' | 'reconnecting' | 'offline';

/** Everything about an open board that is not board content: connection, loading, undo. */
export interface SessionState {
  readonly connection: ConnectionStatus;
  /** The server said this board does not exist (close 4404, or an empty board after sync). */
  readonly notFound: boolean;
  /** The server closed the connection for good for another reason. */
  readonly closedReason: string | null;
  /** The local IndexedDB copy has been read. */
  readonly localLoaded: boolean;
  /** The first sync with the server has completed. */
  readonly synced: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** The role of this browser's link for the board (null: no link, the server decides). */
  readonly role: 'owner' | 'editor' | 'viewer' | null;
  /** View-only: from a viewer link, or because the server refused a write. */
  readonly readOnly: boolean;
  /** Why the server refused access (missing, revoked or wrong link), shown instead of the board. */
  readonly accessDenied: string | null;
}

export type SessionStore = StoreApi<SessionState>;

export function createSessionStore(): SessionStore {
  return createStore<SessionState>()(() => ({
    connection: 'reconnecting',
    notFound: false,
    closedReason: null,
    localLoaded: false,
    synced: false,
    canUndo: false,
    canRedo: false,
    role: null,
    readOnly: false,
    accessDenied: null,
  }));
}
