import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { addressKey, clientAddress } from './clientAddress.ts';
import { rateLimitError, type HttpRateLimits } from './HttpRateLimits.ts';

/** The client's address for limits, `TRUST_PROXY` applied (see clientAddress.ts). */
export function requestAddress(c: Context, trustedProxies: number): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined; // not served by @hono/node-server (app.request in a test)
  }
  return clientAddress(peer, c.req.header('x-forwarded-for'), trustedProxies);
}

/**
 * Charges every request to its address's budget; `POST /api/boards` (and `/api/boards/import`)
 * also to the board-creation budget. Over budget: 429 with `Retry-After` and `{ error: { code, message } }`. Every counted
 * response carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
 */
export function rateLimit(limits: HttpRateLimits, trustedProxies: number): MiddlewareHandler {
  return async (c, next) => {
    // Importing a board (a JSON export) creates one too.
    const creatingBoard = c.req.method === 'POST' && (c.req.path === '/api/boards' || c.req.path === '/api/boards/' || c.req.path === '/api/boards/import');
    const verdict = await limits.charge(addressKey(requestAddress(c, trustedProxies)), creatingBoard ? 'board-creation' : 'request');
    if (!verdict.allowed) {
      c.header('retry-after', String(verdict.retryAfterSeconds));
      c.header('ratelimit-limit', String(verdict.limit));
      c.header('ratelimit-remaining', '0');
      c.header('ratelimit-reset', String(verdict.retryAfterSeconds));
      return c.json({ error: rateLimitError(verdict) }, 429);
    }
    if (verdict.limit > 0) {
      c.header('ratelimit-limit', String(verdict.limit));
      c.header('ratelimit-remaining', String(verdict.remaining));
      c.header('ratelimit-reset', String(verdict.resetSeconds));
    }
    await next();
    return undefined;
  };
}

/**
 * Refuses request bodies over `maxBytes` with 413: by `Content-Length` before a byte of the body
 * is read, and for chunked bodies as soon as the count passes the cap (hono/body-limit). The
 * connection is closed after the answer rather than drained.
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.header('connection', 'close');
      return c.json({ error: { code: 'body_too_large', message: `The request body is larger than this server accepts (${maxBytes} bytes).` } }, 413);
    },
  });
}
