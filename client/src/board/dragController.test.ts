import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addItem, createBoard, localOrigin, moveItem, type ItemTarget } from '@lanewise/shared';
import { connectBoardAdapter } from './boardAdapter.ts';
import { createBoardStore } from './boardStore.ts';
import { createAnnouncements, keyboardTarget } from '../components/dndConfig.ts';
import { DragController, type DragControllerDeps } from './dragController.ts';
import { displayedIds, resolveDrop, targetForIndex, type DragPreview } from './dragModel.ts';
import { selectLaneItemIds } from './selectors.ts';

describe('targetForIndex', () => {
  it('anchors on the neighbour above, the first card for the top, and top for an empty lane', () => {
    expect(targetForIndex('L', [], 0)).toEqual({ laneId: 'L', position: 'top' });
    expect(targetForIndex('L', ['a', 'b', 'c'], 0)).toEqual({ laneId: 'L', before: 'a' });
    expect(targetForIndex('L', ['a', 'b', 'c'], 2)).toEqual({ laneId: 'L', after: 'b' });
    expect(targetForIndex('L', ['a', 'b', 'c'], 3)).toEqual({ laneId: 'L', after: 'c' });
    expect(targetForIndex('L', ['a', 'b', 'c'], 99)).toEqual({ laneId: 'L', after: 'c' });
  });
});

describe('displayedIds', () => {
  const preview: DragPreview = { itemId: 'b', fromLaneId: 'L1', fromIndex: 1, laneId: 'L2', index: 1 };
  it('takes the card out of its own lane and shows it at the preview index of the other', () => {
    expect(displayedIds('L1', ['a', 'b', 'c'], preview)).toEqual(['a', 'c']);
    expect(displayedIds('L2', ['x', 'y'], preview)).toEqual(['x', 'b', 'y']);
    const untouched = ['q'];
    expect(displayedIds('L3', untouched, preview)).toBe(untouched);
  });
});

describe('resolveDrop', () => {
  it('moves down within a lane to the slot of the card it is over', () => {
    const preview: DragPreview = { itemId: 'a', fromLaneId: 'L', fromIndex: 0, laneId: 'L', index: 0 };
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: 'c' })).toEqual({
      itemId: 'a',
      target: { laneId: 'L', after: 'c' },
      position: 3,
      size: 3,
    });
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: 'b' })?.target).toEqual({ laneId: 'L', after: 'b' });
  });

  it('moves up within a lane', () => {
    const preview: DragPreview = { itemId: 'c', fromLaneId: 'L', fromIndex: 2, laneId: 'L', index: 2 };
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: 'a' })?.target).toEqual({ laneId: 'L', before: 'a' });
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: 'b' })?.target).toEqual({ laneId: 'L', after: 'a' });
  });

  it('writes nothing when the card lands where it started', () => {
    const preview: DragPreview = { itemId: 'b', fromLaneId: 'L', fromIndex: 1, laneId: 'L', index: 1 };
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: 'b' })).toBeNull();
    expect(resolveDrop({ preview, laneIds: ['a', 'b', 'c'], overItemId: null })).toBeNull();
  });

  it('drops into another lane at the preview index', () => {
    const preview: DragPreview = { itemId: 'b', fromLaneId: 'L1', fromIndex: 1, laneId: 'L2', index: 1 };
    expect(resolveDrop({ preview, laneIds: ['x', 'y'], overItemId: null })).toEqual({
      itemId: 'b',
      target: { laneId: 'L2', after: 'x' },
      position: 2,
      size: 3,
    });
    const empty: DragPreview = { ...preview, laneId: 'L3', index: 0 };
    expect(resolveDrop({ preview: empty, laneIds: [], overItemId: null })?.target).toEqual({ laneId: 'L3', position: 'top' });
  });
});

describe('DragController', () => {
  const origin = localOrigin('drag-test');
  function setup() {
    const doc = new Y.Doc();
    const [p0, p1, p2] = createBoard(doc, { title: 'Q3', template: 'planning' }, origin) as [string, string, string];
    const a = addItem(doc, { title: 'A', laneId: p0 }, origin);
    const b = addItem(doc, { title: 'B', laneId: p0 }, origin);
    const c = addItem(doc, { title: 'C', laneId: p0 }, origin);
    const x = addItem(doc, { title: 'X', laneId: p1 }, origin);
    const y = addItem(doc, { title: 'Y', laneId: p1 }, origin);
    const store = createBoardStore();
    connectBoardAdapter(doc, store, { isLocalOrigin: (o) => o === origin });
    let preview: DragPreview | null = null;
    const writes: Array<{ itemId: string; target: ItemTarget }> = [];
    const controller = new DragController({
      getBoard: store.getState,
      getPreview: () => preview,
      setPreview: (next) => {
        preview = next;
      },
      moveItem: (itemId, target) => {
        writes.push({ itemId, target });
        moveItem(doc, itemId, target, origin);
        return 'written';
      },
    });
    const ids = (laneId: string) => selectLaneItemIds(laneId)(store.getState());
    return { store, controller, writes, ids, lanes: { p0, p1, p2 }, items: { a, b, c, x, y }, preview: () => preview };
  }

  it('moves a card across lanes with exactly one moveItem', () => {
    const { controller, writes, ids, lanes, items, preview } = setup();
    controller.start(items.a);
    controller.over({ laneId: lanes.p2, index: 0 });
    controller.over({ laneId: lanes.p1, index: 1 });
    expect(writes).toEqual([]);
    expect(preview()).toMatchObject({ laneId: lanes.p1, index: 1, fromLaneId: lanes.p0, fromIndex: 0 });
    const result = controller.drop();
    expect(writes).toEqual([{ itemId: items.a, target: { laneId: lanes.p1, after: items.x } }]);
    expect(result).toMatchObject({ position: 2, size: 3 });
    expect(ids(lanes.p1)).toEqual([items.x, items.a, items.y]);
    expect(ids(lanes.p0)).toEqual([items.b, items.c]);
  });

  it('drops below the last card of another lane (a slot past the end is the end)', () => {
    const { controller, ids, lanes, items } = setup();
    controller.start(items.b);
    controller.drop({ laneId: lanes.p1, index: 9 });
    expect(ids(lanes.p1)).toEqual([items.x, items.y, items.b]);
  });

  it('drops where the last target put the preview, in the lane it started in too', () => {
    const { controller, ids, lanes, items } = setup();
    controller.start(items.a);
    controller.over({ laneId: lanes.p1, index: 0 });
    controller.over({ laneId: lanes.p0, index: 2 });
    controller.drop({ laneId: lanes.p0, index: 2 });
    expect(ids(lanes.p0)).toEqual([items.b, items.c, items.a]);
  });

  it('reorders within a lane', () => {
    const { controller, writes, ids, lanes, items } = setup();
    controller.start(items.c);
    controller.drop({ laneId: lanes.p0, index: 0 });
    expect(writes).toHaveLength(1);
    expect(ids(lanes.p0)).toEqual([items.c, items.a, items.b]);
  });

  it('writes nothing for a cancelled drag, a drop outside the lanes or a drop in place', () => {
    const { controller, writes, items, lanes, preview } = setup();
    controller.start(items.a);
    controller.over({ laneId: lanes.p2, index: 0 });
    controller.cancel();
    expect(preview()).toBeNull();
    controller.start(items.a);
    controller.over({ laneId: lanes.p2, index: 0 });
    expect(controller.drop(null)).toBeNull();
    expect(preview()).toBeNull();
    controller.start(items.b);
    controller.over({ laneId: lanes.p1, index: 1 });
    controller.drop({ laneId: lanes.p0, index: 1 });
    expect(writes).toEqual([]);
  });

  it('outside every lane the preview stays put, and coming back into a lane drops there', () => {
    const { controller, writes, lanes, items, preview } = setup();
    controller.start(items.a);
    controller.over({ laneId: lanes.p1, index: 2 });
    controller.over(null);
    expect(controller.isOutside).toBe(true);
    expect(preview()).toMatchObject({ laneId: lanes.p1, index: 2 });
    controller.over({ laneId: lanes.p1, index: 2 });
    expect(controller.isOutside).toBe(false);
    controller.drop();
    expect(writes).toEqual([{ itemId: items.a, target: { laneId: lanes.p1, after: items.y } }]);
  });

  it('a drop that only opened a question is recorded as asked, and not announced as a move', () => {
    const { store, lanes, items } = setup();
    let preview: DragPreview | null = null;
    const deps: DragControllerDeps = { getBoard: store.getState, getPreview: () => preview, setPreview: (next) => void (preview = next), moveItem: () => 'asked' };
    const asking = new DragController(deps);
    asking.start(items.a);
    asking.drop({ laneId: lanes.p2, index: 0 });
    expect(asking.lastDrag?.outcome).toBe('asked');
    const announcements = createAnnouncements({ board: store, getPreview: () => null, lastDrop: () => asking.lastDrag });
    const text = announcements.onDragEnd({ active: { id: items.a }, over: null } as unknown as Parameters<typeof announcements.onDragEnd>[0]) ?? '';
    expect(text).not.toMatch(/was moved/);
    expect(text).toMatch(/has not moved yet/);
  });

  it('arrow keys move the preview by the board model; each new place is announced once', () => {
    const { controller, store, lanes, items, preview } = setup();
    controller.start(items.b);
    const at = () => preview() as DragPreview;
    expect(keyboardTarget(store.getState(), at(), 'ArrowDown')).toEqual({ laneId: lanes.p0, index: 2 });
    expect(keyboardTarget(store.getState(), at(), 'ArrowUp')).toEqual({ laneId: lanes.p0, index: 0 });
    // Same position in the neighbouring lane, its end when shorter; no lane left of the first.
    expect(keyboardTarget(store.getState(), at(), 'ArrowRight')).toEqual({ laneId: lanes.p1, index: 1 });
    controller.over({ laneId: lanes.p0, index: 2 });
    expect(keyboardTarget(store.getState(), at(), 'ArrowDown')).toBeUndefined();
    expect(keyboardTarget(store.getState(), at(), 'ArrowRight')).toEqual({ laneId: lanes.p1, index: 2 });
    expect(keyboardTarget(store.getState(), at(), 'ArrowLeft')).toBeUndefined();

    const announcements = createAnnouncements({ board: store, getPreview: () => preview(), isOutside: () => controller.isOutside, lastDrop: () => controller.lastDrag });
    const event = { active: { id: items.b }, over: null } as unknown as Parameters<typeof announcements.onDragEnd>[0];
    controller.cancel();
    controller.start(items.b);
    expect(announcements.onDragStart(event)).toMatch(/^Picked up B\. It is in P0, position 2 of 3\./);
    expect(announcements.onDragMove?.(event)).toBeUndefined();
    controller.over({ laneId: lanes.p1, index: 1 });
    expect(announcements.onDragMove?.(event)).toBe('B is over P1, position 2 of 3.');
    expect(announcements.onDragMove?.(event)).toBeUndefined();
    controller.over(null);
    expect(announcements.onDragMove?.(event)).toBe('B is not over a lane.');
  });
});
