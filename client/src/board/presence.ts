import type { EstimationPresence } from '@lanewise/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore, type StoreApi } from 'zustand/vanilla';

/** What each peer publishes through awareness. */
export interface AwarenessState {
  user: { name: string; color: string };
  cursor: { x: number; y: number } | null;
  dragging: string | null;
  /** Rounds this user has voted in: only *that* they voted, never the card (see estimation/pokerClient.ts). */
  estimation?: readonly EstimationPresence[];
}

export interface PresenceUser {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly isSelf: boolean;
}

export interface RemoteCursor {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
}

export interface PresenceState {
  /** Everyone on the board, this session first. Same array while nobody joins, leaves or renames. */
  readonly users: readonly PresenceUser[];
  /** Item id → the other user dragging it. Same object while no remote drag starts or ends. */
  readonly draggingBy: Readonly<Record<string, PresenceUser>>;
}

export interface CursorState {
  readonly cursors: readonly RemoteCursor[];
}

export type PresenceStore = StoreApi<PresenceState>;
export type CursorStore = StoreApi<CursorState>;

function parseState(value: unknown): AwarenessState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { user, cursor, dragging } = value as Partial<Record<keyof AwarenessState, unknown>>;
  if (typeof user !== 'object' || user === null) return null;
  const { name, color } = user as Record<string, unknown>;
  if (typeof name !== 'string' || typeof color !== 'string') return null;
  const point = cursor as { x?: unknown; y?: unknown } | null | undefined;
  const validCursor = point && typeof point.x === 'number' && typeof point.y === 'number' && Number.isFinite(point.x) && Number.isFinite(point.y) ? { x: point.x, y: point.y } : null;
  // Another client's colour ends up in a style attribute: accept hex colours only.
  const safeColor = /^#[0-9a-fA-F]{6}$/.test(color) ? color : '#4c5a6b';
  return { user: { name: name.slice(0, 80) || 'Anonymous', color: safeColor }, cursor: validCursor, dragging: typeof dragging === 'string' ? dragging : null };
}

function sameUsers(a: readonly PresenceUser[], b: readonly PresenceUser[]): boolean {
  return a.length === b.length && a.every((user, i) => {
    const other = b[i];
    return other !== undefined && other.clientId === user.clientId && other.name === user.name && other.color === user.color;
  });
}

function sameDragging(a: Readonly<Record<string, PresenceUser>>, b: Readonly<Record<string, PresenceUser>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key]?.clientId === b[key]?.clientId && a[key]?.name === b[key]?.name);
}

export function createPresenceStores(): { presence: PresenceStore; cursors: CursorStore } {
  return {
    presence: createStore<PresenceState>()(() => ({ users: [], draggingBy: {} })),
    cursors: createStore<CursorState>()(() => ({ cursors: [] })),
  };
}

/**
 * Mirrors awareness into the presence and cursor stores, keeping identity when nothing relevant
 * changed. With `schedule` (the browser passes one frame), awareness changes arriving before the
 * scheduled flush are read once: 50 people moving cursors cost one publication per frame.
 */
export function connectPresence(awareness: Awareness, presence: PresenceStore, cursors: CursorStore, schedule?: (flush: () => void) => () => void): () => void {
  const publish = () => {
    const users: PresenceUser[] = [];
    const draggingBy: Record<string, PresenceUser> = {};
    const nextCursors: RemoteCursor[] = [];
    for (const [clientId, raw] of awareness.getStates()) {
      const state = parseState(raw);
      if (!state) continue;
      const isSelf = clientId === awareness.clientID;
      const user: PresenceUser = { clientId, name: state.user.name, color: state.user.color, isSelf };
      users.push(user);
      if (isSelf) continue;
      if (state.dragging) draggingBy[state.dragging] = user;
      if (state.cursor) nextCursors.push({ clientId, name: user.name, color: user.color, x: state.cursor.x, y: state.cursor.y });
    }
    users.sort((a, b) => (a.isSelf === b.isSelf ? a.clientId - b.clientId : a.isSelf ? -1 : 1));
    const prev = presence.getState();
    const nextUsers = sameUsers(prev.users, users) ? prev.users : users;
    const nextDragging = sameDragging(prev.draggingBy, draggingBy) ? prev.draggingBy : draggingBy;
    if (nextUsers !== prev.users || nextDragging !== prev.draggingBy) presence.setState({ users: nextUsers, draggingBy: nextDragging });
    if (nextCursors.length > 0 || cursors.getState().cursors.length > 0) cursors.setState({ cursors: nextCursors });
  };
  let cancel: (() => void) | null = null;
  const onChange = () => {
    if (!schedule) return publish();
    cancel ??= schedule(() => {
      cancel = null;
      publish();
    });
  };
  awareness.on('change', onChange);
  publish();
  return () => {
    awareness.off('change', onChange);
    cancel?.();
  };
}
