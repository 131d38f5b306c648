import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
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
  type DragStartEvent,
} from '@dnd-kit/core';
import { DragController } from '../board/dragController.ts';
import { useBoardSession, useBoardStore, useSessionState } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { CardBody } from './CardBody.tsx';
import { BOARD_DND_ID, createAnnouncements, createKeyboardCoordinates, SCREEN_READER_INSTRUCTIONS } from './dndConfig.ts';
import { DragBridge, DragBridgeContext, DragSource } from './dragSource.tsx';
import { dropTargetAt } from './dropTarget.ts';
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

const ANNOUNCE_NOTHING = () => [];

/** The pointer's last position in the viewport while a pointer drag runs (mouse or touch). */
function pointOf(event: Event | null): { x: number; y: number } | null {
  if (!event) return null;
  if ('touches' in event) {
    const touch = (event as TouchEvent).touches[0] ?? (event as TouchEvent).changedTouches[0];
    return touch ? { x: touch.clientX, y: touch.clientY } : null;
  }
  if ('clientX' in event) return { x: (event as MouseEvent).clientX, y: (event as MouseEvent).clientY };
  return null;
}

/**
 * Wires dnd-kit to the drag controller: mouse, touch and keyboard; one moveItem per drop.
 * There are no droppables: a pointer drag's lane and slot come from the pointer and the cards on
 * screen (`dropTargetAt`), a keyboard move's from the board model (DECISIONS 110).
 */
export function BoardDnd({ children }: { readonly children: ReactNode }) {
  const session = useBoardSession();
  const [activeId, setActiveId] = useState<string | null>(null);
  const [bridge] = useState(() => new DragBridge());

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
  // A pointer drag: the pointer's last position, kept by window listeners while the drag runs.
  const pointer = useRef<{ point: { x: number; y: number } | null; stop: (() => void) | null }>({ point: null, stop: null });
  const targetAtPointer = () => {
    const point = pointer.current.point;
    const preview = getPreview();
    if (!point || !preview) return null;
    return dropTargetAt(document.querySelector('[data-testid="board-canvas"]') ?? document, point.x, point.y, preview);
  };
  // Space picks a card up (and Space or Enter drops it); Enter on a resting card opens it instead.
  const keyboardOptions = useMemo(
    () => ({
      coordinateGetter: createKeyboardCoordinates({
        board: session.board,
        getPreview,
        moveTo: (target) => flushSync(() => controller.over(target)),
        placeholder: (itemId) => document.querySelector<HTMLElement>(`[data-testid="lane"] li[data-flip-id="${CSS.escape(itemId)}"]`),
      }),
      keyboardCodes: KEYBOARD_CODES,
    }),
    [session, controller],
  );
  const readOnly = useSessionState((state) => state.readOnly);
  const accessibility = useMemo(
    () => ({
      announcements: createAnnouncements({ board: session.board, getPreview, isOutside: () => controller.isOutside, lastDrop: () => controller.lastDrag }),
      screenReaderInstructions: readOnly ? VIEW_ONLY_INSTRUCTIONS : SCREEN_READER_INSTRUCTIONS,
    }),
    [session, controller, readOnly],
  );
  const mouseOptions = useMemo(() => ({ activationConstraint: { distance: 5 } }), []);
  const touchOptions = useMemo(() => ({ activationConstraint: { delay: 180, tolerance: 8 } }), []);
  const sensors = useSensors(useSensor(MouseSensor, mouseOptions), useSensor(TouchSensor, touchOptions), useSensor(KeyboardSensor, keyboardOptions));

  const stopTracking = () => {
    pointer.current.stop?.();
    pointer.current = { point: null, stop: null };
  };
  const finish = () => {
    stopTracking();
    setActiveId(null);
    session.setDragging(null);
    suppressCardClicks();
  };
  useEffect(() => stopTracking, []);

  return (
    <DndContext
      id={BOARD_DND_ID}
      sensors={readOnly ? NO_SENSORS : sensors}
      collisionDetection={ANNOUNCE_NOTHING}
      accessibility={accessibility}
      onDragStart={({ active, activatorEvent }: DragStartEvent) => {
        const itemId = String(active.id);
        controller.start(itemId);
        setActiveId(itemId);
        session.setDragging(itemId);
        stopTracking();
        if (activatorEvent && !(activatorEvent instanceof KeyboardEvent)) {
          const track = (event: Event) => {
            const point = pointOf(event);
            if (point) pointer.current.point = point;
          };
          // Touch events keep going to the element the touch started on, even once it has left
          // the document (the card re-mounts in the lane it is dragged into): listen there too.
          const origin = activatorEvent.target instanceof EventTarget ? activatorEvent.target : null;
          addEventListener('mousemove', track, { capture: true, passive: true });
          addEventListener('touchmove', track, { capture: true, passive: true });
          origin?.addEventListener('touchmove', track, { passive: true });
          pointer.current = {
            point: pointOf(activatorEvent),
            stop: () => {
              removeEventListener('mousemove', track, { capture: true });
              removeEventListener('touchmove', track, { capture: true });
              origin?.removeEventListener('touchmove', track);
            },
          };
        }
      }}
      // Every pointer move and every scroll of the board (auto-scroll included) comes here.
      onDragMove={() => {
        if (pointer.current.point) controller.over(targetAtPointer());
      }}
      onDragEnd={(_event: DragEndEvent) => {
        if (pointer.current.point) controller.drop(targetAtPointer());
        else controller.drop();
        finish();
      }}
      onDragCancel={(_event: DragCancelEvent) => {
        controller.cancel();
        finish();
      }}
    >
      <DragBridgeContext value={bridge}>{children}</DragBridgeContext>
      {!readOnly && <DragSource bridge={bridge} />}
      <DragOverlay dropAnimation={{ duration: 160, easing: 'cubic-bezier(0.2, 0, 0, 1)' }}>{activeId ? <DragOverlayCard itemId={activeId} /> : null}</DragOverlay>
    </DndContext>
  );
}
