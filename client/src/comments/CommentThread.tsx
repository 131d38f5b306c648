import { memo, useEffect, useMemo, useState } from 'react';
import type { Comment } from '@lanewise/shared';
import { useCollab, usePlanningActions } from '../board/collabContext.ts';
import { useBoardSession, usePresence, useSessionState } from '../board/sessionContext.tsx';
import { segmentComment } from './commentText.ts';
import { MentionTextarea } from './MentionTextarea.tsx';

const NO_COMMENTS: readonly Comment[] = [];

/** The current time, refreshed every half minute (for "5 min ago"). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

/** Plain text with http(s) links and highlighted mentions; no HTML from the comment ever. */
const CommentText = memo(function CommentText({ text, names }: { readonly text: string; readonly names: readonly string[] }) {
  const segments = useMemo(() => segmentComment(text, names), [text, names]);
  return (
    <p className="comment-text">
      {segments.map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
          </a>
        ) : segment.kind === 'mention' ? (
          <span key={index} className="mention">
            {segment.text}
          </span>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </p>
  );
});

function Composer({ label, names, initial = '', submitLabel, onSubmit, onCancel, autoFocus }: {
  readonly label: string;
  readonly names: readonly string[];
  readonly initial?: string;
  readonly submitLabel: string;
  readonly onSubmit: (text: string) => string | null;
  readonly onCancel?: () => void;
  readonly autoFocus?: boolean;
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const problem = onSubmit(text);
    setError(problem);
    if (problem === null) setText('');
  };
  return (
    <div className="comment-composer">
      <MentionTextarea label={label} value={text} names={names} onChange={setText} onSubmit={submit} autoFocus={autoFocus ?? false} placeholder="Write a comment — @ to mention, Ctrl+Enter to post" />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="button-row">
        <button type="button" className="button primary small" disabled={text.trim() === ''} onClick={submit}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}

/** An item's conversation: post, reply, edit or delete your own; live for everyone. */
export function CommentThread({ itemId }: { readonly itemId: string }) {
  const actions = usePlanningActions();
  const comments = useCollab((state) => state.comments[itemId] ?? NO_COMMENTS);
  const people = useCollab((state) => state.people);
  const users = usePresence((state) => state.users);
  const readOnly = useSessionState((state) => state.readOnly);
  const session = useBoardSession();
  // Edit and delete show where the server accepts them: comments under this connection's identity.
  const me = session.authorName();
  const names = useMemo(() => [...new Set([...people.map((person) => person.name), ...users.map((user) => user.name)])], [people, users]);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const now = useNow();
  const count = comments.filter((comment) => !comment.deleted).length;
  const result = (outcome: { ok: boolean; message?: string }) => (outcome.ok ? null : (outcome.message ?? 'Not saved.'));

  return (
    <section className="panel-section comments" aria-labelledby={`comments-${itemId}`} data-testid="comment-thread">
      <h3 id={`comments-${itemId}`}>
        Comments <span className="muted">{count > 0 ? `(${count})` : ''}</span>
      </h3>
      {comments.length === 0 && <p className="muted">No comments yet.</p>}
      <ol className="comment-list">
        {comments.map((comment) => (
          <li key={comment.id} className={`comment${comment.parentId ? ' reply' : ''}${comment.deleted ? ' deleted' : ''}`} data-testid="comment" data-author={comment.author}>
            {comment.deleted ? (
              <p className="muted comment-text">Comment deleted</p>
            ) : (
              <>
                <div className="comment-head">
                  <strong>{comment.author}</strong>
                  <span className="muted" title={new Date(comment.createdAt).toLocaleString()}>
                    {timeAgo(comment.createdAt, now)}
                    {comment.editedAt !== null ? ' · edited' : ''}
                  </span>
                </div>
                {editing === comment.id ? (
                  <Composer
                    label="Edit comment"
                    names={names}
                    initial={comment.text}
                    submitLabel="Save"
                    autoFocus
                    onSubmit={(text) => {
                      const problem = result(actions.editComment(comment.id, text));
                      if (problem === null) setEditing(null);
                      return problem;
                    }}
                    onCancel={() => setEditing(null)}
                  />
                ) : (
                  <CommentText text={comment.text} names={names} />
                )}
                {!readOnly && editing !== comment.id && (
                  <div className="comment-actions">
                    {comment.parentId === null && (
                      <button type="button" className="link-button" onClick={() => setReplyTo(replyTo === comment.id ? null : comment.id)}>
                        Reply
                      </button>
                    )}
                    {comment.author === me && (
                      <>
                        <button type="button" className="link-button" onClick={() => setEditing(comment.id)}>
                          Edit
                        </button>
                        <button type="button" className="link-button danger-text" onClick={() => void actions.deleteComment(comment.id)}>
                          Delete
                        </button>
                      </>
                    )}
                  </div>
                )}
              </>
            )}
            {replyTo === comment.id && (
              <Composer
                label={`Reply to ${comment.author}`}
                names={names}
                submitLabel="Post reply"
                autoFocus
                onSubmit={(text) => {
                  const problem = result(actions.addComment(itemId, text, comment.id));
                  if (problem === null) setReplyTo(null);
                  return problem;
                }}
                onCancel={() => setReplyTo(null)}
              />
            )}
          </li>
        ))}
      </ol>
      {!readOnly && <Composer label="Add a comment" names={names} submitLabel="Post comment" onSubmit={(text) => result(actions.addComment(itemId, text))} />}
    </section>
  );
}
