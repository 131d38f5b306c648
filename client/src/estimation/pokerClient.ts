import type { EstimationPresence, PokerRound } from '@lanewise/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CollabStore } from '../board/collabState.ts';
import type { PlanningActions } from '../board/planningActions.ts';
import { pokerEffects, voterKey, type LocalPicks } from './pokerState.ts';

export interface PokerLocalState {
  /** Round id → this browser's pick. */
  readonly picks: LocalPicks;
  /** A sentence when publishing a vote failed. */
  readonly error: string | null;
}

export type PokerLocalStore = StoreApi<PokerLocalState>;

/**
 * This browser's part in live estimation. Picks stay here; awareness carries only
 * `{ itemId, roundId, voted: true }`; at the reveal every present browser writes its own pick.
 */
export class PokerClient {
  readonly store: PokerLocalStore = createStore<PokerLocalState>()(() => ({ picks: {}, error: null }));
  private readonly collab: CollabStore;
  private readonly awareness: Awareness;
  private readonly actions: PlanningActions;
  private readonly userName: () => string;

  constructor(deps: { collab: CollabStore; awareness: Awareness; actions: PlanningActions; userName: () => string }) {
    this.collab = deps.collab;
    this.awareness = deps.awareness;
    this.actions = deps.actions;
    this.userName = deps.userName;
  }

  /** Starts reacting to rounds in the document; returns a function that stops. */
  connect(): () => void {
    const unsubscribe = this.collab.subscribe((state, prev) => {
      // After the transaction that changed the round, not inside its observers.
      if (state.rounds !== prev.rounds) queueMicrotask(() => this.reconcile(this.collab.getState().rounds));
    });
    return unsubscribe;
  }

  get voterKey(): string {
    return voterKey(this.userName(), this.awareness.clientID);
  }

  pick(round: PokerRound, card: string): void {
    if (round.status !== 'voting' || !round.cards.includes(card)) return;
    const current = this.store.getState().picks[round.id];
    const picks = { ...this.store.getState().picks };
    // Picking the same card again takes the vote back.
    if (current?.card === card) Reflect.deleteProperty(picks, round.id);
    else picks[round.id] = { itemId: round.itemId, roundId: round.id, card, published: false };
    this.store.setState({ picks, error: null });
    this.announce(picks);
  }

  private announce(picks: LocalPicks): void {
    const voted: EstimationPresence[] = Object.values(picks)
      .filter((pick) => !pick.published)
      .map((pick) => ({ itemId: pick.itemId, roundId: pick.roundId, voted: true }));
    this.awareness.setLocalStateField('estimation', voted);
  }

  private reconcile(rounds: Readonly<Record<string, PokerRound>>): void {
    const { publish, forget } = pokerEffects(rounds, this.store.getState().picks);
    if (publish.length === 0 && forget.length === 0) return;
    const picks = { ...this.store.getState().picks };
    let error: string | null = null;
    for (const roundId of forget) Reflect.deleteProperty(picks, roundId);
    for (const pick of publish) {
      const result = this.actions.publishVote(pick.itemId, pick.roundId, this.voterKey, pick.card);
      if (!result.ok) error = result.message;
      picks[pick.roundId] = { ...pick, published: true };
    }
    this.store.setState({ picks, error });
    this.announce(picks);
  }
}
