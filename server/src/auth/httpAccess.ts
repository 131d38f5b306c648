import { BOARD_ROLES, isValidId, LIMITS, type BoardRole } from '@lanewise/shared';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { AccessDenied, AccessDeniedCode } from './AccessDenied.ts';
import { roleAtLeast, type BoardAccess, type BoardGrant } from './BoardAccess.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set on every `/api/boards/:id…` request by `requireBoardAccess`. */
    grant: BoardGrant;
  }
}

/** `/api/boards/<id>/<action>`: the action segment right under a board. */
const BOARD_ACTION = /^\/api\/boards\/[^/]+\/([^/]+)$/;

/** `Authorization: Bearer <token>`, or null. */
export function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? (match[1] as string) : null;
}

export function deny(c: Context, denied: AccessDenied) {
  return c.json({ error: { code: denied.code, message: denied.message } }, denied.status);
}

/**
 * Every endpoint of a board needs a token for that board: reading needs any role, any other
 * method at least an editor — except the POST actions listed in `viewerActions` (the last path
 * segment, e.g. `sync-ticket`), which change nothing on the board. The grant is left in
 * `c.get('grant')` for the handlers (and the decision log: actors come from it, never from the
 * request body). The admin token acts as owner.
 */
export function requireBoardAccess(access: BoardAccess, boardExists: (boardId: string) => boolean | Promise<boolean>, viewerActions: ReadonlySet<string> = new Set()): MiddlewareHandler {
  return async (c, next) => {
    const boardId = c.req.param('id') ?? '';
    if (!isValidId(boardId)) {
      return c.json({ error: { code: 'invalid_board_id', message: 'A board id is 1–64 letters, digits, "-" or "_".' } }, 400);
    }
    const token = bearerToken(c);
    let grant: BoardGrant;
    try {
      grant = access.isAdmin(token) ? { boardId, role: 'owner', via: 'admin-token', version: 0 } : await access.authorize(token, boardId);
    } catch (error) {
      if (error instanceof AccessDenied) return deny(c, error);
      throw error;
    }
    const reading = c.req.method === 'GET' || c.req.method === 'HEAD' || (c.req.method === 'POST' && viewerActions.has(BOARD_ACTION.exec(c.req.path)?.[1] ?? ''));
    const required: BoardRole = reading ? 'viewer' : 'editor';
    if (!roleAtLeast(grant.role, required)) {
      return deny(c, new AccessDenied(403, AccessDeniedCode.RoleTooLow, `A ${grant.role} link cannot change this board; ask the owner for an editor link.`));
    }
    // Existence is told only to holders of a token for the board (or the admin).
    if (!(await boardExists(boardId))) return c.json({ error: { code: 'board_not_found', message: `Board "${boardId}" does not exist.` } }, 404);
    c.set('grant', grant);
    await next();
    return undefined;
  };
}

export const rotateBody = z.object({ role: z.enum(BOARD_ROLES, { message: `must be one of: ${BOARD_ROLES.join(', ')}` }) }).strict();
export const personalBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength, `must be at most ${LIMITS.nameLength} characters`),
    role: z.enum(BOARD_ROLES, { message: `must be one of: ${BOARD_ROLES.join(', ')}` }),
    expiresInDays: z.number().positive().max(3650).optional(),
  })
  .strict();

/** Reads a JSON body with `schema`; a 400 response with the first problem otherwise. */
export async function readBody<T>(c: Context, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } }, 400) };
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const message = `${issue?.path.join('.') || 'body'} ${issue?.message ?? 'is invalid'}`;
  return { ok: false, response: c.json({ error: { code: 'invalid_input', message } }, 400) };
}

function ownerOnly(c: Context): Response | null {
  const grant = c.get('grant');
  if (grant.role === 'owner') return null;
  return deny(c, new AccessDenied(403, AccessDeniedCode.RoleTooLow, 'Only the board owner can manage its links.'));
}

/**
 * Link management under `/api/boards/:id/links` (owner only; mount after `requireBoardAccess`):
 *   GET    /links                  current owner, editor and viewer links
 *   POST   /links/rotate {role}    new link for the role; every older token of it stops working
 *   POST   /links/personal {name, role, expiresInDays?}   a link for one named person
 *   GET    /links/personal         personal links (without tokens), revoked ones included
 *   DELETE /links/personal/:pid    revokes one personal link
 */
export function createLinkRoutes(access: BoardAccess): Hono {
  const app = new Hono();

  app.get('/:id/links', async (c) => ownerOnly(c) ?? c.json({ links: await access.roleLinks(c.req.param('id')) }));

  app.post('/:id/links/rotate', async (c) => {
    const refused = ownerOnly(c);
    if (refused) return refused;
    const body = await readBody(c, rotateBody);
    if (!body.ok) return body.response;
    const link = await access.rotate(c.req.param('id'), body.value.role);
    return c.json({ role: body.value.role, link });
  });

  app.post('/:id/links/personal', async (c) => {
    const refused = ownerOnly(c);
    if (refused) return refused;
    const body = await readBody(c, personalBody);
    if (!body.ok) return body.response;
    const { name, role, expiresInDays } = body.value;
    const expiresAt = expiresInDays === undefined ? null : Date.now() + Math.round(expiresInDays * 86_400_000);
    return c.json(await access.issuePersonal(c.req.param('id'), name, role, expiresAt), 201);
  });

  app.get('/:id/links/personal', async (c) => ownerOnly(c) ?? c.json({ links: await access.listPersonal(c.req.param('id')) }));

  app.delete('/:id/links/personal/:pid', async (c) => {
    const refused = ownerOnly(c);
    if (refused) return refused;
    if (!(await access.revokePersonal(c.req.param('id'), c.req.param('pid')))) {
      return c.json({ error: { code: 'link_not_found', message: 'There is no such active personal link on this board.' } }, 404);
    }
    return c.body(null, 204);
  });

  return app;
}
