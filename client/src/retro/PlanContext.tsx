import { useEffect, useState } from 'react';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { fetchContext, type ContextEntry } from './retroFlowApi.ts';
import './retroFlow.css';

const CONTEXT_LABELS: Record<ContextEntry['kind'], string> = { reprioritized: 'Reprioritized', 'limit-override': 'Limit override', added: 'Added' };

/** Sent (on window) when the retro's series changes, e.g. the facilitator linked a planning board. */
export const SERIES_CHANGED_EVENT = 'lanewise:retro-series-changed';

/**
 * "Context from the plan", beside the retro's columns: what happened on the linked planning board
 * since the last retro of the series — reprioritizations, limit overrides with their reasons,
 * initiatives added mid-cycle — from that board's decision log, so people reflect on what actually
 * happened. A column at the right on wide screens, stacked above the columns on narrow ones;
 * nothing while the retro is not linked to a planning board.
 */
export function PlanContext() {
  const boardId = useBoardSession().boardId;
  const phase = useBoardStore((state) => state.meta?.retroPhase);
  const [context, setContext] = useState<{ planningBoard: { id: string; title: string }; entries: ContextEntry[] } | null>(null);
  const [changes, setChanges] = useState(0);
  useEffect(() => {
    const changed = () => setChanges((count) => count + 1);
    window.addEventListener(SERIES_CHANGED_EVENT, changed);
    return () => window.removeEventListener(SERIES_CHANGED_EVENT, changed);
  }, []);
  useEffect(() => {
    let current = true;
    fetchContext(boardId).then(
      (answer) => current && setContext(answer.planningBoard ? { planningBoard: answer.planningBoard, entries: answer.entries } : null),
      () => current && setContext(null),
    );
    return () => {
      current = false;
    };
  }, [boardId, phase, changes]);
  if (!context) return null;
  return (
    <aside className="plan-context" aria-label="Context from the plan" data-testid="plan-context">
      <h3>
        On <a href={`/b/${encodeURIComponent(context.planningBoard.id)}`}>“{context.planningBoard.title}”</a> since the last retro
      </h3>
      {context.entries.length === 0 ? (
        <p className="retro-hint">No reprioritizations, limit overrides or new initiatives.</p>
      ) : (
        <ul className="retro-context-list">
          {context.entries
            .slice(-30)
            .reverse()
            .map((entry) => (
              <li key={entry.seq}>
                <span className="retro-context-kind">{CONTEXT_LABELS[entry.kind]}</span>
                {entry.actor} {entry.summary}
                {entry.rationale && <em> — “{entry.rationale}”</em>}
              </li>
            ))}
        </ul>
      )}
    </aside>
  );
}
