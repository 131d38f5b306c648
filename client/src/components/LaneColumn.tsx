import { memo, useMemo } from 'react';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { displayedIds } from '../board/dragModel.ts';
import { selectLane } from '../board/selectors.ts';
import { useBoardStore, useCanAddCards } from '../board/sessionContext.tsx';
import { useUiStore } from '../ui/uiStore.ts';
import { laneDroppableId, type DndData } from './dndConfig.ts';
import { ItemCard } from './ItemCard.tsx';
import { LaneHeader } from './LaneHeader.tsx';

const IDLE_ITEMS: string[] = [];

/** One lane: header, its cards in rank order (with this user's drag preview applied), and "Add initiative". */
export const LaneColumn = memo(function LaneColumn({ laneId }: { readonly laneId: string }) {
  const lane = useBoardStore(selectLane(laneId));
  const canAdd = useCanAddCards();
  // Only the lanes a drag leaves or enters re-render while it moves.
  const preview = useUiStore((state) => {
    const current = state.dragPreview;
    return current && (current.laneId === laneId || current.fromLaneId === laneId) ? current : null;
  });
  // dnd-kit re-renders every sortable of a context when its items change. Outside a drag the
  // sortable order is unused, so lanes hand it a constant list: a remote move then re-renders
  // only the cards that moved, not the whole lane.
  const dragging = useUiStore((state) => state.dragPreview !== null);
  const baseIds = lane?.itemIds;
  const ids = useMemo(() => (baseIds ? displayedIds(laneId, baseIds, preview) : []), [laneId, baseIds, preview]);
  const data: DndData = { kind: 'lane', laneId };
  const { setNodeRef, isOver } = useDroppable({ id: laneDroppableId(laneId), data });
  if (!lane) return null;

  return (
    <section
      ref={setNodeRef}
      className={`lane${isOver ? ' drop-target' : ''}`}
      data-testid="lane"
      data-lane-id={laneId}
      data-lane-name={lane.name}
      aria-label={`Lane ${lane.name}`}
    >
      <LaneHeader lane={lane} count={lane.itemIds.length} />
      <SortableContext id={laneId} items={dragging ? (ids as string[]) : IDLE_ITEMS} strategy={verticalListSortingStrategy}>
        <ol className="lane-cards" aria-label={`${lane.name} initiatives`}>
          {ids.map((id) => (
            <ItemCard key={id} itemId={id} laneId={laneId} />
          ))}
        </ol>
      </SortableContext>
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
