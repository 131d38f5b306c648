import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerAppShell } from './app/appUpdates.ts';
import './styles/base.css';
import './styles/home.css';
import './styles/board.css';
import './styles/panel.css';
import './styles/tradeoffs.css';
import './styles/transfer.css';
import './styles/retro.css';
import './styles/facilitation.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerAppShell();
