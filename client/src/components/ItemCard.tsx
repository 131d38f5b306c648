import { memo, useCallback, useId, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent, type SyntheticEvent, type TouchEvent } from 'react';
import { selectItem } from '../board/selectors.ts';
import { useBoardStore, useCanEdit, usePresence } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { CardBody } from './CardBody.tsx';
import { cardClicksSuppressed } from './cardClicks.ts';
import { DND_INSTRUCTIONS_ID } from './dndConfig.ts';
import { useDragBridge } from './dragSource.tsx';
import type { ItemViewModel } from '../board/boardState.ts';
import { CardSignals, CardSignalsText } from '../tradeoffs/CardSignals.tsx';
import { formatScore, lensSummary } from '../tradeoffs/format.ts';

function describe(item: ItemViewModel): string {
  const parts = [item.owner ? `Owner ${item.owner}` : 'No owner', item.estimate === null ? 'no estimate' : `estimate ${item.estimate}`];
  if (item.tags.length > 0) parts.push(`tags ${item.tags.join(', ')}`);
  const lens = lensSummary(item);
  parts.push(lens.value === null ? 'value not scored' : `value ${formatScore(lens.value)}`, lens.health === null ? 'health not scored' : `health ${formatScore(lens.health)}`);
  return parts.join(', ');
}

/**
 * One initiative. The card element itself is the drag handle (focusable, role button). Its
 * accessible name is the title (badges are aria-hidden; owner, estimate and tags are its description).
 */
import type { PresenceUser } from '../board/presence.ts';

/**
 * What a card shows. Memoized apart from the card's frame, which re-renders when the card is
 * picked up or selected; the content re-renders only on its own data.
 */
const CardContent = memo(function CardContent({ item, laneId, detailsId, movedBy }: { readonly item: ItemViewModel; readonly laneId: string; readonly detailsId: string; readonly movedBy: PresenceUser | undefined }) {
  return (
    <>
      <CardBody item={item} hideDetails />
      <CardSignals itemId={item.id} laneId={laneId} />
      <span id={detailsId} hidden>
        {describe(item)}
        <CardSignalsText itemId={item.id} laneId={laneId} />
        {movedBy ? `. ${movedBy.name} is moving this` : ''}
      </span>
      {movedBy && (
        <div className="remote-drag-marker" data-testid="remote-drag-marker" aria-hidden="true">
          {movedBy.name} is moving this
        </div>
      )}
    </>
  );
});

const EditButton = memo(function EditButton({ title, onClick }: { readonly title: string; readonly onClick: () => void }) {
  return (
    <button type="button" className="card-edit" aria-label={`Edit ${title}`} title="Edit" onClick={onClick}>
      <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
        <path d="M13.5 3.5a2.1 2.1 0 0 1 3 3L7 16l-4 1 1-4 9.5-9.5Z" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
      </svg>
    </button>
  );
});

interface ItemCardProps {
  readonly itemId: string;
  readonly laneId: string;
  /** The card's index in the lane as shown (read by the drop computation, `dropTarget.ts`). */
  readonly index: number;
  /** In a virtualized lane: the card's offset in the lane's list, and how the lane measures it. */
  readonly top?: number | undefined;
  readonly measure?: ((node: HTMLElement | null) => void) | undefined;
}

/**
 * A card never subscribes to dnd-kit (DECISIONS 110): a press is handed to the board's one
 * draggable (`DragBridge`), and the only drag state a card reads is whether it is the dragged one
 * (a zustand selector, so a pick-up re-renders that one card).
 */
export const ItemCard = memo(function ItemCard({ itemId, laneId, index, top, measure }: ItemCardProps) {
  const item = useBoardStore(selectItem(itemId));
  const movedBy = usePresence((state) => state.draggingBy[itemId]);
  const selected = useUiStore((state) => state.panel?.kind === 'item' && state.panel.itemId === itemId);
  const isDragging = useUiStore((state) => state.dragPreview?.itemId === itemId);
  const canEdit = useCanEdit();
  const bridge = useDragBridge();
  const detailsId = useId();
  const slotNode = useRef<HTMLLIElement | null>(null);
  const handleNode = useRef<HTMLDivElement | null>(null);
  const slotRef = useCallback(
    (node: HTMLLIElement | null) => {
      slotNode.current = node;
      measure?.(node);
    },
    [measure],
  );
  useLayoutEffect(() => {
    if (slotNode.current && handleNode.current) bridge?.mounted(itemId, slotNode.current, handleNode.current);
  }, [bridge, itemId]);
  const open = useCallback(() => useUiStore.getState().openPanel({ kind: 'item', itemId }), [itemId]);
  if (!item) return null;

  const press = (event: SyntheticEvent, name: 'onMouseDown' | 'onTouchStart' | 'onKeyDown') => bridge?.press(itemId, slotNode.current, handleNode.current, event, name);
  // Editors: the card is a drag handle (Space picks it up) and Enter opens it. Viewers: a button that opens it.
  const handle =
    canEdit && bridge
      ? {
          role: 'button',
          tabIndex: 0,
          'aria-disabled': false,
          'aria-pressed': isDragging ? true : undefined,
          'aria-roledescription': 'draggable initiative',
          'aria-describedby': `${detailsId} ${DND_INSTRUCTIONS_ID}`,
          onMouseDown: (event: MouseEvent<HTMLDivElement>) => press(event, 'onMouseDown'),
          onTouchStart: (event: TouchEvent<HTMLDivElement>) => press(event, 'onTouchStart'),
          onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
            if (event.code === 'Space') press(event, 'onKeyDown');
            if (event.key === 'Enter' && !event.defaultPrevented && useUiStore.getState().dragPreview === null) {
              event.preventDefault();
              open();
            }
          },
        }
      : {
          role: 'button',
          tabIndex: 0,
          'aria-describedby': detailsId,
          onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              open();
            }
          },
        };
  const classes = ['card'];
  if (isDragging) classes.push('placeholder');
  if (selected) classes.push('selected');
  if (movedBy) classes.push('remote-dragging');

  return (
    <li
      ref={slotRef}
      className={top === undefined ? 'card-slot' : 'card-slot virtual'}
      data-flip-id={itemId}
      data-index={index}
      style={{ ...(top === undefined ? {} : { top }), ...(movedBy ? { ['--remote-color' as string]: movedBy.color } : {}) }}
    >
      <div
        ref={handleNode}
        className={classes.join(' ')}
        data-testid="card"
        data-item-id={itemId}
        data-item-title={item.title}
        {...handle}
        onClick={() => {
          if (!cardClicksSuppressed()) open();
        }}
      >
        <CardContent item={item} laneId={laneId} detailsId={detailsId} movedBy={movedBy} />
      </div>
      {canEdit && <EditButton title={item.title} onClick={open} />}
    </li>
  );
});
