import { useMemo, useState, type ReactNode } from 'react';
import {
  DndContext,
  DragOverlay,
  KeyboardCode,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragCancelEvent,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { DragController } from '../board/dragController.ts';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { CardBody } from './CardBody.tsx';
import { createAnnouncements, createCollisionDetection, createKeyboardCoordinates, SCREEN_READER_INSTRUCTIONS, toDragOver } from './dndConfig.ts';
import { suppressCardClicks } from './cardClicks.ts';
import { requestMove } from '../tradeoffs/moveFlow.ts';

const getPreview = () => useUiStore.getState().dragPreview;
const KEYBOARD_CODES = { start: [KeyboardCode.Space], cancel: [KeyboardCode.Esc], end: [KeyboardCode.Space, KeyboardCode.Enter] };
/** A view-only board has no drag sensors at all. */
const NO_SENSORS: never[] = [];
const VIEW_ONLY_INSTRUCTIONS = { draggable: 'Press Enter to open this initiative. This board is view only.' };

function DragOverlayCard({ itemId }: { readonly itemId: string }) {
  const item = useBoardStore((state) => state.items[itemId]);
  if (!item) return null;
  return (
    <div className="card overlay" aria-hidden="true">
      <CardBody item={item} />
    </div>
  );
}

/** Wires dnd-kit to the drag controller: mouse, touch and keyboard; one moveItem per drop. */
export function BoardDnd({ children }: { readonly children: ReactNode }) {
  const session = useBoardSession();
  const [activeId, setActiveId] = useState<string | null>(null);

  const controller = useMemo(
    () =>
      new DragController({
        getBoard: session.board.getState,
        getPreview,
        setPreview: (preview) => useUiStore.getState().setDragPreview(preview),
        // Hard limits and the top lane ask first (MoveDecisionDialog); everything else is written at once.
        moveItem: (itemId, target) => requestMove(session, itemId, target),
      }),
    [session],
  );
  const collisionDetection = useMemo(() => createCollisionDetection(session.board, getPreview), [session]);
  // Space picks a card up (and Space or Enter drops it); Enter on a resting card opens it instead.
  const keyboardOptions = useMemo(() => ({ coordinateGetter: createKeyboardCoordinates(session.board, getPreview), keyboardCodes: KEYBOARD_CODES }), [session]);
  const readOnly = useSessionState((state) => state.readOnly);
  const accessibility = useMemo(
    () => ({
      announcements: createAnnouncements({ board: session.board, getPreview, lastDrop: () => controller.lastDrag }),
      screenReaderInstructions: readOnly ? VIEW_ONLY_INSTRUCTIONS : SCREEN_READER_INSTRUCTIONS,
    }),
    [session, controller, readOnly],
  );
  const mouseOptions = useMemo(() => ({ activationConstraint: { distance: 5 } }), []);
  const touchOptions = useMemo(() => ({ activationConstraint: { delay: 180, tolerance: 8 } }), []);
  const sensors = useSensors(useSensor(MouseSensor, mouseOptions), useSensor(TouchSensor, touchOptions), useSensor(KeyboardSensor, keyboardOptions));

  const finish = () => {
    setActiveId(null);
    session.setDragging(null);
    suppressCardClicks();
  };

  return (
    <DndContext
      sensors={readOnly ? NO_SENSORS : sensors}
      collisionDetection={collisionDetection}
      accessibility={accessibility}
      onDragStart={({ active }: DragStartEvent) => {
        const itemId = String(active.id);
        controller.start(itemId);
        setActiveId(itemId);
        session.setDragging(itemId);
      }}
      onDragOver={({ active, over }: DragOverEvent) => controller.over(toDragOver(over, active))}
      onDragEnd={({ active, over }: DragEndEvent) => {
        controller.drop(toDragOver(over, active));
        finish();
      }}
      onDragCancel={(_event: DragCancelEvent) => {
        controller.cancel();
        finish();
      }}
    >
      {children}
      <DragOverlay dropAnimation={{ duration: 160, easing: 'cubic-bezier(0.2, 0, 0, 1)' }}>{activeId ? <DragOverlayCard itemId={activeId} /> : null}</DragOverlay>
    </DndContext>
  );
}
