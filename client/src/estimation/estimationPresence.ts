import type { EstimationPresence } from '@lanewise/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface Voter {
  readonly clientId: number;
  readonly name: string;
  readonly color: string;
  readonly isSelf: boolean;
}

export interface EstimationPresenceState {
  /** Round id → who has voted in it (not what), as awareness says now. Leavers drop out. */
  readonly votedBy: Readonly<Record<string, readonly Voter[]>>;
}

export type EstimationPresenceStore = StoreApi<EstimationPresenceState>;

function parseEstimation(value: unknown): EstimationPresence[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.filter(
    (entry): entry is EstimationPresence =>
      typeof entry === 'object' && entry !== null && typeof (entry as EstimationPresence).roundId === 'string' && typeof (entry as EstimationPresence).itemId === 'string' && (entry as EstimationPresence).voted === true,
  );
}

function sameVoters(a: readonly Voter[] | undefined, b: readonly Voter[]): boolean {
  return a !== undefined && a.length === b.length && a.every((voter, i) => voter.clientId === b[i]?.clientId && voter.name === b[i]?.name);
}

/** Mirrors the `estimation` field of everyone's awareness into a store, keeping identity when nothing changed. */
export function connectEstimationPresence(awareness: Awareness, store: EstimationPresenceStore): () => void {
  const publish = () => {
    const next: Record<string, Voter[]> = {};
    for (const [clientId, raw] of awareness.getStates()) {
      const state = raw as { user?: { name?: unknown; color?: unknown }; estimation?: unknown };
      const name = typeof state.user?.name === 'string' ? state.user.name.slice(0, 80) : 'Anonymous';
      const color = typeof state.user?.color === 'string' && /^#[0-9a-fA-F]{6}$/.test(state.user.color) ? state.user.color : '#4c5a6b';
      for (const entry of parseEstimation(state.estimation)) {
        (next[entry.roundId] ??= []).push({ clientId, name, color, isSelf: clientId === awareness.clientID });
      }
    }
    const prev = store.getState().votedBy;
    const merged: Record<string, readonly Voter[]> = {};
    let changed = Object.keys(prev).length !== Object.keys(next).length;
    for (const [roundId, voters] of Object.entries(next)) {
      voters.sort((a, b) => a.clientId - b.clientId);
      const old = prev[roundId];
      if (old && sameVoters(old, voters)) merged[roundId] = old;
      else {
        merged[roundId] = voters;
        changed = true;
      }
    }
    if (changed) store.setState({ votedBy: merged });
  };
  awareness.on('change', publish);
  publish();
  return () => awareness.off('change', publish);
}

export function createEstimationPresenceStore(): EstimationPresenceStore {
  return createStore<EstimationPresenceState>()(() => ({ votedBy: {} }));
}
