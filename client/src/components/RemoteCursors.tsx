import { useEffect, useRef } from 'react';
import { mountCursorLayer } from '../board/cursorLayer.ts';
import { useBoardSession } from '../board/sessionContext.tsx';

/**
 * Other people's pointers, positioned in board canvas coordinates. Decorative for assistive tech.
 * Drawn outside React (see cursorLayer.ts): 50 moving cursors never re-render the board.
 */
export function RemoteCursors() {
  const session = useBoardSession();
  const layerRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const layer = layerRef.current;
    return layer ? mountCursorLayer(layer, session.cursors) : undefined;
  }, [session]);
  return <div className="remote-cursors" aria-hidden="true" ref={layerRef} />;
}
