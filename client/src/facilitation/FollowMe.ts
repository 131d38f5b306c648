import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { Awareness } from 'y-protocols/awareness';
import { useUiStore, type PanelState } from '../ui/uiStore.ts';

/** What the facilitator's presence carries while leading: where their board is scrolled and which panel is open. */
export interface Lead {
  readonly scrollX: number;
  readonly scrollY: number;
  readonly panel: PanelState;
  /** The leader's device time of this position: newest wins if (briefly) two leads are seen. */
  readonly at: number;
}

interface FollowState {
  /** This browser (the facilitator) leads: its view goes into its presence. */
  readonly leading: boolean;
  /** This browser follows a lead when there is one; off once the person steps out. */
  readonly following: boolean;
}

export const useFollow = create<FollowState>(() => ({ leading: false, following: true }));

const scroller = () => document.querySelector<HTMLElement>('.board-scroller');
const PUBLISH_MS = 100;
const NAVIGATION_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown', 'Home', 'End', ' ']);

/**
 * The facilitator's side of "follow me": while `leading`, the board's scroll position and the
 * open side panel go into presence as `lead` (the server shares a lead only from the
 * facilitator's connection); otherwise `lead` is null.
 */
export function useLead(awareness: Awareness, leading: boolean): void {
  useEffect(() => {
    if (!leading) {
      awareness.setLocalStateField('lead', null);
      return undefined;
    }
    let timer: number | null = null;
    const publish = () => {
      timer = null;
      const element = scroller();
      const lead: Lead = { scrollX: Math.round(element?.scrollLeft ?? 0), scrollY: Math.round(element?.scrollTop ?? 0), panel: useUiStore.getState().panel, at: Date.now() };
      awareness.setLocalStateField('lead', lead);
    };
    const soon = () => {
      if (timer === null) timer = window.setTimeout(publish, PUBLISH_MS);
    };
    publish();
    const element = scroller();
    element?.addEventListener('scroll', soon, { passive: true });
    const unsubscribe = useUiStore.subscribe((state, previous) => {
      if (state.panel !== previous.panel) soon();
    });
    return () => {
      if (timer !== null) window.clearTimeout(timer);
      element?.removeEventListener('scroll', soon);
      unsubscribe();
      awareness.setLocalStateField('lead', null);
    };
  }, [awareness, leading]);
}

/** The newest lead among the other presence states, with its leader's name. */
function currentLead(awareness: Awareness): { lead: Lead; name: string } | null {
  let found: { lead: Lead; name: string } | null = null;
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const lead = (state as { lead?: Lead | null }).lead;
    if (!lead || typeof lead.scrollY !== 'number') continue;
    if (!found || lead.at > found.lead.at) found = { lead, name: String((state as { user?: { name?: unknown } }).user?.name ?? 'The facilitator') };
  }
  return found;
}

const samePanel = (a: PanelState, b: PanelState) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Everyone else's side: while a lead is shared and this person follows, their board scrolls to
 * the lead's position and opens the lead's panel. Scrolling themself (wheel, touch, keys) steps
 * them out; "Stop following" too. Returns the leader's name while there is a lead, else null.
 */
let applied: { x: number; y: number } | null = null;

export function useFollowLead(awareness: Awareness): string | null {
  const following = useFollow((state) => state.following);
  const [leader, setLeader] = useState<string | null>(null);

  useEffect(() => {
    const apply = () => {
      const found = currentLead(awareness);
      setLeader(found?.name ?? null);
      if (!found || !useFollow.getState().following) return;
      const element = scroller();
      if (element && (element.scrollLeft !== found.lead.scrollX || element.scrollTop !== found.lead.scrollY)) {
        element.scrollTo({ left: found.lead.scrollX, top: found.lead.scrollY });
        // Where it actually went (a smaller screen may not scroll as far): any other position is the person's own scrolling.
        applied = { x: element.scrollLeft, y: element.scrollTop };
      }
      const ui = useUiStore.getState();
      if (!samePanel(ui.panel, found.lead.panel)) {
        if (found.lead.panel === null) ui.closePanel();
        else ui.openPanel(found.lead.panel);
      }
    };
    apply();
    awareness.on('change', apply);
    return () => awareness.off('change', apply);
  }, [awareness, following]);

  useEffect(() => {
    if (!following || leader === null) return undefined;
    const element = scroller();
    const stepOut = () => useFollow.setState({ following: false });
    const onKey = (event: KeyboardEvent) => {
      if (NAVIGATION_KEYS.has(event.key)) stepOut();
    };
    element?.addEventListener('wheel', stepOut, { passive: true });
    element?.addEventListener('touchmove', stepOut, { passive: true });
    element?.addEventListener('keydown', onKey);
    // Dragging the scrollbar: a scroll while their pointer is down on the board, to somewhere
    // the lead did not send them. (A panel opening or closing may move the scroll position too.)
    let pointerDown = false;
    const onPointerDown = () => (pointerDown = true);
    const onPointerUp = () => (pointerDown = false);
    const onScroll = () => {
      if (pointerDown && element && applied && (Math.abs(element.scrollLeft - applied.x) > 2 || Math.abs(element.scrollTop - applied.y) > 2)) stepOut();
    };
    element?.addEventListener('pointerdown', onPointerDown);
    window.addEventListener('pointerup', onPointerUp);
    element?.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element?.removeEventListener('pointerdown', onPointerDown);
      window.removeEventListener('pointerup', onPointerUp);
      element?.removeEventListener('scroll', onScroll);
      element?.removeEventListener('wheel', stepOut);
      element?.removeEventListener('touchmove', stepOut);
      element?.removeEventListener('keydown', onKey);
    };
  }, [following, leader]);

  return leader;
}
