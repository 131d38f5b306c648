import { useEffect, useState } from 'react';
import { fetchBoard, ApiError } from '../app/api.ts';
import { accessDeniedText, NO_LINK_TEXT } from '../app/accessMessages.ts';
import { captureTokenFromLocation } from '../app/boardTokens.ts';
import { loadColor, loadDisplayName, saveDisplayName, type UserIdentity } from '../app/identity.ts';
import { BoardSessionContext } from '../board/sessionContext.tsx';
import { openBoardSession, useOpenBoardSession } from '../board/sessionRegistry.ts';
import { useUiStore } from '../ui/uiStore.ts';
import { BoardNotFound, BoardView } from './BoardView.tsx';
import { NameDialog } from './NameDialog.tsx';

/** No link for this board in this browser: it may not exist, or the person needs its link. */

/** /b/:id — asks for a display name once, then opens the board session. */
export function BoardPage({ boardId }: { readonly boardId: string }) {
  // A share link's token moves from the address bar into this browser's storage before anything connects.
  useState(() => captureTokenFromLocation(boardId));
  const [user, setUser] = useState<UserIdentity | null>(() => {
    const name = loadDisplayName();
    return name ? { name, color: loadColor() } : null;
  });
  const session = useOpenBoardSession(boardId);
  // Before asking for a name or connecting, make sure the board exists and this browser's link opens it.
  const [missing, setMissing] = useState(false);
  const [denied, setDenied] = useState<string | null>(null);
  // With a name already known the session connects at once and its ticket request answers the
  // same question; the board is then read over HTTP only if the connection fails, for the exact
  // sentence (a missing link, a refused one). Reading all of it on every open cost the first paint
  // a whole-board JSON on the board's thread, in parallel with its sync.
  const [checkFirst] = useState(() => loadDisplayName() === null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (checkFirst || !session) return undefined;
    const watch = (state: ReturnType<typeof session.session.getState>) => {
      if (state.notFound || state.accessDenied !== null || state.closedReason !== null) setFailed(true);
    };
    watch(session.session.getState());
    return session.session.subscribe(watch);
  }, [checkFirst, session]);
  const shouldCheck = checkFirst || failed;
  useEffect(() => {
    if (!shouldCheck) return undefined;
    let active = true;
    fetchBoard(boardId).then(
      () => undefined,
      (error: unknown) => {
        if (!active || !(error instanceof ApiError)) return;
        if (error.status === 404) setMissing(true);
        if (error.code === 'token_missing') setDenied(NO_LINK_TEXT);
        else if (error.status === 401 || error.status === 403) setDenied(accessDeniedText(error.message));
      },
    );
    return () => {
      active = false;
    };
  }, [boardId, shouldCheck]);
  useEffect(() => {
    if (!denied || !session) return;
    session.session.setState({ accessDenied: denied });
    session.provider.disconnect(); // retrying with a link that does not open the board is pointless
  }, [denied, session]);
  // The session opens once per board; later renames go through session.setUser.
  const hasUser = user !== null;

  useEffect(() => {
    if (!hasUser) return undefined;
    const identity = { name: loadDisplayName() ?? 'Anonymous', color: loadColor() };
    const close = openBoardSession(boardId, identity);
    useUiStore.getState().reset();
    return close;
  }, [boardId, hasUser]);

  useEffect(() => {
    if (session && user) session.setUser(user);
  }, [session, user]);

  if (missing) return <BoardNotFound />;
  if (denied && !session) return <BoardNotFound denied={denied} />;
  if (!user) {
    return (
      <div className="board-gate">
        <NameDialog
          initialName=""
          required
          onSave={(name) => {
            saveDisplayName(name);
            setUser({ name, color: loadColor() });
          }}
          onCancel={() => undefined}
        />
      </div>
    );
  }
  if (!session) return <div className="page-message" aria-busy="true" />;
  return (
    <BoardSessionContext.Provider value={session}>
      <BoardView
        user={user}
        onRename={(name) => {
          saveDisplayName(name);
          setUser({ name, color: user.color });
        }}
      />
    </BoardSessionContext.Provider>
  );
}
