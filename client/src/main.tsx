import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerAppShell } from './app/appUpdates.ts';
import { captureTokenFromLocation } from './app/boardTokens.ts';
import { loadColor, loadDisplayName } from './app/identity.ts';
import { parseRoute } from './app/router.ts';
import { preopenBoardSession } from './board/sessionRegistry.ts';
import './styles/base.css';
import './styles/home.css';
import './styles/board.css';
import './styles/panel.css';
import './styles/tradeoffs.css';
import './styles/transfer.css';
import './styles/retro.css';
import './styles/facilitation.css';

performance.mark('lanewise:app-start');

// On a board address, with a display name already chosen, connect before React renders: the
// ticket, the websocket and the sync run while the page mounts (BoardPage takes the session over).
const route = parseRoute(window.location.pathname);
if (route.page === 'board') {
  captureTokenFromLocation(route.boardId);
  const name = loadDisplayName();
  if (name) preopenBoardSession(route.boardId, { name, color: loadColor() });
}

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerAppShell();
