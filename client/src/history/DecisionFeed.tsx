import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useBoardSession, useBoardStore } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { actorsOf } from './decisionFormat.ts';
import { DecisionEntryRow } from './DecisionEntryRow.tsx';
import { ExportButtons } from './ExportButtons.tsx';
import { useHistoryUi } from './historyUiStore.ts';
import { IntegrityBadge } from './IntegrityBadge.tsx';
import { useDecisionLog, useNow } from './useDecisionLog.ts';

/** The live decision log beside the board, newest first, narrowed by person and by item. */
export function DecisionFeed() {
  const session = useBoardSession();
  const actor = useHistoryUi((state) => state.actorFilter);
  const itemFilter = useHistoryUi((state) => state.itemFilter);
  const openItemId = useUiStore((state) => (state.panel?.kind === 'item' ? state.panel.itemId : null));
  const openItemTitle = useBoardStore((state) => (openItemId ? (state.items[openItemId]?.title ?? null) : null));
  const liveEntries = useStore(session.decisions, (state) => state.entries);
  const { entries, hasOlder, loading, loaded, error, loadOlder } = useDecisionLog({ actor: actor ?? undefined, itemId: itemFilter?.id });
  const now = useNow();
  const people = useMemo(() => actorsOf(liveEntries, actor ? [actor] : []), [liveEntries, actor]);
  const { setActorFilter, setItemFilter } = useHistoryUi.getState();
  const filtered = actor !== null || itemFilter !== null;

  return (
    <section className="decision-feed" aria-labelledby="decision-feed-title" data-testid="decision-feed">
      <h2 id="decision-feed-title" className="visually-hidden">
        Decision feed
      </h2>
      <div className="feed-tools">
        <IntegrityBadge />
        <div className="feed-filters">
          <label className="compact-field">
            <span>Person</span>
            <select value={actor ?? ''} onChange={(event) => setActorFilter(event.target.value || null)}>
              <option value="">Everyone</option>
              {people.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          {itemFilter ? (
            <span className="filter-chip" data-testid="item-filter">
              <span className="filter-chip-text">“{itemFilter.title}”</span>
              <button type="button" className="icon-button tiny" aria-label={`Show all items, not only ${itemFilter.title}`} onClick={() => setItemFilter(null)}>
                <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
                  <path d="m6 6 8 8M14 6l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
                </svg>
              </button>
            </span>
          ) : (
            openItemId &&
            openItemTitle && (
              <button type="button" className="button small subtle" onClick={() => setItemFilter({ id: openItemId, title: openItemTitle })}>
                Only “{openItemTitle}”
              </button>
            )
          )}
        </div>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {loaded && entries.length === 0 ? (
        <p className="feed-empty">
          {filtered ? 'Nothing in the log matches this filter.' : 'No decisions yet. Moves, new initiatives, lane changes and snapshots appear here as they happen.'}
        </p>
      ) : (
        <ol className="decision-list" aria-label={filtered ? 'Decisions, filtered' : 'Decisions, newest first'}>
          {entries.map((entry) => (
            <DecisionEntryRow key={entry.seq} entry={entry} now={now} onFocusItem={itemFilter ? undefined : setItemFilter} />
          ))}
        </ol>
      )}
      {!loaded && loading && <p className="feed-empty">Loading the log…</p>}
      {hasOlder && (
        <button type="button" className="button small load-older" disabled={loading} onClick={loadOlder}>
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
      <ExportButtons />
    </section>
  );
}
