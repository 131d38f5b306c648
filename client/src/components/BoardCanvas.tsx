import { useRef, useState, type PointerEvent } from 'react';
import { selectLaneIds } from '../board/selectors.ts';
import { useBoardSession, useBoardStore, useCanEdit, useIsRetro } from '../board/sessionContext.tsx';
import { AddLaneForm } from './AddLaneForm.tsx';
import { BoardDnd } from './BoardDnd.tsx';
import { LaneColumn } from './LaneColumn.tsx';
import { RemoteCursors } from './RemoteCursors.tsx';
import { BoardScrollerContext } from './scrollerContext.ts';

/** The scrolling board surface: lanes side by side, remote cursors on top (in canvas coordinates). */
export function BoardCanvas() {
  const session = useBoardSession();
  const laneIds = useBoardStore(selectLaneIds);
  const canEdit = useCanEdit();
  const isRetro = useIsRetro();
  const contentRef = useRef<HTMLDivElement>(null);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const content = contentRef.current;
    if (!content || event.pointerType === 'touch') return;
    const rect = content.getBoundingClientRect();
    session.setCursor({ x: event.clientX - rect.left, y: event.clientY - rect.top });
  };

  return (
    <div className="board-scroller" data-testid="board-canvas" ref={setScroller} onPointerMove={onPointerMove} onPointerLeave={() => session.setCursor(null)}>
      <div className="board-content" ref={contentRef}>
        <BoardScrollerContext value={scroller}>
          <BoardDnd>
            <div className="lanes">
              {laneIds.map((laneId) => (
                <LaneColumn key={laneId} laneId={laneId} />
              ))}
              {canEdit && !isRetro && <AddLaneForm />}
            </div>
          </BoardDnd>
        </BoardScrollerContext>
        <RemoteCursors />
      </div>
    </div>
  );
}
