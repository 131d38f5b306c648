import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { BoardCommandError, isValidId, LIMITS, MAX_RETRO_PROMPTS, TEMPLATE_IDS, TEMPLATES } from '@lanewise/shared';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AccessDenied, AccessDeniedCode } from '../auth/AccessDenied.ts';
import type { BoardAccess, BoardGrant } from '../auth/BoardAccess.ts';
import { bearerToken, createLinkRoutes, deny, requireBoardAccess } from '../auth/httpAccess.ts';
import { securityHeaders } from '../hardening/securityHeaders.ts';
import { inlineScriptHashes } from './inlineScriptHashes.ts';
import type { HttpRateLimits } from '../limits/HttpRateLimits.ts';
import { rateLimit, requestBodyLimit } from '../limits/httpLimits.ts';
import type { SyncTickets } from '../tickets/SyncTickets.ts';
import { createTicketRoutes, SYNC_TICKET_ACTION } from '../tickets/ticketRoutes.ts';
import type { Logger } from '../logger.ts';
import type { BoardStorage } from '../storage/BoardStorage.ts';
import { isStorageUnreachable } from '../storage/storageUnreachable.ts';
import { BoardNotFoundError } from '../sync/boardErrors.ts';
import { createHistoryRoutes } from './historyRoutes.ts';
import { createBoardImportRoute, createImportExportRoutes, isUploadPath, type ImportLimits } from './importExportRoutes.ts';
import { openApiDocument } from './openapi.ts';
import { createFacilitationRoutes, refuseWhileLocked } from './facilitationRoutes.ts';
import { createRetroRoutes } from './retroRoutes.ts';
import type { PhaseDeadlines } from '../facilitation/PhaseDeadlines.ts';
import { createRetroFlowRoutes } from './retroFlowRoutes.ts';
import type { RetroRecords } from '../retro/RetroRecords.ts';
import { staticCaching } from './staticCaching.ts';
import type { BoardRooms } from '../sync/BoardRooms.ts';

export interface AppDeps {
  readonly storage: BoardStorage;
  readonly rooms: BoardRooms;
  readonly logger: Logger;
  readonly clientDist: string;
  readonly access: BoardAccess;
  readonly tickets: SyncTickets;
  readonly limits: {
    readonly rateLimits: HttpRateLimits;
    /** TRUST_PROXY (limits/clientAddress.ts). */
    readonly trustedProxies: number;
    readonly maxRequestBodyBytes: number;
  };
  readonly importLimits: ImportLimits;
  /** GET /metrics (Prometheus text) and GET /readyz (can this instance serve?). */
  readonly runtime?: {
    readonly metrics: { text(): Promise<string>; readonly contentType: string };
    readiness(): Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  };
  readonly retro: RetroRecords;
  /** Async retro phases' deadlines (the server's scheduler). */
  readonly deadlines: PhaseDeadlines;
}

export const createBoardBody = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(LIMITS.titleLength, `must be at most ${LIMITS.titleLength} characters`),
    template: z.enum(TEMPLATE_IDS, { message: `must be one of: ${TEMPLATE_IDS.join(', ')}` }),
    /** Start from the sample Q3 planning board (lanes, people and 22 initiatives) instead of empty lanes. */
    sample: z.boolean().optional(),
    /** Template `retro-custom` only: the prompts, one column each (an Actions column is added). */
    prompts: z.array(z.string().max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`)).max(MAX_RETRO_PROMPTS, `must be at most ${MAX_RETRO_PROMPTS} prompts`).optional(),
  })
  .strict()
  .refine((body) => body.template !== 'retro-custom' || (body.prompts ?? []).some((prompt) => prompt.trim() !== ''), { message: 'a custom retro needs at least one prompt', path: ['prompts'] })
  .refine((body) => body.prompts === undefined || body.template === 'retro-custom', { message: 'are only for the retro-custom template', path: ['prompts'] })
  .refine((body) => body.sample !== true || TEMPLATES[body.template].kind === 'planning', { message: 'the sample board is a planning board; pick a planning template', path: ['sample'] });

function apiError(c: Context, status: 400 | 404 | 413 | 415 | 500 | 503, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}

const PLACEHOLDER = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Lanewise</title></head>
<body><main><h1>Lanewise</h1><p>The server is running, but the client has not been built. Run <code>pnpm start</code> from the repository root.</p></main></body></html>`;

/** What the client may know about its own access: role, the kind of link, the verified person. */
function accessOf(grant: BoardGrant): { role: string; via: string; person?: string } {
  return { role: grant.role, via: grant.via, ...(grant.person !== undefined ? { person: grant.person } : {}) };
}

export function createApp({ storage, rooms, logger, clientDist, access, tickets, limits, importLimits, runtime, retro, deadlines }: AppDeps): Hono {
  const app = new Hono();
  app.use('*', securityHeaders(inlineScriptHashes(join(clientDist, 'index.html'))));
  // Static files are not counted: a whole office behind one address loads them at once.
  app.use('/api/*', rateLimit(limits.rateLimits, limits.trustedProxies));
  app.use('/healthz', rateLimit(limits.rateLimits, limits.trustedProxies));
  // File uploads have their own, larger caps (IMPORT_MAX_CSV_BYTES, IMPORT_MAX_JSON_BYTES), enforced
  // the same way by their routes; every other body stays under MAX_REQUEST_BODY_BYTES.
  const generalBodyLimit = requestBodyLimit(limits.maxRequestBodyBytes);
  app.use('*', (c, next) => (c.req.method === 'POST' && isUploadPath(c.req.path) ? next() : generalBodyLimit(c, next)));

  app.onError((error, c) => {
    // The database did not answer (down, or the connection was cut mid-request): a 503 the client
    // can retry, not an internal error. A statement cut after COMMIT was sent may have been stored.
    if (isStorageUnreachable(error)) {
      logger.warn({ err: error, path: c.req.path }, 'request refused: the database did not answer');
      return apiError(c, 503, 'storage_unavailable', 'The database did not answer, so this may not have been saved. Try again in a moment.');
    }
    logger.error({ err: error, path: c.req.path }, 'request failed');
    return apiError(c, 500, 'internal_error', 'Something went wrong on the server; nothing was changed. Try again.');
  });

  app.get('/healthz', (c) => c.json({ status: 'ok', ...rooms.stats() }));

  if (runtime) {
    app.get('/metrics', async (c) => c.body(await runtime.metrics.text(), 200, { 'content-type': runtime.metrics.contentType }));
    // 503 while the database (or the fan-out between instances) does not answer: a load balancer sends clients elsewhere.
    app.get('/readyz', async (c) => {
      const { ready, checks } = await runtime.readiness();
      return c.json({ status: ready ? 'ready' : 'not ready', checks }, ready ? 200 : 503);
    });
  }

  app.get('/api/openapi.json', (c) => c.json(openApiDocument()));

  app.post('/api/boards', async (c) => {
    if (!(c.req.header('content-type') ?? '').includes('application/json')) {
      return apiError(c, 415, 'unsupported_media_type', 'Send the board as JSON (Content-Type: application/json).');
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return apiError(c, 400, 'invalid_json', 'The request body is not valid JSON.');
    }
    const parsed = createBoardBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'body';
      return apiError(c, 400, 'invalid_input', `${field} ${issue?.message ?? 'is invalid'}`.trim());
    }
    let id: string;
    try {
      // Built, validated and stored on a board thread: the main thread holds no board document.
      id = await rooms.createBoard({
        title: parsed.data.title,
        template: parsed.data.template,
        sample: parsed.data.sample === true,
        ...(parsed.data.prompts ? { prompts: parsed.data.prompts } : {}),
      });
    } catch (error) {
      if (error instanceof BoardCommandError) return apiError(c, 400, error.code, error.message);
      throw error;
    }
    logger.info({ boardId: id, template: parsed.data.template }, 'board created');
    // Creating needs no token (anyone may start a board); the creator gets its three links.
    return c.json({ id, url: `/b/${id}`, links: await access.roleLinks(id) }, 201);
  });

  // A JSON board export becomes a new board; like creating one, it needs no token.
  app.route(
    '/api/boards',
    createBoardImportRoute({
      limits: importLimits,
      importBoard: async (input) => {
        const board = await rooms.importBoard(input);
        logger.info({ boardId: board.id, decisions: board.imported.decisions }, 'board imported');
        return { ...board, url: `/b/${board.id}`, links: await access.roleLinks(board.id) };
      },
    }),
  );

  // The list never shows boards to people without a link: the admin token lists them all, a
  // board token lists that one board.
  app.get('/api/boards', async (c) => {
    const token = bearerToken(c);
    if (access.isAdmin(token)) return c.json({ boards: await storage.listBoards() });
    if (!token) return deny(c, new AccessDenied(401, AccessDeniedCode.TokenMissing, 'Listing boards needs the admin token or a board link\'s token (Authorization: Bearer …).'));
    let board: string;
    try {
      board = await access.boardOfToken(token);
    } catch (error) {
      if (error instanceof AccessDenied) return deny(c, error);
      throw error;
    }
    const summary = await storage.loadBoardSummary(board);
    return c.json({ boards: summary ? [summary] : [] });
  });

  // Every endpoint of one board (these, the links, the history) needs a token for that board.
  const boardExists = async (id: string) => (await storage.loadBoardSummary(id)) !== null;
  app.use('/api/boards/:id', requireBoardAccess(access, boardExists));
  app.use('/api/boards/:id/*', requireBoardAccess(access, boardExists, new Set([SYNC_TICKET_ACTION])));
  // A locked board (facilitation) takes no import or restore from anyone but the facilitator.
  app.use('/api/boards/:id/import/csv', refuseWhileLocked(rooms));
  app.use('/api/boards/:id/snapshots/:snapshotId/restore', refuseWhileLocked(rooms));

  app.get('/api/boards/:id', async (c) => {
    const id = c.req.param('id');
    if (!isValidId(id)) return apiError(c, 400, 'invalid_board_id', 'A board id is 1–64 letters, digits, "-" or "_".');
    try {
      // Read where the board lives (its owner thread), in order with its updates.
      const board = await rooms.run(id, { type: 'readBoard' });
      return c.json({ id, board, access: accessOf(c.get('grant')) });
    } catch (error) {
      if (error instanceof BoardNotFoundError) return apiError(c, 404, 'board_not_found', `Board "${id}" does not exist.`);
      throw error;
    }
  });

  app.route('/api/boards', createLinkRoutes(access));

  app.route('/api/boards', createTicketRoutes(tickets));

  app.route('/api/boards', createHistoryRoutes({ storage, rooms }));

  app.route('/api/boards', createImportExportRoutes({ rooms, limits: importLimits }));

  app.route('/api/boards', createRetroRoutes({ rooms, retro }));

  app.route('/api/boards', createFacilitationRoutes({ rooms, access, deadlines }));
  app.route('/api/boards', createRetroFlowRoutes({ rooms, retro, access, storage }));

  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No API endpoint ${c.req.method} ${c.req.path}.`));

  const hasClient = existsSync(join(clientDist, 'index.html'));
  if (hasClient) {
    app.use('/*', staticCaching());
    app.use('/*', serveStatic({ root: clientDist }));
    app.get('/*', serveStatic({ root: clientDist, path: 'index.html' })); // client-side routes
  } else {
    logger.warn({ clientDist }, 'client build not found; serving a placeholder page');
    app.get('/*', (c) => c.html(PLACEHOLDER));
  }
  return app;
}
