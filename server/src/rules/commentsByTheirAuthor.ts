import { CloseCode, commentsMap } from '@lanewise/shared';
import type { BoardRule } from './BoardRule.ts';

const NOT_YOURS = 'only its author or an owner can edit or delete a comment';

/**
 * A comment speaks for the identity that wrote it: a new comment carries the sender's name (the
 * personal link's name, or the name declared with a shared link, as the decision log attributes
 * it); an existing one is edited or deleted only by that name or an owner, and its author never
 * changes.
 */
export const commentsByTheirAuthor: BoardRule = {
  name: 'comments-by-their-author',
  check: ({ sender, doc, changes }) => {
    for (const commentId of changes.touched.get('comments') ?? []) {
      const after = commentsMap(doc).get(commentId);
      const authorAfter = after?.get('author');
      if (!changes.existedBefore('comments', commentId)) {
        if (after && authorAfter !== sender.name) return { code: CloseCode.Forbidden, reason: 'a comment is written under your own name only' };
        continue;
      }
      const authorBefore = changes.fieldBefore('comments', commentId, 'author');
      if (after && authorAfter !== authorBefore) return { code: CloseCode.Forbidden, reason: 'the author of a comment cannot be changed' };
      if (authorBefore !== sender.name && sender.role !== 'owner') return { code: CloseCode.Forbidden, reason: NOT_YOURS };
    }
    return null;
  },
};
