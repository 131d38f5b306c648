import { useEffect, useMemo, useState } from 'react';
import type { DecisionEntry } from '@lanewise/shared';
import type { BoardSession } from '../board/boardSession.ts';
import { loadDisplayName } from '../app/identity.ts';
import { useBoardSession } from '../board/sessionContext.tsx';
import { fetchDecisions } from './historyApi.ts';
import { isOwnEntry, ownIdentity } from './ownEntries.ts';
import { loadLastSeen, saveLastSeen, summarizeSince } from './sinceLastVisit.ts';
import { useHeadSeq } from './useDecisionLog.ts';

/**
 * The seq this browser had seen when the board was opened, read once per session: remounts
 * must not read the value this session has since moved forward.
 */
const baselines = new WeakMap<BoardSession, number | null>();
function visitBaseline(session: BoardSession): number | null {
  if (!baselines.has(session)) baselines.set(session, loadLastSeen(session.boardId));
  return baselines.get(session) ?? null;
}

const MAX_ITEMS = 8;
const CATCH_UP_LIMIT = 1000;

/** "Since you last visited": what changed on this board since this browser last saw it, by item. */
export function SinceLastVisit() {
  const session = useBoardSession();
  const boardId = session.boardId;
  const head = useHeadSeq();
  const [since] = useState(() => visitBaseline(session));
  const [entries, setEntries] = useState<readonly DecisionEntry[] | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const [expanded, setExpanded] = useState(false);

  // Everything the live feed shows counts as seen.
  useEffect(() => {
    if (head > 0) saveLastSeen(boardId, head);
  }, [boardId, head]);

  useEffect(() => {
    let active = true;
    if (since === null) {
      // A first visit: remember where the log stands, even if it is empty, so the next visit has a baseline.
      fetchDecisions(boardId, { limit: 1 }).then(
        (page) => active && saveLastSeen(boardId, page.entries[0]?.seq ?? 0),
        () => undefined,
      );
      return () => {
        active = false;
      };
    }
    fetchDecisions(boardId, { sinceSeq: since, order: 'asc', limit: CATCH_UP_LIMIT }).then(
      (page) => active && setEntries(page.entries),
      () => undefined, // the feed shows the same entries; the summary is a convenience
    );
    return () => {
      active = false;
    };
  }, [boardId, since]);

  // The reader's own changes (made on another device, or before the feed caught up) are not news.
  const summary = useMemo(() => {
    if (!entries || since === null) return null;
    const me = ownIdentity(boardId, loadDisplayName() ?? '');
    return summarizeSince(entries, since, (entry) => isOwnEntry(entry.actor, me));
  }, [entries, since, boardId]);
  if (!summary || summary.count === 0 || dismissed) return null;

  const shownItems = expanded ? summary.items : summary.items.slice(0, MAX_ITEMS);
  const people = summary.people.length <= 3 ? summary.people.join(', ') : `${summary.people.slice(0, 3).join(', ')} and ${summary.people.length - 3} more`;

  return (
    <section className="since-visit" aria-labelledby="since-visit-title" data-testid="since-last-visit">
      <div className="since-visit-header">
        <h2 id="since-visit-title">Since you last visited</h2>
        <button type="button" className="icon-button small" aria-label="Dismiss the summary of changes since your last visit" onClick={() => setDismissed(true)}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
          </svg>
        </button>
      </div>
      <p className="since-visit-lede">
        {summary.count} {summary.count === 1 ? 'change' : 'changes'} by {people}
      </p>
      {shownItems.length > 0 && (
        <ul className="since-visit-items">
          {shownItems.map((item) => (
            <li key={item.itemId} data-testid="since-item" data-item-id={item.itemId}>
              <span className={`since-title${item.deleted ? ' deleted' : ''}`}>{item.title}</span>
              {item.deleted && <span className="visually-hidden"> (deleted)</span>}: {item.changes.join('; ')}
              {item.reasons.length > 0 && <span className="since-reason"> — “{item.reasons.at(-1)}”</span>}
            </li>
          ))}
        </ul>
      )}
      {summary.items.length > MAX_ITEMS && (
        <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${summary.items.length} items`}
        </button>
      )}
      {summary.board.length > 0 && (
        <ul className="since-visit-board" aria-label="Lane and snapshot changes">
          {summary.board.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
      )}
      <div className="since-visit-actions">
        <button type="button" className="button small primary" onClick={() => setDismissed(true)}>
          Got it
        </button>
      </div>
    </section>
  );
}
