import type { Comment } from '@lanewise/shared';
import { segmentComment } from './commentText.ts';

/** A comment that mentions the reader, with the item it is on. */
export interface Mention {
  readonly comment: Comment;
  readonly itemId: string;
}

/** Whether `text` mentions `name` as "@Name" (the same rule the thread uses to highlight it). */
export function mentions(text: string, name: string): boolean {
  return name.trim() !== '' && segmentComment(text, [name]).some((segment) => segment.kind === 'mention');
}

/** Comments by others that mention `me` and that this browser has not marked read, oldest first. */
export function unreadMentions(threads: Readonly<Record<string, readonly Comment[]>>, me: string, read: ReadonlySet<string>): Mention[] {
  const found: Mention[] = [];
  for (const [itemId, comments] of Object.entries(threads)) {
    for (const comment of comments) {
      if (comment.deleted || read.has(comment.id) || comment.author.toLowerCase() === me.toLowerCase()) continue;
      if (mentions(comment.text, me)) found.push({ comment, itemId });
    }
  }
  return found.sort((a, b) => a.comment.createdAt - b.comment.createdAt);
}

const key = (boardId: string) => `lanewise:mentions-read:${boardId}`;
const MAX_REMEMBERED = 1000;

export function loadReadMentions(boardId: string): Set<string> {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(key(boardId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

export function saveReadMentions(boardId: string, ids: ReadonlySet<string>): void {
  try {
    window.localStorage.setItem(key(boardId), JSON.stringify([...ids].slice(-MAX_REMEMBERED)));
  } catch {
    // Storage unavailable: read marks last for this page only.
  }
}
