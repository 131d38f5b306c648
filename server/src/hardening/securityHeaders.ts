import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers on every HTTP response. The CSP allows no inline script or style (the built client
 * loads only its own files; React sets styles through the CSSOM, which CSP does not restrict)
 * except the inline scripts of the built `index.html`, each by its hash (`scriptHashes`),
 * images from itself and data: URLs (the favicon), websockets to any host (the sync socket may
 * sit behind another host name in development), and no framing at all.
 */
export function securityHeaders(scriptHashes: readonly string[] = []): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'", 'ws:', 'wss:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    crossOriginResourcePolicy: 'same-origin',
  });
}
