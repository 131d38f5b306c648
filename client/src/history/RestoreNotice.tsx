import { useState } from 'react';
import { useStore } from 'zustand';
import { loadDisplayName } from '../app/identity.ts';
import { useBoardSession } from '../board/sessionContext.tsx';
import { useHistoryUi } from './historyUiStore.ts';
import { isOwnEntry, ownIdentity } from './ownEntries.ts';

/**
 * A restore rearranges everyone's board at once, so everyone is told who restored which snapshot —
 * driven by the live `snapshot.restored` decision entry, shown until dismissed.
 */
export function RestoreNotice() {
  const session = useBoardSession();
  const restore = useStore(session.decisions, (state) =>
    state.liveAfterSeq === null ? undefined : state.entries.findLast((entry) => entry.action === 'snapshot.restored' && entry.seq > (state.liveAfterSeq ?? 0)),
  );
  const [dismissed, setDismissed] = useState<number | null>(null);
  if (!restore || restore.seq === dismissed) return null;
  const name = String((restore.details as { name?: unknown } | undefined)?.name ?? 'a snapshot');
  const own = isOwnEntry(restore.actor, ownIdentity(session.boardId, loadDisplayName() ?? ''));
  const who = own ? 'You' : restore.actor.name;
  return (
    <div className="banner info restore-banner" role="status" data-testid="board-restored" data-seq={restore.seq}>
      <span>
        <strong>{who}</strong> restored snapshot “{name}” — the board changed for everyone
        {restore.actor.verified || own ? '' : ' (name not verified)'}.
      </span>
      <button type="button" className="button subtle small" onClick={() => useHistoryUi.getState().showTab('snapshots')}>
        Show snapshots
      </button>
      <button type="button" className="icon-button small" aria-label="Dismiss the restore notice" onClick={() => setDismissed(restore.seq)}>
        <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
          <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      </button>
    </div>
  );
}
