import { peekLinkToken, tokenFromFragment, type BoardRole } from '@lanewise/shared';

/**
 * The link token of each board this browser opened. A share link carries it in the URL fragment
 * (`/b/<id>#t=…`); it is kept here and the fragment is removed from the address bar, so a copied
 * address or a screenshot does not hand out the link's rights by accident.
 */
const key = (boardId: string) => `lanewise:token:${boardId}`;

export function captureTokenFromLocation(boardId: string): void {
  const token = tokenFromFragment(window.location.hash);
  if (!token) return;
  saveBoardToken(boardId, token);
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
}

export function saveBoardToken(boardId: string, token: string): void {
  try {
    window.localStorage.setItem(key(boardId), token);
  } catch {
    // Storage unavailable: the token lives as long as this page.
    memory.set(boardId, token);
  }
}

const memory = new Map<string, string>();

export function boardToken(boardId: string): string | null {
  try {
    return window.localStorage.getItem(key(boardId)) ?? memory.get(boardId) ?? null;
  } catch {
    return memory.get(boardId) ?? null;
  }
}

/** The role the link claims (for the UI only: the server enforces the real one). */
export function boardRole(boardId: string): BoardRole | null {
  const token = boardToken(boardId);
  return token ? (peekLinkToken(token)?.role ?? null) : null;
}

/** The token inside a link such as `/b/<id>#t=…`. */
export function tokenOfLink(link: string): string | null {
  const hash = link.indexOf('#');
  return hash >= 0 ? tokenFromFragment(link.slice(hash)) : null;
}
