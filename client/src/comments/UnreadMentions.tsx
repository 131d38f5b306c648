import { useMemo, useState } from 'react';
import { loadDisplayName } from '../app/identity.ts';
import { useCollab } from '../board/collabContext.ts';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { ownIdentity } from '../history/ownEntries.ts';
import { useUiStore } from '../ui/uiStore.ts';
import { loadReadMentions, saveReadMentions, unreadMentions } from './mentions.ts';

const SHOWN = 5;
const excerpt = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/**
 * "Mentions for you": comments in which someone @mentioned this person and that they have not
 * read yet — shown when they open the board, and live while they are on it. Opening one marks it
 * read; "Mark as read" clears them all. Read marks are kept in this browser.
 */
export function UnreadMentions() {
  const session = useBoardSession();
  const threads = useCollab((state) => state.comments);
  const titles = useBoardStore((state) => state.items);
  const [read, setRead] = useState(() => loadReadMentions(session.boardId));
  const me = ownIdentity(session.boardId, loadDisplayName() ?? '').name;
  const unread = useMemo(() => unreadMentions(threads, me, read), [threads, me, read]);
  if (unread.length === 0) return null;

  const markRead = (ids: readonly string[]) => {
    const next = new Set([...read, ...ids]);
    saveReadMentions(session.boardId, next);
    setRead(next);
  };

  return (
    <section className="mentions-card" aria-labelledby="mentions-title" data-testid="mentions">
      <h2 id="mentions-title">
        {unread.length === 1 ? '1 mention for you' : `${unread.length} mentions for you`}
      </h2>
      <ul>
        {unread.slice(-SHOWN).map(({ comment, itemId }) => {
          const title = titles[itemId]?.title ?? 'a deleted initiative';
          return (
            <li key={comment.id} data-testid="mention">
              <span>
                <strong>{comment.author}</strong> mentioned you on “{title}”: <q>{excerpt(comment.text)}</q>
              </span>
              {titles[itemId] && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    markRead([comment.id]);
                    useUiStore.getState().openPanel({ kind: 'item', itemId });
                  }}
                >
                  Open<span className="visually-hidden"> “{title}”</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {unread.length > SHOWN && <p className="muted">and {unread.length - SHOWN} earlier</p>}
      <div className="mentions-actions">
        <button type="button" className="button small primary" onClick={() => markRead(unread.map(({ comment }) => comment.id))}>
          Mark as read
        </button>
      </div>
    </section>
  );
}
