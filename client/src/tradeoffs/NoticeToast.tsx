import { useEffect } from 'react';
import { useTradeoffUi } from './tradeoffUiStore.ts';

/** A non-blocking message (soft-limit warnings, a refused move, a move that lost to someone else's), announced politely. */
export function NoticeToast() {
  const notice = useTradeoffUi((state) => state.notice);
  useEffect(() => {
    if (!notice) return undefined;
    const timer = setTimeout(() => {
      if (useTradeoffUi.getState().notice?.id === notice.id) useTradeoffUi.getState().dismissNotice();
    }, notice.durationMs);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice && (
        <div className={`notice ${notice.tone}`} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="icon-button small" aria-label="Dismiss" onClick={() => useTradeoffUi.getState().dismissNotice()}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="m5 5 10 10M15 5 5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
            </svg>
          </button>
        </div>
      )}
    </div>
  );
}
