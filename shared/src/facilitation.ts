import type { BoardMeta } from './schema.ts';

/**
 * Facilitation, for retro and planning boards alike: who leads the session, the shared timer,
 * the board lock and (retro) a phase deadline. These meta fields are written only by the server
 * (FACILITATION_SERVER_FIELDS, POST /api/boards/:id/facilitation/…); the rule
 * `facilitation-server-only` refuses them from any client, and `locked-board` refuses everyone
 * but the facilitator while the board is locked. Follow me is presence: only the facilitator's
 * connection may publish a `lead` field (the server drops it from anyone else).
 */
export const FACILITATION_SERVER_FIELDS = ['facilitator', 'timer', 'locked', 'phaseDeadline'] as const;

/** Who asks, as the server knows it: the link's role and, for a personal link, its person. */
export interface FacilitationActor {
  readonly role: string;
  readonly personId?: string | undefined;
}

type FacilitationMeta = Pick<BoardMeta, 'facilitator'> | null | undefined;

/**
 * Whether `actor` is the board's facilitator: the person the role was handed to, or — when it was
 * not handed to anyone — any owner link.
 */
export function isFacilitator(meta: FacilitationMeta, actor: FacilitationActor): boolean {
  const handedTo = meta?.facilitator;
  if (handedTo) return actor.personId !== undefined && actor.personId === handedTo.personId;
  return actor.role === 'owner';
}

/** Who may hand the role on: the owner (always, also to take it back) and the facilitator. */
export function mayHandOver(meta: FacilitationMeta, actor: FacilitationActor): boolean {
  return actor.role === 'owner' || isFacilitator(meta, actor);
}

/** The facilitator's name for everyone to see. */
export function facilitatorLabel(meta: FacilitationMeta): string {
  return meta?.facilitator?.name ?? 'the board owner';
}

/** Longest timer, and the longest an async phase may stay open (30 days). */
export const MAX_TIMER_MS = 4 * 60 * 60 * 1000;
export const MAX_PHASE_DEADLINE_MS = 30 * 24 * 60 * 60 * 1000;

/** Milliseconds left on a timer at server time `serverNow` (0 once it ended). */
export function timerRemaining(timer: BoardMeta['timer'], serverNow: number): number {
  return timer ? Math.max(0, timer.endsAt - serverNow) : 0;
}

/** "4:05" for 245 000 ms (rounded up to the second, so 0:00 shows only once it ended). */
export function formatRemaining(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/**
 * The offset to add to this device's clock to read the server's, from one round trip: the server
 * stamped `serverTime` somewhere between `sentAt` and `receivedAt` (device clock), so the middle
 * is the best guess (error at most half the round trip).
 */
export function clockOffset(sentAt: number, serverTime: number, receivedAt: number): number {
  return Math.round(serverTime - (sentAt + receivedAt) / 2);
}
