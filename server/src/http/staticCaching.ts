import type { MiddlewareHandler } from 'hono';

/** Built files whose name carries a content hash never change: cache them for a year. */
const HASHED = /^\/(assets\/.+-[A-Za-z0-9_-]{8,}\.(js|css|map)|workbox-[a-f0-9]{8,}\.js)$/;

/**
 * Cache headers for the built client. Hashed assets are immutable; everything else — index.html,
 * client-side routes and above all the service worker (`/sw.js`) — must be checked with the server
 * every time, so that a new deploy is picked up and no browser keeps a stale app shell.
 */
export function staticCaching(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status !== 200 || c.res.headers.has('cache-control')) return;
    c.header('cache-control', HASHED.test(c.req.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
  };
}
