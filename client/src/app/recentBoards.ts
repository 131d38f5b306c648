/** Boards this browser has opened, newest first, kept in localStorage. */
const KEY = 'lanewise:recent-boards';
const MAX = 20;

export interface RecentBoard {
  readonly id: string;
  readonly title: string;
  readonly visitedAt: number;
}

function isRecentBoard(value: unknown): value is RecentBoard {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['id'] === 'string' && typeof record['title'] === 'string' && typeof record['visitedAt'] === 'number';
}

export function loadRecentBoards(): RecentBoard[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRecentBoard) : [];
  } catch {
    return [];
  }
}

export function rememberBoard(board: { id: string; title: string }): void {
  const rest = loadRecentBoards().filter((entry) => entry.id !== board.id);
  const next = [{ id: board.id, title: board.title, visitedAt: Date.now() }, ...rest].slice(0, MAX);
  try {
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage unavailable: the list simply is not remembered.
  }
}

export function forgetBoard(id: string): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(loadRecentBoards().filter((entry) => entry.id !== id)));
  } catch {
    // Ignored, as above.
  }
}
