import { lazy, Suspense, useRef, useState } from 'react';
import type { UserIdentity } from '../app/identity.ts';
import { selectBoardTitle } from '../board/selectors.ts';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { Brand } from './Brand.tsx';
import { ConnectionStatus } from './ConnectionStatus.tsx';
import { PresenceAvatars } from './PresenceAvatars.tsx';
import { HistoryToggle } from '../history/HistoryToggle.tsx';
import { TransferMenu } from '../transfer/TransferMenu.tsx';

// Loaded when first opened: not part of the board's first paint.
const ShareDialog = lazy(() => import('../share/ShareDialog.tsx').then((module) => ({ default: module.ShareDialog })));

export function BoardHeader({ user }: { readonly user: UserIdentity }) {
  const session = useBoardSession();
  const title = useBoardStore(selectBoardTitle);
  const canUndo = useSessionState((state) => state.canUndo);
  const canRedo = useSessionState((state) => state.canRedo);
  const role = useSessionState((state) => state.role);
  const readOnly = useSessionState((state) => state.readOnly);
  const [sharing, setSharing] = useState(false);
  const shareRef = useRef<HTMLButtonElement>(null);
  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = isMac ? '⌘' : 'Ctrl+';

  return (
    <header className="board-header">
      <div className="board-header-start">
        <Brand />
        <span className="header-divider" aria-hidden="true" />
        <h1 className="board-title" title={title}>
          {title || 'Board'}
        </h1>
      </div>
      <div className="board-header-end">
        <ConnectionStatus />
        {readOnly && (
          <span className="role-badge" data-testid="role-badge">
            View only
          </span>
        )}
        {role === 'owner' && (
          <button ref={shareRef} type="button" className="button subtle" onClick={() => setSharing(true)}>
            Share
          </button>
        )}
        {sharing && (
          <Suspense fallback={null}>
            <ShareDialog
              boardId={session.boardId}
              onClose={() => {
                setSharing(false);
                // Back to the button that opened it (the dialog's own focus return is lost when React removes it).
                requestAnimationFrame(() => shareRef.current?.focus());
              }}
            />
          </Suspense>
        )}
        <TransferMenu />
        <PresenceAvatars />
        <HistoryToggle />
        {!readOnly && (
        <div className="toolbar" role="group" aria-label="Undo and redo">
          <button type="button" className="icon-button" aria-label="Undo" title={`Undo (${mod}Z)`} disabled={!canUndo} onClick={() => session.undo()}>
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="M8 5 4 9l4 4M4.5 9H12a4 4 0 0 1 0 8h-2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label="Redo"
            title={`Redo (${isMac ? '⌘⇧Z' : 'Ctrl+Y'})`}
            disabled={!canRedo}
            onClick={() => session.redo()}
          >
            <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
              <path d="m12 5 4 4-4 4M15.5 9H8a4 4 0 0 0 0 8h2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </div>
        )}
        <button type="button" className="button subtle name-button" onClick={() => useUiStore.getState().setNameDialogOpen(true)} title="Change your name">
          <span className="swatch" style={{ background: user.color }} aria-hidden="true" />
          <span className="visually-hidden">Change your name: </span>
          <span className="name-text">{user.name}</span>
        </button>
      </div>
    </header>
  );
}
