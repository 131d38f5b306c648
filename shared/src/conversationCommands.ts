import * as Y from 'yjs';
import { commentsMap, itemsMap, toRecordMap } from './boardDoc.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { newId } from './ids.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { parseInput } from './parseInput.ts';
import { commentSchema, LIMITS, type Comment } from './schema.ts';

/** An item's comments, oldest first, replies right after their parent. */
export function readComments(doc: Y.Doc, itemId: string): Comment[] {
  const all: Comment[] = [];
  for (const map of commentsMap(doc).values()) {
    if (map instanceof Y.Map && map.get('itemId') === itemId) all.push(map.toJSON() as Comment);
  }
  const byTime = (a: Comment, b: Comment) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1);
  const roots = all.filter((comment) => comment.parentId === null || !all.some((other) => other.id === comment.parentId)).sort(byTime);
  return roots.flatMap((root) => [root, ...all.filter((reply) => reply.parentId === root.id).sort(byTime)]);
}

/** Live comments per item, for the count on each card. */
export function countComments(doc: Y.Doc): Map<string, number> {
  const counts = new Map<string, number>();
  for (const map of commentsMap(doc).values()) {
    if (map instanceof Y.Map && map.get('deleted') !== true) {
      const itemId = map.get('itemId') as string;
      counts.set(itemId, (counts.get(itemId) ?? 0) + 1);
    }
  }
  return counts;
}

/** People mentioned as `@Name` (names as listed on the board, longest match first). */
export function findMentions(text: string, names: readonly string[]): string[] {
  const sorted = [...names].sort((a, b) => b.length - a.length);
  const found = new Set<string>();
  for (const match of text.matchAll(/@/g)) {
    const rest = text.slice((match.index ?? 0) + 1).toLowerCase();
    const name = sorted.find((candidate) => rest.startsWith(candidate.toLowerCase()));
    if (name) found.add(name);
  }
  return [...found];
}

function requireComment(doc: Y.Doc, commentId: string, author: string): Y.Map<unknown> {
  const map = commentsMap(doc).get(commentId);
  if (!(map instanceof Y.Map) || map.get('deleted') === true) throw new BoardCommandError(BoardErrorCode.NotFound, 'That comment no longer exists.');
  if (map.get('author') !== author) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'You can only change your own comments.');
  return map;
}

export function addComment(
  doc: Y.Doc,
  input: { itemId: string; text: string; author: string; parentId?: string | null; id?: string; createdAt?: number },
  origin: BoardOrigin = DEFAULT_ORIGIN,
): string {
  if (!itemsMap(doc).has(input.itemId)) throw new BoardCommandError(BoardErrorCode.NotFound, 'That item no longer exists.');
  const text = input.text.trim();
  if (text === '') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Write something before posting.');
  if (text.length > LIMITS.commentLength) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A comment can be at most ${LIMITS.commentLength} characters.`);
  const comment = parseInput(
    commentSchema,
    {
      id: input.id ?? newId(),
      itemId: input.itemId,
      parentId: input.parentId ?? null,
      author: input.author.trim() || 'Anonymous',
      text,
      createdAt: input.createdAt ?? Date.now(),
      editedAt: null,
      deleted: false,
    },
    'comment',
  );
  doc.transact(() => commentsMap(doc).set(comment.id, toRecordMap(comment)), origin);
  return comment.id;
}

export function editComment(doc: Y.Doc, commentId: string, text: string, author: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireComment(doc, commentId, author);
  const trimmed = text.trim();
  if (trimmed === '') throw new BoardCommandError(BoardErrorCode.InvalidInput, 'A comment cannot be empty; delete it instead.');
  if (trimmed.length > LIMITS.commentLength) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A comment can be at most ${LIMITS.commentLength} characters.`);
  doc.transact(() => {
    map.set('text', trimmed);
    map.set('editedAt', Date.now());
  }, origin);
}

/** Deletes a comment's text but keeps its place, so replies stay in context. */
export function deleteComment(doc: Y.Doc, commentId: string, author: string, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  const map = requireComment(doc, commentId, author);
  doc.transact(() => {
    map.set('text', '');
    map.set('deleted', true);
  }, origin);
}
