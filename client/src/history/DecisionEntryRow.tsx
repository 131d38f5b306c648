import { memo } from 'react';
import { describeDecision, type DecisionEntry } from '@lanewise/shared';
import { absoluteTime, decisionTone, relativeTime } from './decisionFormat.ts';

interface DecisionEntryRowProps {
  readonly entry: DecisionEntry;
  readonly now: number;
  /** Narrows the feed to this entry's item; absent where the list is already one item's. */
  readonly onFocusItem?: ((item: { id: string; title: string }) => void) | undefined;
}

/** One decision: who did what, from where to where, the reason quoted, and when. Text only. */
export const DecisionEntryRow = memo(function DecisionEntryRow({ entry, now, onFocusItem }: DecisionEntryRowProps) {
  const { actor, item } = entry;
  const clientAt = typeof entry.details?.clientAt === 'number' ? entry.details.clientAt : undefined;
  return (
    <li className={`decision tone-${decisionTone(entry.action)}`} data-testid="decision-entry" data-seq={entry.seq} data-action={entry.action}>
      <p className="decision-text">
        <strong className="decision-actor">{actor.name}</strong>
        {!actor.verified && (
          <span className="decision-unverified" title="The name this person typed in; links with an identity will verify it">
            {' '}
            (unverified)
          </span>
        )}{' '}
        {describeDecision(entry)}
      </p>
      {entry.rationale && (
        <blockquote className="decision-reason">
          <span className="visually-hidden">Reason: </span>“{entry.rationale}”
        </blockquote>
      )}
      <div className="decision-meta">
        <time dateTime={new Date(entry.at).toISOString()} title={absoluteTime(entry.at)}>
          {relativeTime(entry.at, now)}
        </time>
        {clientAt !== undefined && (
          <span className="decision-client-time" data-testid="decision-client-time" title="The time this person's device reported (it was offline or its clock differs). The log keeps the time the server received the change, and orders by it.">
            made {absoluteTime(clientAt)} on their device (device time)
          </span>
        )}
        <span aria-hidden="true">·</span>
        <span className="decision-seq">#{entry.seq}</span>
        {item && onFocusItem && (
          <button type="button" className="link-button decision-focus" onClick={() => onFocusItem(item)}>
            Only this item<span className="visually-hidden">: {item.title}</span>
          </button>
        )}
      </div>
    </li>
  );
});
