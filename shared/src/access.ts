/**
 * Share links. A board link is `/b/<boardId>#t=<token>`: the token sits in the URL fragment, so
 * browsers never send it in a request line, a Referer or a server log. The Lanewise client hands
 * it to the server only as `Authorization: Bearer <token>` on HTTP, and opens websockets with a
 * single-use ticket (`ticket`) it gets for it; stock y-websocket clients may send the token itself
 * as the websocket query parameter `token` (less private: URLs end up in logs). The server verifies
 * the signature; what the client reads here is for the UI only.
 */
export const BOARD_ROLES = ['owner', 'editor', 'viewer'] as const;
export type BoardRole = (typeof BOARD_ROLES)[number];

/** Which kind of link a connection came through; shared role links carry self-declared names. */
export type LinkKind = 'owner-link' | 'editor-link' | 'viewer-link' | 'personal-link';

/** The query parameter that carries the token on `/sync/:boardId` (stock clients). */
export const TOKEN_PARAM = 'token';

/** The query parameter that carries a single-use connection ticket on `/sync/:boardId`. */
export const TICKET_PARAM = 'ticket';

/** The token in a location hash such as `#t=eyJ…`, or null. */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('t');
  return token && token.length > 0 ? token : null;
}

export function canWrite(role: BoardRole): boolean {
  return role === 'owner' || role === 'editor';
}

/** What a link token says about itself (unverified: for showing read-only mode, never for trust). */
export function peekLinkToken(token: string): { board: string; role: BoardRole; person?: string } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(decodeURIComponent(escapeUtf8(json))) as { board?: unknown; role?: unknown; person?: unknown };
    if (typeof claims.board !== 'string' || !(BOARD_ROLES as readonly unknown[]).includes(claims.role)) return null;
    return { board: claims.board, role: claims.role as BoardRole, ...(typeof claims.person === 'string' ? { person: claims.person } : {}) };
  } catch {
    return null;
  }
}

/** atob yields one char per byte; this turns UTF-8 bytes into a string decodeURIComponent reads. */
function escapeUtf8(binary: string): string {
  let out = '';
  for (let i = 0; i < binary.length; i++) out += `%${binary.charCodeAt(i).toString(16).padStart(2, '0')}`;
  return out;
}
