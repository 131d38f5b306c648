import { canWrite, facilitatorLabel, isFacilitator, LIMITS, PERSPECTIVES, readRetroView, RETRO_PHASES, type BoardView } from '@lanewise/shared';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { moveRetroPhase } from '../retro/movePhase.ts';
import type { RetroRecords } from '../retro/RetroRecords.ts';
import { PARTICIPANT_HEADER, participantKey } from '../retro/participantKey.ts';
import { BoardNotFoundError } from '../sync/boardErrors.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import { requestActor } from './historyRoutes.ts';

export interface RetroDeps {
  readonly rooms: BoardRooms;
  readonly retro: RetroRecords;
}

type Status = 400 | 403 | 404 | 409;
const fail = (c: Context, status: Status, code: string, message: string) => c.json({ error: { code, message } }, status);

export const draftBody = z
  .object({
    laneId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a column id'),
    text: z.string().trim().min(1, 'must not be empty').max(LIMITS.titleLength, `must be at most ${LIMITS.titleLength} characters`),
    perspective: z.enum(PERSPECTIVES).nullable().optional(),
  })
  .strict();

/** Only a count: a vote is counted for whoever sends it, so the body has no voter field. */
export const voteBody = z.object({ votes: z.number().int().min(0, 'must be 0 or more').max(50, 'must be at most 50') }).strict();
export const doneBody = z.object({ done: z.boolean() }).strict();
export const phaseBody = z.object({ phase: z.enum(RETRO_PHASES, { message: `must be one of: ${RETRO_PHASES.join(', ')}` }) }).strict();

const LOCKED = 'The facilitator has locked the board; nothing was saved. Wait until it is unlocked.';
/** While the board is locked, only the facilitator writes (drafts, votes and "I'm done" too). */
const lockedFor = (c: Context, board: BoardView) => board.meta.locked === true && !isFacilitator(board.meta, c.get('grant'));

export async function jsonBody<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, message: 'The request body is not valid JSON.' };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys' && issue.keys.some((key) => ['voter', 'name', 'author', 'participant', 'person'].includes(key))) {
    return { ok: false, message: 'Votes and drafts count for whoever sends them (your link and browser); you cannot act for someone else.' };
  }
  return { ok: false, message: `${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`.trim() };
}

/**
 * The private half of a retro: drafts before the reveal, votes before the end of voting, "I'm
 * done" signals, and the facilitator's phase control. Everything here is bound to the caller's
 * link (and, on shared links, the browser's participant secret), never to a name in the body.
 */
export function createRetroRoutes({ rooms, retro }: RetroDeps): Hono {
  const app = new Hono();

  /** The board, if it is a retro; otherwise an error response. */
  async function retroBoard(c: Context): Promise<{ board: BoardView; phase: (typeof RETRO_PHASES)[number]; budget: number; cap: number } | Response> {
    const id = c.req.param('id') as string;
    let board: BoardView | null;
    try {
      board = await rooms.run(id, { type: 'readBoard' });
    } catch (error) {
      if (error instanceof BoardNotFoundError) return fail(c, 404, 'board_not_found', `Board "${id}" does not exist.`);
      throw error;
    }
    const view = board ? readRetroView(board.meta) : null;
    if (!board || !view) return fail(c, 400, 'not_a_retro', 'This board is a planning board; drafts, votes and phases belong to retro boards.');
    return { board, phase: view.phase, budget: view.voteBudget, cap: view.voteCap };
  }

  function participant(c: Context): string | Response {
    const grant = c.get('grant');
    const key = participantKey(grant, c.req.header(PARTICIPANT_HEADER));
    if (key === null) return fail(c, 400, 'participant_missing', `Send your participant secret (${PARTICIPANT_HEADER}: 16–128 letters, digits, "-" or "_"); the Lanewise client does this for you.`);
    return key;
  }

  app.get('/:id/retro', async (c) => {
    const id = c.req.param('id');
    const found = await retroBoard(c);
    if (found instanceof Response) return found;
    const grant = c.get('grant');
    const key = participantKey(grant, c.req.header(PARTICIPANT_HEADER));
    const mine = key === null ? null : { drafts: await retro.draftsOf(id, key), votes: Object.fromEntries(await retro.votesOf(id, key)), done: await retro.isDone(id, found.phase, key) };
    // The facilitator sees how far people are — numbers only, never whose or what.
    // Who said "I'm done" is not a secret (what they wrote is): the facilitator sees the names.
    const progress = isFacilitator(found.board.meta, grant) ? { ...(await retro.draftCounts(id)), done: await retro.doneCount(id, found.phase), doneNames: await retro.doneNames(id, found.phase) } : null;
    return c.json({ phase: found.phase, voteBudget: found.budget, voteCap: found.cap, mine, progress });
  });

  app.post('/:id/retro/drafts', async (c) => {
    const id = c.req.param('id');
    if (!canWrite(c.get('grant').role)) return fail(c, 403, 'role_too_low', 'This link is read-only: viewers cannot write cards.');
    const key = participant(c);
    if (key instanceof Response) return key;
    const body = await jsonBody(c, draftBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const found = await retroBoard(c);
    if (found instanceof Response) return found;
    if (lockedFor(c, found.board)) return fail(c, 409, 'board_locked', LOCKED);
    if (found.phase !== 'reflect') return fail(c, 409, 'wrong_phase', 'Cards are written during the Reflect phase; ask the facilitator to go back to it.');
    if (!found.board.lanes.some((lane) => lane.id === body.value.laneId)) return fail(c, 400, 'invalid_input', 'laneId is not a column of this retro.');
    const draft = await retro.addDraft(id, key, { laneId: body.value.laneId, text: body.value.text, perspective: body.value.perspective ?? null, author: requestActor(c).name });
    return c.json({ draft }, 201);
  });

  app.delete('/:id/retro/drafts/:draftId', async (c) => {
    const key = participant(c);
    if (key instanceof Response) return key;
    if (!(await retro.deleteDraft(c.req.param('id'), key, c.req.param('draftId')))) return fail(c, 404, 'draft_not_found', 'You have no draft with that id (it may have been revealed).');
    return c.body(null, 204);
  });

  app.put('/:id/retro/votes/:itemId', async (c) => {
    const id = c.req.param('id');
    if (!canWrite(c.get('grant').role)) return fail(c, 403, 'role_too_low', 'This link is read-only: viewers cannot vote.');
    const key = participant(c);
    if (key instanceof Response) return key;
    const body = await jsonBody(c, voteBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const found = await retroBoard(c);
    if (found instanceof Response) return found;
    if (lockedFor(c, found.board)) return fail(c, 409, 'board_locked', LOCKED);
    if (found.phase !== 'vote') return fail(c, 409, 'wrong_phase', 'Votes are cast during the Vote phase.');
    const itemId = c.req.param('itemId');
    if (!found.board.lanes.some((lane) => lane.items.some((item) => item.id === itemId))) return fail(c, 404, 'card_not_found', 'That card is not on this retro.');
    const refusal = await retro.setVotes(id, key, itemId, body.value.votes, { budget: found.budget, cap: found.cap });
    if (refusal) return fail(c, 409, 'over_budget', refusal);
    return c.json({ votes: Object.fromEntries(await retro.votesOf(id, key)) });
  });

  app.post('/:id/retro/done', async (c) => {
    const key = participant(c);
    if (key instanceof Response) return key;
    const body = await jsonBody(c, doneBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const found = await retroBoard(c);
    if (found instanceof Response) return found;
    if (lockedFor(c, found.board)) return fail(c, 409, 'board_locked', LOCKED);
    await retro.markDone(c.req.param('id'), found.phase, key, body.value.done, requestActor(c).name);
    return c.json({ done: body.value.done });
  });

  app.post('/:id/retro/phase', async (c) => {
    const id = c.req.param('id');
    const found = await retroBoard(c);
    if (found instanceof Response) return found;
    if (!isFacilitator(found.board.meta, c.get('grant'))) return fail(c, 403, 'facilitator_only', `Only the facilitator (${facilitatorLabel(found.board.meta)}) can change the phase.`);
    const body = await jsonBody(c, phaseBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    return c.json(await moveRetroPhase(rooms, retro, id, found.phase, body.value.phase));
  });

  return app;
}
