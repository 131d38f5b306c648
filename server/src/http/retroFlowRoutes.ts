import { BoardCommandError, comparePerspectives, describeDecision, facilitatorLabel, isActionsLane, isFacilitator, isValidId, JOINT_VIEW_MIN_PARTICIPANTS, type BoardRole, type DecisionEntry, type ItemLink } from '@lanewise/shared';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AccessDenied } from '../auth/AccessDenied.ts';
import { roleAtLeast, type BoardAccess } from '../auth/BoardAccess.ts';
import { retroToCsv, retroToMarkdown } from '../export/retroExport.ts';
import type { RetroRecord } from '../room/commands/BoardCommand.ts';
import type { RetroRecords } from '../retro/RetroRecords.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { BoardNotFoundError } from '../sync/boardErrors.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';
import { requestActor } from './historyRoutes.ts';
import { jsonBody } from './retroRoutes.ts';

export interface RetroFlowDeps {
  readonly rooms: BoardRooms;
  readonly retro: RetroRecords;
  readonly access: BoardAccess;
  readonly storage: BoardStorage;
}

type Status = 400 | 403 | 404 | 409;
const fail = (c: Context, status: Status, code: string, message: string) => c.json({ error: { code, message } }, status);

const boardId = z.string().refine(isValidId, 'must be a board id');
const token = z.string().min(1, 'must not be empty').max(4096);
const lens = (min: number, max: number) => z.number().min(min).max(max).nullable().optional();

export const seriesBody = z.object({ planningBoardId: boardId, planningToken: token }).strict();
export const nextBody = z.object({ title: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional() }).strict();
export const promoteBody = z
  .object({
    targetBoardId: boardId,
    targetToken: token,
    laneId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a lane id'),
    estimate: z.number().nonnegative('must be 0 or more').nullable().optional(),
    reach: z.number().nonnegative().nullable().optional(),
    impact: lens(0, 3),
    confidence: lens(0, 1),
    techHealth: lens(0, 3),
    risk: lens(1, 3),
  })
  .strict();

/** Lanes whose initiatives count as done in a retro's review ("Done", "Shipped", …). */
export const DONE_LANE = /^(done|shipped|released|complete|completed|finished)$/i;

/** What entries of a planning board's decision log a retro shows as context. */
const CONTEXT_ACTIONS = new Set(['item.moved', 'item.reranked', 'lane.limit-overridden', 'item.created']);

/**
 * The retro after the reveal and across retros (issue 10): a retro linked to a planning board,
 * "Start the next retro", the review of earlier retros' actions with their live status, the
 * planning board's decisions since the last retro, the joint product/engineering view, the
 * Markdown and CSV exports, and promoting an action to a planning board. Every write names the
 * other board with a token for it; the server checks that token's role there, not the body.
 */
export function createRetroFlowRoutes({ rooms, retro, access, storage }: RetroFlowDeps): Hono {
  const app = new Hono();

  async function record(id: string): Promise<RetroRecord | null> {
    try {
      return await rooms.run(id, { type: 'readRetroRecord' });
    } catch (error) {
      if (error instanceof BoardNotFoundError) return null;
      throw error;
    }
  }

  /** The retro this request is about, or an error response. */
  async function thisRetro(c: Context): Promise<RetroRecord | Response> {
    const found = await record(c.req.param('id') as string);
    if (!found) return fail(c, 404, 'board_not_found', 'This board does not exist.');
    if (found.meta.kind !== 'retro') return fail(c, 400, 'not_a_retro', 'This board is a planning board; series, reviews and actions belong to retro boards.');
    return found;
  }

  /** Checks a token for another board: its role there must be at least `required`. */
  async function otherBoard(c: Context, id: string, tokenText: string, required: BoardRole, what: string): Promise<RetroRecord | Response> {
    try {
      const grant = await access.authorize(tokenText, id);
      if (!roleAtLeast(grant.role, required)) return fail(c, 403, 'target_forbidden', `Your link to that board is a ${grant.role} link; ${what} needs an ${required} link.`);
    } catch (error) {
      if (error instanceof AccessDenied) return fail(c, 403, 'target_forbidden', `Your link does not open that board, so you cannot ${what}. Open the board with a link first.`);
      throw error;
    }
    const found = await record(id);
    if (!found) return fail(c, 404, 'board_not_found', 'That board does not exist.');
    if (found.meta.kind === 'retro') return fail(c, 400, 'not_a_planning_board', 'That board is a retro; pick a planning board.');
    return found;
  }


  app.get('/:id/retro/series', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    const series = await retro.seriesOf(c.req.param('id'));
    const planning = series?.planningBoardId ? await record(series.planningBoardId) : null;
    const earlier = await Promise.all((await retro.earlierRetros(c.req.param('id'))).map(async (id) => ({ id, title: (await record(id))?.meta.title ?? '(deleted retro)' })));
    return c.json({
      planningBoard: series?.planningBoardId ? { id: series.planningBoardId, title: planning?.meta.title ?? '(deleted board)', lanes: (planning?.lanes ?? []).filter((lane) => !lane.deleted).map(({ id, name }) => ({ id, name })) } : null,
      earlier,
    });
  });

  app.put('/:id/retro/series', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    if (!isFacilitator(found.meta, c.get('grant'))) return fail(c, 403, 'facilitator_only', `Only the facilitator (${facilitatorLabel(found.meta)}) can link the retro to a planning board.`);
    const body = await jsonBody(c, seriesBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const planning = await otherBoard(c, body.value.planningBoardId, body.value.planningToken, 'viewer', 'link this retro to it');
    if (planning instanceof Response) return planning;
    await retro.linkSeries(c.req.param('id'), { planningBoardId: body.value.planningBoardId });
    return c.json({ planningBoard: { id: body.value.planningBoardId, title: planning.meta.title } });
  });

  app.post('/:id/retro/next', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    if (!isFacilitator(found.meta, c.get('grant'))) return fail(c, 403, 'facilitator_only', `Only the facilitator (${facilitatorLabel(found.meta)}) can start the next retro of the series.`);
    const body = await jsonBody(c, nextBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const id = c.req.param('id');
    const prompts = found.lanes.filter((lane) => !lane.deleted && !isActionsLane(lane)).map((lane) => lane.name);
    const template = found.meta.template;
    const title = body.value.title ?? `${found.meta.title.replace(/\s*\(next\)$/, '')} (next)`.slice(0, 200);
    let next: string;
    try {
      next = await rooms.createBoard({ title, template, sample: false, ...(template === 'retro-custom' ? { prompts } : {}) });
    } catch (error) {
      if (error instanceof BoardCommandError) return fail(c, 400, error.code, error.message);
      throw error;
    }
    await retro.linkSeries(next, { planningBoardId: (await retro.seriesOf(id))?.planningBoardId ?? null, previousId: id });
    return c.json({ id: next, url: `/b/${next}`, links: await access.roleLinks(next) }, 201);
  });

  app.post('/:id/retro/actions/:itemId/promote', async (c) => {
    const body = await jsonBody(c, promoteBody);
    if (!body.ok) return fail(c, 400, 'invalid_input', body.message);
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    if (found.meta.retroPhase !== 'actions') return fail(c, 409, 'wrong_phase', 'Actions are promoted in the Actions phase.');
    const id = c.req.param('id');
    const itemId = c.req.param('itemId');
    const action = found.items.find((item) => item.id === itemId);
    const actionLanes = new Set(found.lanes.filter(isActionsLane).map((lane) => lane.id));
    if (!action) return fail(c, 404, 'card_not_found', 'That action is not on this retro.');
    if (!actionLanes.has(action.laneId)) return fail(c, 400, 'not_an_action', 'Only cards in the Actions column can be promoted.');
    if (action.link) return fail(c, 409, 'already_promoted', `This action is already on “${action.link.boardTitle}”.`);
    const target = await otherBoard(c, body.value.targetBoardId, body.value.targetToken, 'editor', 'add initiatives to it');
    if (target instanceof Response) return target;
    const actor = requestActor(c);
    const reason = `Action from retro “${found.meta.title}”${action.owner ? `, owned by ${action.owner}` : ''}${action.due ? `, due ${action.due}` : ''}`.slice(0, 1000);
    const { value } = body;
    let promoted: { itemId: string; laneName: string; boardTitle: string };
    try {
      promoted = await rooms.run(value.targetBoardId, {
        type: 'promoteAction',
        title: action.title,
        laneId: value.laneId,
        owner: action.owner,
        estimate: value.estimate ?? null,
        reach: value.reach ?? null,
        impact: value.impact ?? null,
        confidence: value.confidence ?? null,
        techHealth: value.techHealth ?? null,
        risk: value.risk ?? null,
        link: { boardId: id, itemId, boardTitle: found.meta.title },
        reason,
        actor,
      });
    } catch (error) {
      if (error instanceof BoardCommandError) return fail(c, 400, 'invalid_input', error.message);
      throw error;
    }
    const link: ItemLink = { boardId: value.targetBoardId, itemId: promoted.itemId, boardTitle: promoted.boardTitle };
    await rooms.run(id, { type: 'linkPromotedAction', itemId, link, laneName: promoted.laneName, reason, actor });
    // A retro promoted into a board it was not linked to joins that board's series.
    if (!(await retro.seriesOf(id))?.planningBoardId) await retro.linkSeries(id, { planningBoardId: value.targetBoardId });
    return c.json({ initiative: { ...link, laneName: promoted.laneName } }, 201);
  });

  app.get('/:id/retro/review', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    const planningCache = new Map<string, RetroRecord | null>();
    const planningBoard = async (id: string) => {
      if (!planningCache.has(id)) planningCache.set(id, await record(id));
      return planningCache.get(id) ?? null;
    };
    const actions = [];
    let done = 0;
    for (const earlierId of await retro.earlierRetros(c.req.param('id'))) {
      const earlier = await record(earlierId);
      if (!earlier) continue;
      const actionLanes = new Set(earlier.lanes.filter(isActionsLane).map((lane) => lane.id));
      for (const item of earlier.items.filter((candidate) => actionLanes.has(candidate.laneId))) {
        let status: { laneName: string; done: boolean } | { removed: true } | null = null;
        if (item.link) {
          const board = await planningBoard(item.link.boardId);
          const initiative = board?.items.find((candidate) => candidate.id === item.link?.itemId);
          const lane = initiative ? board?.lanes.find((candidate) => candidate.id === initiative.laneId) : undefined;
          status = lane ? { laneName: lane.name, done: DONE_LANE.test(lane.name.trim()) } : { removed: true };
        }
        if (status && 'done' in status && status.done) {
          done += 1;
          continue;
        }
        actions.push({ retro: { id: earlierId, title: earlier.meta.title }, id: item.id, title: item.title, owner: item.owner, due: item.due ?? null, link: item.link ?? null, status });
      }
    }
    return c.json({ open: actions, done });
  });

  app.get('/:id/retro/context', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    const id = c.req.param('id');
    const planningId = (await retro.seriesOf(id))?.planningBoardId;
    if (!planningId) return c.json({ planningBoard: null, since: null, entries: [] });
    const previous = (await retro.earlierRetros(id, 1))[0];
    const previousRecord = previous ? await record(previous) : null;
    // Since the last retro of the series; the first retro looks back 30 days.
    const since = previousRecord?.meta.createdAt ?? found.meta.createdAt - 30 * 24 * 3600 * 1000;
    const planning = await record(planningId);
    const entries = (await storage.decisions.list(planningId, { sinceTime: since, order: 'asc', limit: 2000 }))
      .filter((entry) => CONTEXT_ACTIONS.has(entry.action))
      .map((entry: DecisionEntry) => ({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor.name,
        kind: entry.action === 'lane.limit-overridden' ? 'limit-override' : entry.action === 'item.created' ? 'added' : 'reprioritized',
        summary: describeDecision(entry),
        rationale: entry.rationale ?? null,
      }));
    return c.json({ planningBoard: { id: planningId, title: planning?.meta.title ?? '(deleted board)' }, since, entries: entries.slice(-200) });
  });

  app.get('/:id/retro/joint', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    const participants = await retro.perspectiveCounts(c.req.param('id'));
    const shown = participants.product >= JOINT_VIEW_MIN_PARTICIPANTS && participants.engineering >= JOINT_VIEW_MIN_PARTICIPANTS;
    if (!shown) return c.json({ shown: false, reason: `The joint view needs at least ${JOINT_VIEW_MIN_PARTICIPANTS} people writing product cards and ${JOINT_VIEW_MIN_PARTICIPANTS} writing engineering cards, so it cannot single anyone out.`, columns: [] });
    const lanes = found.lanes.filter((lane) => !lane.deleted && !isActionsLane(lane));
    return c.json({ shown: true, participants, votesCounted: found.meta.retroPhase !== undefined && ['discuss', 'actions', 'closed'].includes(found.meta.retroPhase), columns: comparePerspectives(lanes, found.items) });
  });

  const origin = (c: Context) => new URL(c.req.url).origin;

  app.get('/:id/retro/export.md', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    c.header('content-disposition', `attachment; filename="lanewise-${c.req.param('id')}-retro.md"`);
    return c.body(retroToMarkdown(found, origin(c)), 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/:id/retro/export.csv', async (c) => {
    const found = await thisRetro(c);
    if (found instanceof Response) return found;
    c.header('content-disposition', `attachment; filename="lanewise-${c.req.param('id')}-retro.csv"`);
    return c.body(retroToCsv(found), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  return app;
}
