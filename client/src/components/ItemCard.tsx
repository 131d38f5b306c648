import { memo, useCallback, useId, type KeyboardEvent } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { selectItem } from '../board/selectors.ts';
import { useBoardStore, useCanEdit, usePresence } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { CardBody } from './CardBody.tsx';
import { cardClicksSuppressed } from './cardClicks.ts';
import type { DndData } from './dndConfig.ts';
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
 * What a card shows. Memoized apart from the sortable wrapper: dnd-kit re-renders every sortable
 * when a drag starts or moves, and only the thin wrapper then runs, not the card's content.
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
  /** In a virtualized lane: the card's index, its offset in the lane's list, and how the lane measures it. */
  readonly index?: number | undefined;
  readonly top?: number | undefined;
  readonly measure?: ((node: HTMLElement | null) => void) | undefined;
}

export const ItemCard = memo(function ItemCard({ itemId, laneId, index, top, measure }: ItemCardProps) {
  const item = useBoardStore(selectItem(itemId));
  const movedBy = usePresence((state) => state.draggingBy[itemId]);
  const selected = useUiStore((state) => state.panel?.kind === 'item' && state.panel.itemId === itemId);
  const data: DndData = { kind: 'item', laneId };
  const canEdit = useCanEdit();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: itemId, data, disabled: !canEdit });
  const detailsId = useId();
  const slotRef = useCallback(
    (node: HTMLLIElement | null) => {
      setNodeRef(node);
      measure?.(node);
    },
    [setNodeRef, measure],
  );
  const open = useCallback(() => useUiStore.getState().openPanel({ kind: 'item', itemId }), [itemId]);
  if (!item) return null;

  // Editors: the card is a drag handle (Space picks it up) and Enter opens it. Viewers: a button that opens it.
  const handle = canEdit
    ? {
        ...attributes,
        'aria-roledescription': 'draggable initiative',
        'aria-describedby': `${detailsId} ${attributes['aria-describedby']}`,
        ...listeners,
        onKeyDown: (event: KeyboardEvent<HTMLDivElement>) => {
          listeners?.onKeyDown?.(event);
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
      style={{ transform: CSS.Translate.toString(transform), transition, ...(top === undefined ? {} : { top }), ...(movedBy ? { ['--remote-color' as string]: movedBy.color } : {}) }}
    >
      <div
        ref={setActivatorNodeRef}
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
