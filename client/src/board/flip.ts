import type { BoardStore } from './boardStore.ts';

const DURATION_MS = 220;

/** Rects of the cards of these lanes that are on screen; a lane's cards are read top-down until one is below the fold. */
function visibleCardRects(laneIds: readonly string[], into: Map<string, DOMRect>): void {
  for (const laneId of laneIds) {
    const lane = document.querySelector(`[data-testid="lane"][data-lane-id="${CSS.escape(laneId)}"]`);
    if (!lane) continue;
    const laneRect = lane.getBoundingClientRect();
    if (laneRect.right < 0 || laneRect.left > window.innerWidth) continue;
    for (const card of lane.querySelectorAll<HTMLElement>('[data-flip-id]')) {
      const rect = card.getBoundingClientRect();
      if (rect.top > window.innerHeight) break;
      const id = card.dataset['flipId'];
      if (id && rect.bottom > 0 && !into.has(id)) into.set(id, rect);
    }
  }
}

/**
 * FLIP for changes made by others: before React applies a remote reorder, remember where the
 * cards of the affected lanes are; after the commit, animate each from its old place to its new
 * one. Only visible cards of reordered lanes are measured, so a 1,000-card board stays cheap.
 */
export function animateRemoteMoves(store: BoardStore): () => void {
  const reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  let frame = 0;
  let first = new Map<string, DOMRect>();
  const unsubscribe = store.subscribe((state, prev) => {
    if (state.change === prev.change || !state.change.remote || state.change.reorderedLaneIds.length === 0 || reduceMotion.matches) return;
    // The DOM still shows `prev`: React renders the new state after this listener returns.
    visibleCardRects(state.change.reorderedLaneIds, first);
    if (frame === 0) frame = requestAnimationFrame(play);
  });

  function play(): void {
    frame = 0;
    const measured = first;
    first = new Map();
    for (const [id, from] of measured) {
      const card = document.querySelector<HTMLElement>(`[data-flip-id="${CSS.escape(id)}"]`);
      if (!card) continue;
      const to = card.getBoundingClientRect();
      const dx = from.left - to.left;
      const dy = from.top - to.top;
      if (Math.abs(dx) < 1 && Math.abs(dy) < 1) continue;
      card.animate([{ transform: `translate(${dx}px, ${dy}px)` }, { transform: 'translate(0, 0)' }], { duration: DURATION_MS, easing: 'cubic-bezier(0.2, 0, 0, 1)' });
    }
  }

  return () => {
    unsubscribe();
    if (frame !== 0) cancelAnimationFrame(frame);
  };
}
