import { DecisionEntryRow } from './DecisionEntryRow.tsx';
import { useDecisionLog, useNow } from './useDecisionLog.ts';

/** The decision log of one initiative, for its side panel; updates live. */
export function ItemHistory({ itemId }: { readonly itemId: string }) {
  const { entries, hasOlder, loading, loaded, error, loadOlder } = useDecisionLog({ itemId });
  const now = useNow();
  return (
    <section className="item-history" aria-labelledby="item-history-title" data-testid="item-history">
      <h3 id="item-history-title">History</h3>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {loaded && entries.length === 0 && <p className="feed-empty">No recorded changes yet.</p>}
      {entries.length > 0 && (
        <ol className="decision-list compact" aria-label="Changes to this initiative, newest first">
          {entries.map((entry) => (
            <DecisionEntryRow key={entry.seq} entry={entry} now={now} />
          ))}
        </ol>
      )}
      {hasOlder && (
        <button type="button" className="button small load-older" disabled={loading} onClick={loadOlder}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </section>
  );
}
