import { diffBoards, isValidId, readBoard, type BoardView } from '@lanewise/shared';
import { Hono, type Context } from 'hono';
import * as Y from 'yjs';
import { z } from 'zod';
import type { DecisionActor } from '../decisions/DecisionEntry.ts';
import { decisionsToCsv, decisionsToMarkdown } from '../decisions/exportDecisions.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { SnapshotNotFoundError } from '../sync/BoardRoom.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';

export interface HistoryDeps {
  readonly storage: BoardStorage;
  readonly rooms: BoardRooms;
}

type Status = 400 | 404;
const fail = (c: Context, status: Status, code: string, message: string) => c.json({ error: { code, message } }, status);

export const decisionQuery = z
  .object({
    item: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an item id').optional(),
    actor: z.string().min(1).max(80).optional(),
    since: z.coerce.number().int().nonnegative().optional(),
    sinceSeq: z.coerce.number().int().nonnegative().optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();

export const snapshotBody = z.object({ name: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters') }).strict();

/**
 * Who acts through an HTTP request: a personal link's person (verified), otherwise the name the
 * client declares in `x-lanewise-name` (unverified), always with the link it came through.
 */
export function requestActor(c: Context): DecisionActor {
  const grant = c.get('grant');
  if (grant.person !== undefined) return { name: grant.person, verified: true, via: grant.via };
  const declared = (c.req.header('x-lanewise-name') ?? '').trim().slice(0, 80);
  return { name: declared || 'Anonymous', verified: false, via: grant.via };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'request'} ${issue?.message ?? 'is invalid'}`;
}

const viewOf = (data: Uint8Array): BoardView => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, data);
  const view = readBoard(doc) as BoardView;
  doc.destroy();
  return view;
};

/** Decision log and snapshot endpoints under /api/boards/:id. */
export function createHistoryRoutes({ storage, rooms }: HistoryDeps): Hono {
  const app = new Hono();

  app.use('/:id/*', async (c, next) => {
    const id = c.req.param('id');
    if (!isValidId(id) || !storage.loadBoardSummary(id)) return fail(c, 404, 'board_not_found', `Board "${id}" does not exist.`);
    await next();
    return undefined;
  });

  app.get('/:id/decisions', (c) => {
    const parsed = decisionQuery.safeParse(c.req.query());
    if (!parsed.success) return fail(c, 400, 'invalid_query', firstIssue(parsed.error));
    const { item, actor, since, sinceSeq, before, limit, order } = parsed.data;
    const entries = storage.decisions.list(c.req.param('id'), {
      ...(item ? { itemId: item } : {}),
      ...(actor ? { actor } : {}),
      ...(since !== undefined ? { sinceTime: since } : {}),
      ...(sinceSeq !== undefined ? { afterSeq: sinceSeq } : {}),
      ...(before !== undefined ? { beforeSeq: before } : {}),
      limit,
      order,
    });
    const last = entries.at(-1);
    const next = order === 'desc' && entries.length === limit && last ? last.seq : null;
    return c.json({ entries, next });
  });

  // Incremental: costs what was appended since the last check. `?full=1` re-hashes the whole log (owners).
  app.get('/:id/decisions/verify', (c) => {
    const full = c.req.query('full');
    if (full !== undefined && full !== '1' && full !== 'true') return fail(c, 400, 'invalid_query', 'full must be 1 (or left out)');
    if (full !== undefined && c.get('grant').role !== 'owner') {
      return c.json({ error: { code: 'role_insufficient', message: 'Only the board owner can ask for a full re-check of the whole log; the regular check covers every new entry.' } }, 403);
    }
    return c.json(storage.decisions.verify(c.req.param('id'), { full: full !== undefined }));
  });

  // Exports sign the chain head first, so what leaves the server can be checked against it later.
  app.get('/:id/decisions/export.csv', (c) => {
    const id = c.req.param('id');
    storage.decisions.signHead(id, 'export');
    c.header('content-disposition', `attachment; filename="lanewise-${id}-decisions.csv"`);
    return c.body(decisionsToCsv(storage.decisions.list(id, { order: 'asc', limit: 10_000 })), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  app.get('/:id/decisions/export.md', async (c) => {
    const id = c.req.param('id');
    const title = storage.loadBoardSummary(id)?.title ?? id;
    storage.decisions.signHead(id, 'export');
    // The final-plan section shows the board as it is at export time (the live document).
    const board = await rooms.withRoom(id, (room) => readBoard(room.doc) ?? undefined);
    const markdown = decisionsToMarkdown(title, storage.decisions.list(id, { order: 'asc', limit: 10_000 }), storage.decisions.verify(id), board);
    return c.body(markdown, 200, { 'content-type': 'text/markdown; charset=utf-8' });
  });

  app.get('/:id/snapshots', (c) => c.json({ snapshots: storage.snapshots.list(c.req.param('id')) }));

  app.post('/:id/snapshots', async (c) => {
    const body = snapshotBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return fail(c, 400, 'invalid_input', firstIssue(body.error));
    const actor = requestActor(c);
    const snapshot = await rooms.withRoom(c.req.param('id'), (room) => room.takeSnapshot(body.data.name, 'manual', actor));
    return c.json({ snapshot }, 201);
  });

  app.get('/:id/snapshots/:snapshotId', (c) => {
    const snapshot = storage.snapshots.get(c.req.param('id'), c.req.param('snapshotId'));
    if (!snapshot) return fail(c, 404, 'snapshot_not_found', `Snapshot "${c.req.param('snapshotId')}" does not exist on this board.`);
    const { data, ...summary } = snapshot;
    return c.json({ snapshot: summary, board: viewOf(data) });
  });

  // Diff a snapshot against another (`?to=<snapshotId>`) or against the board now (`?to=now`).
  app.get('/:id/snapshots/:snapshotId/diff', async (c) => {
    const id = c.req.param('id');
    const from = storage.snapshots.get(id, c.req.param('snapshotId'));
    if (!from) return fail(c, 404, 'snapshot_not_found', `Snapshot "${c.req.param('snapshotId')}" does not exist on this board.`);
    const toParam = c.req.query('to') ?? 'now';
    let to: BoardView;
    if (toParam === 'now') {
      to = await rooms.withRoom(id, (room) => readBoard(room.doc) as BoardView);
    } else {
      const other = storage.snapshots.get(id, toParam);
      if (!other) return fail(c, 404, 'snapshot_not_found', `Snapshot "${toParam}" does not exist on this board.`);
      to = viewOf(other.data);
    }
    return c.json({ from: c.req.param('snapshotId'), to: toParam, diff: diffBoards(viewOf(from.data), to) });
  });

  app.post('/:id/snapshots/:snapshotId/restore', async (c) => {
    if (c.get('grant').role !== 'owner') return c.json({ error: { code: 'role_too_low', message: 'Only the board owner can restore a snapshot.' } }, 403);
    const actor = requestActor(c);
    try {
      const result = await rooms.withRoom(c.req.param('id'), (room) => room.restoreSnapshot(c.req.param('snapshotId'), actor));
      return c.json(result);
    } catch (error) {
      if (error instanceof SnapshotNotFoundError) return fail(c, 404, 'snapshot_not_found', error.message);
      throw error;
    }
  });

  return app;
}
