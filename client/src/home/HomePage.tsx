import { useEffect, useState } from 'react';
import { TEMPLATES } from '@lanewise/shared';
import { listBoards, type BoardSummary } from '../app/api.ts';
import { loadRecentBoards, type RecentBoard } from '../app/recentBoards.ts';
import { boardPath, followLink } from '../app/router.ts';
import { Brand } from '../components/Brand.tsx';
import { JoinBoardForm } from './JoinBoardForm.tsx';
import { ImportBoardForm } from './ImportBoardForm.tsx';
import { NewBoardForm } from './NewBoardForm.tsx';

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatTime(time: number): string {
  return Number.isFinite(time) ? dateFormat.format(new Date(time)) : '';
}

type ServerBoards = { state: 'loading' } | { state: 'ready'; boards: BoardSummary[] } | { state: 'error'; message: string };

export function HomePage() {
  const [recent] = useState<RecentBoard[]>(loadRecentBoards);
  const [server, setServer] = useState<ServerBoards>({ state: 'loading' });

  useEffect(() => {
    let active = true;
    listBoards().then(
      (boards) => active && setServer({ state: 'ready', boards: [...boards].sort((a, b) => b.updatedAt - a.updatedAt) }),
      (error: unknown) => active && setServer({ state: 'error', message: error instanceof Error ? error.message : 'Could not load boards.' }),
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    document.title = 'Lanewise — your boards';
  }, []);

  return (
    <div className="home">
      <header className="home-header">
        <Brand />
      </header>
      <main className="home-main">
        <section className="home-intro" aria-labelledby="home-heading">
          <h1 id="home-heading">Plan together. Make the trade-offs visible.</h1>
          <p>Rank initiatives in lanes with your team, live. Lanes carry limits and capacity, so “everything is P0” shows up before it happens.</p>
        </section>
        <div className="home-grid">
          <div className="home-start">
            <NewBoardForm />
            <ImportBoardForm />
          </div>
          <div className="home-lists">
            <section aria-labelledby="recent-heading">
              <h2 id="recent-heading" className="section-title">
                Recently opened
              </h2>
              {recent.length === 0 ? (
                <p className="muted">Boards you open on this device show up here.</p>
              ) : (
                <ul className="board-list">
                  {recent.map((board) => (
                    <li key={board.id}>
                      <a href={boardPath(board.id)} onClick={followLink} className="board-link">
                        <span className="board-link-title">{board.title}</span>
                        <span className="board-link-meta">Opened {formatTime(board.visitedAt)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="all-heading">
              <h2 id="all-heading" className="section-title">
                All boards
              </h2>
              {server.state === 'loading' && <p className="muted">Loading boards…</p>}
              {server.state === 'error' && (
                <p className="muted" role="status">
                  {server.message}
                </p>
              )}
              {server.state === 'ready' &&
                (server.boards.length === 0 ? (
                  <p className="muted">No boards yet. Create the first one.</p>
                ) : (
                  <ul className="board-list">
                    {server.boards.map((board) => (
                      <li key={board.id}>
                        <a href={boardPath(board.id)} onClick={followLink} className="board-link">
                          <span className="board-link-title">{board.title}</span>
                          <span className="board-link-meta">
                            {TEMPLATES[board.template]?.label ?? board.template} · updated {formatTime(board.updatedAt)}
                          </span>
                        </a>
                      </li>
                    ))}
                  </ul>
                ))}
            </section>
            <JoinBoardForm />
          </div>
        </div>
      </main>
    </div>
  );
}
