import { isFacilitator, mayHandOver, MAX_PHASE_DEADLINE_MS, MAX_TIMER_MS, readRetroView, type BoardView, type RetroPhase } from '@lanewise/shared';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { BoardAccess } from '../auth/BoardAccess.ts';
import { readBody } from '../auth/httpAccess.ts';
import type { PhaseDeadlines } from '../facilitation/PhaseDeadlines.ts';
import type { FacilitationPatch } from '../room/commands/BoardCommand.ts';
import { BoardNotFoundError } from '../sync/boardErrors.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';

export interface FacilitationDeps {
  readonly rooms: BoardRooms;
  readonly access: BoardAccess;
  readonly deadlines: PhaseDeadlines;
}

type Status = 400 | 403 | 404 | 409;
const fail = (c: Context, status: Status, code: string, message: string) => c.json({ error: { code, message } }, status);

const minutes = z.number().positive('must be more than 0').max(MAX_TIMER_MS / 60_000, `must be at most ${MAX_TIMER_MS / 60_000}`);
export const timerBody = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start'), minutes, label: z.string().trim().max(80).optional() }).strict(),
  z.object({ action: z.literal('extend'), minutes }).strict(),
  z.object({ action: z.literal('stop') }).strict(),
]);
export const lockBody = z.object({ locked: z.boolean() }).strict();
export const facilitatorBody = z.object({ personId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a personal link id').nullable() }).strict();
export const deadlineBody = z.object({ at: z.number().int().nullable() }).strict();

const NOT_FACILITATOR = 'Only the facilitator can do this; nothing was changed.';

/**
 * Facilitation for retro and planning boards (shared/src/facilitation.ts): who leads, the shared
 * timer, the lock, async phase deadlines. Every write is checked on the board's thread against
 * the caller's link (setFacilitation.ts); the document fields are the server's alone.
 */
export function createFacilitationRoutes({ rooms, access, deadlines }: FacilitationDeps): Hono {
  const app = new Hono();

  async function board(c: Context): Promise<BoardView | Response> {
    const id = c.req.param('id') as string;
    try {
      const found = await rooms.run(id, { type: 'readBoard' });
      if (found) return found;
    } catch (error) {
      if (!(error instanceof BoardNotFoundError)) throw error;
    }
    return fail(c, 404, 'board_not_found', `Board "${id}" does not exist.`);
  }

  /** Runs a facilitation change as the caller; 403 if they may not. */
  async function change(c: Context, patch: FacilitationPatch, when?: { phase: RetroPhase }): Promise<Response> {
    const grant = c.get('grant');
    const result = await rooms.run(c.req.param('id') as string, { type: 'setFacilitation', actor: { role: grant.role, personId: grant.personId }, patch, ...(when ? { when } : {}) });
    if (!result.ok && result.stale) return fail(c, 409, 'wrong_phase', 'The retro moved to another phase meanwhile; nothing was changed.');
    if (!result.ok) return fail(c, 403, 'facilitator_only', NOT_FACILITATOR);
    return c.json({ meta: result.meta, serverTime: Date.now() });
  }

  /** People the role can be handed to: personal links that may write, not revoked or expired. */
  const candidates = async (boardId: string) =>
    (await access.listPersonal(boardId))
      .filter((link) => link.revokedAt === null && (link.expiresAt === null || link.expiresAt > Date.now()) && link.role !== 'viewer')
      .map((link) => ({ personId: link.id, name: link.name, role: link.role }));

  // Also the clock the timer is read by: the client measures its offset from `serverTime`.
  app.get('/:id/facilitation', async (c) => {
    const found = await board(c);
    if (found instanceof Response) return found;
    const grant = c.get('grant');
    const handOver = mayHandOver(found.meta, grant);
    return c.json({
      serverTime: Date.now(),
      isFacilitator: isFacilitator(found.meta, grant),
      mayHandOver: handOver,
      candidates: handOver ? await candidates(c.req.param('id')) : [],
    });
  });

  app.post('/:id/facilitation/facilitator', async (c) => {
    const body = await readBody(c, facilitatorBody);
    if (!body.ok) return body.response;
    const { personId } = body.value;
    if (personId === null) return change(c, { facilitator: null });
    const person = (await candidates(c.req.param('id'))).find((candidate) => candidate.personId === personId);
    if (!person) return fail(c, 400, 'invalid_input', 'The facilitator role goes to a member with a personal link that can edit (not revoked, not expired).');
    return change(c, { facilitator: { personId: person.personId, name: person.name } });
  });

  app.post('/:id/facilitation/timer', async (c) => {
    const body = await readBody(c, timerBody);
    if (!body.ok) return body.response;
    const found = await board(c);
    if (found instanceof Response) return found;
    const now = Date.now();
    const value = body.value;
    if (value.action === 'stop') return change(c, { timer: null });
    if (value.action === 'start') {
      const durationMs = Math.round(value.minutes * 60_000);
      return change(c, { timer: { endsAt: now + durationMs, durationMs, ...(value.label ? { label: value.label } : {}) } });
    }
    const timer = found.meta.timer;
    if (!timer) return fail(c, 409, 'no_timer', 'No timer is running; start one first.');
    const extra = Math.round(value.minutes * 60_000);
    // Extending an ended timer restarts it from now; a running one ends later.
    const endsAt = Math.max(timer.endsAt, now) + extra;
    if (endsAt - now > MAX_TIMER_MS) return fail(c, 400, 'invalid_input', `A timer runs at most ${MAX_TIMER_MS / 60_000} minutes.`);
    return change(c, { timer: { ...timer, endsAt, durationMs: timer.durationMs + extra } });
  });

  app.post('/:id/facilitation/lock', async (c) => {
    const body = await readBody(c, lockBody);
    if (!body.ok) return body.response;
    return change(c, { locked: body.value.locked ? true : null });
  });

  app.post('/:id/facilitation/deadline', async (c) => {
    const body = await readBody(c, deadlineBody);
    if (!body.ok) return body.response;
    const found = await board(c);
    if (found instanceof Response) return found;
    const retro = readRetroView(found.meta);
    if (!retro) return fail(c, 400, 'not_a_retro', 'Only retro phases have deadlines.');
    const id = c.req.param('id');
    const { at } = body.value;
    if (at === null) {
      const response = await change(c, { phaseDeadline: null });
      if (response.ok) await deadlines.clear(id);
      return response;
    }
    if (retro.phase === 'closed') return fail(c, 409, 'wrong_phase', 'A closed retro has no phase to close.');
    const now = Date.now();
    if (at <= now || at - now > MAX_PHASE_DEADLINE_MS) return fail(c, 400, 'invalid_input', 'at must be in the future, at most 30 days from now.');
    const response = await change(c, { phaseDeadline: { phase: retro.phase, at } }, { phase: retro.phase });
    if (response.ok) await deadlines.set({ boardId: id, phase: retro.phase, at });
    return response;
  });

  return app;
}

/**
 * Middleware for the HTTP routes that change a board outside the live connection (CSV import,
 * snapshot restore): while the board is locked, only the facilitator may use them, as the
 * `locked-board` rule holds for live updates. 409 `board_locked`; nothing is read or written.
 */
export function refuseWhileLocked(rooms: BoardRooms): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    let board: BoardView | null = null;
    try {
      board = await rooms.run(c.req.param('id') as string, { type: 'readBoard' });
    } catch (error) {
      if (!(error instanceof BoardNotFoundError)) throw error;
    }
    if (board?.meta.locked === true && !isFacilitator(board.meta, c.get('grant'))) {
      return fail(c, 409, 'board_locked', 'The facilitator has locked the board; nothing was changed. Wait until it is unlocked.');
    }
    return next();
  };
}
