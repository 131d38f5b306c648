import { useCursors } from '../board/sessionContext.tsx';

/** Other people's pointers, positioned in board canvas coordinates. Decorative for assistive tech. */
export function RemoteCursors() {
  const cursors = useCursors((state) => state.cursors);
  return (
    <div className="remote-cursors" aria-hidden="true">
      {cursors.map((cursor) => (
        <div key={cursor.clientId} className="remote-cursor" data-testid="remote-cursor" style={{ transform: `translate(${cursor.x}px, ${cursor.y}px)`, color: cursor.color }}>
          <svg width="18" height="18" viewBox="0 0 18 18">
            <path d="M2 1.5 15.5 8l-6 1.6L6.8 16 2 1.5Z" fill="currentColor" stroke="#fff" strokeWidth="1.4" strokeLinejoin="round" />
          </svg>
          <span className="remote-cursor-label" style={{ background: cursor.color }}>
            {cursor.name}
          </span>
        </div>
      ))}
    </div>
  );
}
