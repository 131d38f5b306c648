import { useTradeoffUi } from './tradeoffUiStore.ts';

/**
 * Tells screen readers what became of a move that was decided in a dialog — moved (with the lane
 * and position) or cancelled — once it is decided, not when the card was dropped.
 */
export function MoveAnnouncer() {
  const announcement = useTradeoffUi((state) => state.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="assertive" aria-atomic="true" data-testid="move-announcer">
      {announcement ? <span key={announcement.id}>{announcement.text}</span> : null}
    </div>
  );
}
