import { lazy, Suspense, useEffect } from 'react';
import { rememberBoard } from '../app/recentBoards.ts';
import { followLink } from '../app/router.ts';
import type { UserIdentity } from '../app/identity.ts';
import { animateRemoteMoves } from '../board/flip.ts';
import { selectBoardTitle, selectIsLoaded } from '../board/selectors.ts';
import { useBoardSession, useBoardStore, useIsRetro, useSessionState } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { HistoryLayer } from '../history/HistoryLayer.tsx';
import { PlanningWorkspace } from '../tradeoffs/PlanningWorkspace.tsx';
import { FacilitatorBar } from '../facilitation/FacilitatorBar.tsx';
import { BoardHeader } from './BoardHeader.tsx';
import { Brand } from './Brand.tsx';
import { NameDialog } from './NameDialog.tsx';
import { SidePanel } from './SidePanel.tsx';
import { useUndoShortcuts } from './useUndoShortcuts.ts';

// Retro UI is loaded only on retro boards (a planning board never runs it).
const RetroPanel = lazy(() => import('../retro/RetroPanel.tsx').then((module) => ({ default: module.RetroPanel })));
const PlanContext = lazy(() => import('../retro/PlanContext.tsx').then((module) => ({ default: module.PlanContext })));

function preloadDeferredParts(): void {
  void import('./ItemPanel.tsx');
  void import('./LanePanel.tsx');
  void import('../people/PeoplePanel.tsx');
  void import('../tradeoffs/BoardSettingsPanel.tsx');
  void import('../history/HistorySidebar.tsx');
  void import('../history/HistoryReplay.tsx');
  void import('../tradeoffs/TradeoffView.tsx');
  void import('./MoveDecisionDialog.tsx');
}

function BoardNotFoundMessage({ denied }: { readonly denied?: string | null | undefined }) {
  return (
    <div className="page-message" data-testid="board-not-found" data-reason={denied ? 'access-denied' : 'not-found'} role="alert">
      <h1>{denied ? 'This link does not open the board' : 'This board does not exist'}</h1>
      {denied ? (
        <p>{denied}</p>
      ) : (
        <p>This board does not exist, or it was removed. Check the link you were given, or start a new board.</p>
      )}
      <a href="/" className="button primary" onClick={followLink}>
        Go to your boards
      </a>
    </div>
  );
}

function BoardNotFoundHeader() {
  return (
    <header className="board-header">
      <div className="board-header-start">
        <Brand />
      </div>
    </header>
  );
}

/** The not-found page on its own, for when there is no session to show it in. */
export function BoardNotFound({ denied = null }: { readonly denied?: string | null }) {
  return (
    <div className="board-page">
      <BoardNotFoundHeader />
      <main className="board-main">
        <BoardNotFoundMessage denied={denied} />
      </main>
    </div>
  );
}

export function BoardView({ user, onRename }: { readonly user: UserIdentity; readonly onRename: (name: string) => void }) {
  const session = useBoardSession();
  const accessDenied = useSessionState((state) => state.accessDenied);
  const notFound = useSessionState((state) => state.notFound) || accessDenied !== null;
  const readOnly = useSessionState((state) => state.readOnly);
  const closedReason = useSessionState((state) => state.closedReason);
  const connection = useSessionState((state) => state.connection);
  const localLoaded = useSessionState((state) => state.localLoaded);
  const loaded = useBoardStore(selectIsLoaded);
  const isRetro = useIsRetro();
  const title = useBoardStore(selectBoardTitle);
  const nameDialogOpen = useUiStore((state) => state.nameDialogOpen);
  const hasPanel = useUiStore((state) => state.panel !== null);

  useUndoShortcuts(session);
  // Panels, the history sidebar, the chart and the move dialog are left out of the first load;
  // fetch them soon after the board is on screen, so they open at once (and offline) later.
  useEffect(() => {
    if (!loaded) return undefined;
    const timer = setTimeout(preloadDeferredParts, 1000);
    return () => clearTimeout(timer);
  }, [loaded]);
  useEffect(() => animateRemoteMoves(session.board), [session]);
  useEffect(() => {
    if (!title || notFound) return;
    document.title = `${title} — Lanewise`;
    rememberBoard({ id: session.boardId, title });
  }, [title, notFound, session.boardId]);

  let content;
  if (notFound) {
    content = <BoardNotFoundMessage denied={accessDenied} />;
  } else if (!loaded) {
    const offline = connection === 'offline' && localLoaded;
    content = (
      <div className="page-message" role="status" aria-busy={!offline}>
        {offline ? (
          <>
            <h1>You are offline</h1>
            <p>This board has not been opened on this device before, so there is no offline copy yet. It loads as soon as you are back online.</p>
          </>
        ) : (
          <>
            <div className="spinner" aria-hidden="true" />
            <p>Loading board…</p>
          </>
        )}
      </div>
    );
  } else {
    content = (
      <>
        <FacilitatorBar />
        {isRetro && (
          <Suspense fallback={null}>
            <RetroPanel />
          </Suspense>
        )}
        {isRetro ? (
          <div className="retro-workspace">
            <div className="retro-workspace-columns">
              <PlanningWorkspace />
            </div>
            <Suspense fallback={null}>
              <PlanContext />
            </Suspense>
          </div>
        ) : (
          <PlanningWorkspace />
        )}
      </>
    );
  }

  return (
    <div className={`board-page${hasPanel ? ' has-panel' : ''}${readOnly ? ' read-only' : ''}`}>
      {notFound ? <BoardNotFoundHeader /> : <BoardHeader user={user} />}
      {readOnly && !notFound && (
        <div className="banner info" role="status" data-testid="read-only-banner">
          View only — you can follow this board live, but not change it. Ask the owner for an editor link to make changes.
        </div>
      )}
      {closedReason && !notFound && (
        <div className="banner error" role="alert">
          {closedReason}
        </div>
      )}
      <div className="board-body">
        <main className="board-main" aria-label={title ? `Board ${title}` : 'Board'}>
          {content}
        </main>
        {loaded && !notFound && <HistoryLayer />}
        {loaded && !notFound && <SidePanel />}
      </div>
      {nameDialogOpen && (
        <NameDialog
          initialName={user.name}
          required={false}
          onSave={(name) => {
            onRename(name);
            useUiStore.getState().setNameDialogOpen(false);
          }}
          onCancel={() => useUiStore.getState().setNameDialogOpen(false)}
        />
      )}
    </div>
  );
}
