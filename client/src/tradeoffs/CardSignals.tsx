import { useCollab } from '../board/collabContext.ts';
import { useBoardStore } from '../board/sessionContext.tsx';
import { ordinal } from './format.ts';
import { laneSuggestions } from './scores.ts';
import { useTradeoffUi } from './tradeoffUiStore.ts';

function useSignals(itemId: string, laneId: string) {
  const comments = useCollab((state) => state.commentCounts[itemId] ?? 0);
  const estimating = useCollab((state) => {
    const round = state.rounds[itemId];
    return round !== undefined && round.status !== 'closed';
  });
  const suggesting = useTradeoffUi((state) => state.suggestLanes[laneId] === true);
  const suggestion = useBoardStore((state) => {
    if (!suggesting) return null;
    const found = laneSuggestions(state, laneId).find((entry) => entry.item.id === itemId);
    return found ? `${found.currentPosition}:${found.suggestedPosition}` : null;
  });
  const [current, suggested] = suggestion ? suggestion.split(':').map(Number) : [0, 0];
  return { comments, estimating, suggestion: suggestion ? { current: current ?? 0, suggested: suggested ?? 0 } : null };
}

const sentence = (s: { current: number; suggested: number }) => `Ranked ${ordinal(s.current)}, scores suggest ${ordinal(s.suggested)}`;

/** Comment count, a live estimation in progress and (when asked) the suggested position. Visual only. */
export function CardSignals({ itemId, laneId }: { readonly itemId: string; readonly laneId: string }) {
  const { comments, estimating, suggestion } = useSignals(itemId, laneId);
  if (comments === 0 && !estimating && !suggestion) return null;
  return (
    <div className="card-signals" aria-hidden="true">
      {suggestion && (
        <span className={`suggestion ${suggestion.suggested < suggestion.current ? 'up' : 'down'}`} data-testid="order-suggestion">
          {suggestion.suggested < suggestion.current ? '↑' : '↓'} {sentence(suggestion)}
        </span>
      )}
      {estimating && <span className="estimating-badge">Estimating</span>}
      {comments > 0 && (
        <span className="comment-count" data-testid="comment-count" title={`${comments} ${comments === 1 ? 'comment' : 'comments'}`}>
          <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M4 4h12a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1H9l-4 3v-3H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
          </svg>
          {comments}
        </span>
      )}
    </div>
  );
}

/** The same, as words for the card's description. */
export function CardSignalsText({ itemId, laneId }: { readonly itemId: string; readonly laneId: string }) {
  const { comments, estimating, suggestion } = useSignals(itemId, laneId);
  const parts: string[] = [];
  if (comments > 0) parts.push(`${comments} ${comments === 1 ? 'comment' : 'comments'}`);
  if (estimating) parts.push('live estimation in progress');
  if (suggestion) parts.push(sentence(suggestion));
  return parts.length > 0 ? <>{`. ${parts.join(', ')}`}</> : null;
}
