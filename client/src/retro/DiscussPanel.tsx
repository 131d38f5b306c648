import { useMemo, useState, type FormEvent } from 'react';
import { retroTopics, type RetroPhase } from '@lanewise/shared';
import { useCollab, usePlanningActions } from '../board/collabContext.ts';
import { useSessionState } from '../board/sessionContext.tsx';
import { useRetroCards } from './GroupPhase.tsx';

/**
 * Discuss (and after): the topics — groups and cards on their own — most votes first once
 * voting has ended, each with its notes. A note is a comment on the topic's first card, so it
 * travels with the board (decision log, exports) like any comment.
 */
export function DiscussPanel({ phase }: { readonly phase: RetroPhase }) {
  const { cards, actionLaneIds } = useRetroCards();
  const topics = useMemo(() => retroTopics(cards, actionLaneIds), [cards, actionLaneIds]);
  const comments = useCollab((state) => state.comments);
  const readOnly = useSessionState((state) => state.readOnly);
  const actions = usePlanningActions();
  const [error, setError] = useState<string | null>(null);
  if (topics.length === 0) return null;
  const canNote = !readOnly && phase !== 'closed';
  return (
    <section className="retro-discuss" aria-label="Topics by votes">
      <h3 className="retro-subheading">Topics</h3>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <ol className="retro-topic-list" data-testid="topics">
        {topics.map((topic) => (
          <li key={topic.id} className="retro-topic" data-testid="topic">
            <div className="retro-topic-head">
              <span className="retro-topic-votes">
                {topic.votes} vote{topic.votes === 1 ? '' : 's'}
              </span>
              <strong>{topic.title}</strong>
            </div>
            {topic.isGroup && (
              <ul className="retro-topic-cards" aria-label={`Cards in “${topic.title}”`}>
                {topic.cards.map((card) => (
                  <li key={card.id}>{card.title}</li>
                ))}
              </ul>
            )}
            {(comments[topic.id] ?? []).filter((note) => !note.deleted).length > 0 && (
              <ul className="retro-notes" aria-label={`Notes on “${topic.title}”`}>
                {(comments[topic.id] ?? [])
                  .filter((note) => !note.deleted)
                  .map((note) => (
                    <li key={note.id}>
                      <span className="retro-note-author">{note.author}:</span> {note.text}
                    </li>
                  ))}
              </ul>
            )}
            {canNote && (
              <NoteForm
                topicTitle={topic.title}
                onAdd={(text) => {
                  const result = actions.addComment(topic.id, text);
                  setError(result.ok ? null : result.message);
                  return result.ok;
                }}
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function NoteForm({ topicTitle, onAdd }: { readonly topicTitle: string; readonly onAdd: (text: string) => boolean }) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (text.trim() && onAdd(text)) setText('');
  };
  return (
    <form className="retro-note-form" onSubmit={submit}>
      <input aria-label={`Note on “${topicTitle}”`} placeholder="Add a note" value={text} maxLength={4000} onChange={(event) => setText(event.target.value)} />
      <button type="submit" className="button small">
        Add note
      </button>
    </form>
  );
}
