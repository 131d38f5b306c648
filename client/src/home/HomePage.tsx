import { useEffect, useState } from 'react';
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

export function HomePage() {
  // Only the boards opened on this device: listing every board on the server is an admin task,
  // and a visitor's browser holds links (tokens) only for the boards it opened.
  const [recent] = useState<RecentBoard[]>(loadRecentBoards);

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
                Your boards on this device
              </h2>
              {recent.length === 0 ? (
                <p className="muted">Boards you create or open on this device show up here. To join someone else’s board, open the link they sent you.</p>
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
            <JoinBoardForm />
          </div>
        </div>
      </main>
    </div>
  );
}
