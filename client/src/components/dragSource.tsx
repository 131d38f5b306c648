import { createContext, useContext, useLayoutEffect, useState, type SyntheticEvent } from 'react';
import { flushSync } from 'react-dom';
import { useDraggable } from '@dnd-kit/core';

type Listener = (event: SyntheticEvent) => void;

/**
 * The board's one dnd-kit draggable (issue 13, DECISIONS 110). Cards are plain memoized
 * elements that never subscribe to the drag context: dnd-kit re-renders every `useDraggable` /
 * `useSortable` on each drag state change, and measures every droppable at pick-up, which cost
 * ~1 ms per mounted card. Instead a card hands its press (mouse down, touch start, Space) to this
 * bridge, which points the single draggable at that card — synchronously, so dnd-kit's sensor
 * sees a registered draggable — and forwards the event to dnd-kit's activator.
 */
export class DragBridge {
  /** The card the draggable is pointed at (the one being dragged, or the last one). */
  armedId: string | null = null;
  private setArmed: ((itemId: string) => void) | null = null;
  private listeners: Record<string, Listener> | undefined;
  private setNode: ((node: HTMLElement | null) => void) | null = null;
  private setActivator: ((node: HTMLElement | null) => void) | null = null;

  /** Called by the DragSource on every render (layout phase). */
  bind(armed: string | null, setArmed: (itemId: string) => void, listeners: Record<string, Listener> | undefined, setNode: (node: HTMLElement | null) => void, setActivator: (node: HTMLElement | null) => void): void {
    this.armedId = armed;
    this.setArmed = setArmed;
    this.listeners = listeners;
    this.setNode = setNode;
    this.setActivator = setActivator;
  }

  /**
   * A card was pressed: point the draggable at it and hand the event to dnd-kit's activator
   * (`onMouseDown`, `onTouchStart` or `onKeyDown`).
   */
  press(itemId: string, slot: HTMLElement | null, handle: HTMLElement | null, event: SyntheticEvent, name: 'onMouseDown' | 'onTouchStart' | 'onKeyDown'): void {
    const setArmed = this.setArmed;
    if (!setArmed) return;
    if (this.armedId !== itemId) flushSync(() => setArmed(itemId));
    this.setNode?.(slot);
    this.setActivator?.(handle);
    this.listeners?.[name]?.(event);
  }

  /**
   * A card mounted: if it is the armed one (the dragged card, moved to another lane or
   * re-mounted by a virtualized lane), the draggable follows it, so auto-scroll, the drop
   * animation and focus after a keyboard drop use the element on screen.
   */
  mounted(itemId: string, slot: HTMLElement, handle: HTMLElement): void {
    if (this.armedId !== itemId) return;
    this.setNode?.(slot);
    this.setActivator?.(handle);
  }
}

export const DragBridgeContext = createContext<DragBridge | null>(null);

export function useDragBridge(): DragBridge | null {
  return useContext(DragBridgeContext);
}

const NOTHING = 'lanewise:no-card';

/** Renders nothing; holds the one `useDraggable` and binds it to the bridge. */
export function DragSource({ bridge }: { readonly bridge: DragBridge }) {
  const [armed, setArmed] = useState<string | null>(null);
  const { listeners, setNodeRef, setActivatorNodeRef } = useDraggable({ id: armed ?? NOTHING, disabled: armed === null });
  useLayoutEffect(() => {
    bridge.bind(armed, setArmed, listeners as Record<string, Listener> | undefined, setNodeRef, setActivatorNodeRef);
  }, [bridge, armed, listeners, setNodeRef, setActivatorNodeRef]);
  return null;
}
