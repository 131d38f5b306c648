import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { displayedIds } from '../board/dragModel.ts';
import { selectLane } from '../board/selectors.ts';
import { useBoardStore, useCanAddCards } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { ItemCard } from './ItemCard.tsx';
import { useBoardScroller } from './scrollerContext.ts';
import { LaneHeader } from './LaneHeader.tsx';

/** Lanes longer than this render only the cards near the viewport. */
export const VIRTUALIZE_OVER = 20;
/**
 * A card's height before it is measured: that of the common card (kind and estimate, a one-line
 * title, the two lenses, owner and tags), as is `.card-slot`'s `contain-intrinsic-size` — a card
 * measured before content-visibility has rendered it has that size. The first painted frame
 * places cards by them, so stale values showed cards overlapping for a frame (DECISIONS 138).
 */
const ESTIMATED_CARD_PX = 117;
const CARD_GAP_PX = 8;
/** `.lane-cards` top padding: cards are placed inside the list's padding box. */
const LIST_PADDING_TOP_PX = 2;

/**
 * A long lane's cards, virtualized against the board's scroller: only the cards near the
 * viewport are mounted (and registered with dnd-kit), each placed absolutely at its measured offset.
 */
function VirtualCards({ ids, laneId, label }: { readonly ids: readonly string[]; readonly laneId: string; readonly label: string }) {
  const scroller = useBoardScroller();
  const listRef = useRef<HTMLOListElement>(null);
  const [margin, setMargin] = useState(0);
  // Where the list starts in the scroller's content; the lane header above it may change height.
  // Measured after the first paint (a passive effect): a state change from a layout effect renders
  // again synchronously and runs every pending passive effect before the board is first painted
  // (DECISIONS 137). Until then the range is computed as if the list started at the scroller's top —
  // a few more cards than needed below the fold, each at the right place (`top` does not depend on it).
  useEffect(() => {
    const list = listRef.current;
    const lane = list?.parentElement;
    if (!list || !lane || !scroller) return;
    const measure = () => setMargin(Math.round(list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop + LIST_PADDING_TOP_PX));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(lane);
    return () => observer.disconnect();
  }, [scroller]);
  // The component is not memoized by the React compiler; its cards are memo components with primitive props.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller,
    estimateSize: () => ESTIMATED_CARD_PX,
    getItemKey: (index) => ids[index] ?? index,
    gap: CARD_GAP_PX,
    overscan: 6,
    scrollMargin: margin,
  });
  const rows = virtualizer.getVirtualItems();
  return (
    <ol ref={listRef} className="lane-cards virtual" aria-label={label} style={{ height: virtualizer.getTotalSize() }}>
      {rows.map((row) => {
        const id = ids[row.index];
        if (id === undefined) return null;
        return <ItemCard key={id} itemId={id} laneId={laneId} index={row.index} top={row.start - margin + LIST_PADDING_TOP_PX} measure={virtualizer.measureElement} />;
      })}
    </ol>
  );
}

/** One lane: header, its cards in rank order (with this user's drag preview applied), and "Add initiative". */
export const LaneColumn = memo(function LaneColumn({ laneId }: { readonly laneId: string }) {
  const lane = useBoardStore(selectLane(laneId));
  const canAdd = useCanAddCards();
  // Only the lanes a drag leaves or enters re-render while it moves.
  const preview = useUiStore((state) => {
    const current = state.dragPreview;
    return current && (current.laneId === laneId || current.fromLaneId === laneId) ? current : null;
  });
  const baseIds = lane?.itemIds;
  const ids = useMemo(() => (baseIds ? displayedIds(laneId, baseIds, preview) : []), [laneId, baseIds, preview]);
  // The lane a dragged card has been taken to (mouse, touch or keyboard).
  const isTarget = preview !== null && preview.laneId === laneId && preview.fromLaneId !== laneId;
  if (!lane) return null;

  return (
    <section
      className={`lane${isTarget ? ' drop-target' : ''}`}
      data-testid="lane"
      data-lane-id={laneId}
      data-lane-name={lane.name}
      aria-label={`Lane ${lane.name}`}
    >
      <LaneHeader lane={lane} count={lane.itemIds.length} />
      {ids.length > VIRTUALIZE_OVER ? (
        <VirtualCards ids={ids} laneId={laneId} label={`${lane.name} initiatives`} />
      ) : (
        <ol className="lane-cards" aria-label={`${lane.name} initiatives`}>
          {ids.map((id, index) => (
            <ItemCard key={id} itemId={id} laneId={laneId} index={index} />
          ))}
        </ol>
      )}
      {ids.length === 0 && <p className="lane-empty">No initiatives yet</p>}
      {canAdd && (
      <button
        type="button"
        className="add-item"
        aria-label={`Add initiative to ${lane.name}`}
        onClick={() => useUiStore.getState().openPanel({ kind: 'new-item', laneId })}
      >
        <span aria-hidden="true">+</span> Add initiative
      </button>
      )}
    </section>
  );
});
