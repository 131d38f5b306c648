import { create } from 'zustand';
import type { LimitWarning, PendingMove } from './moveDecision.ts';

export type BoardLens = 'lanes' | 'tradeoffs';
export type ChartAxes = 'benefit-effort' | 'impact-health';

export interface Notice {
  readonly id: number;
  readonly text: string;
  readonly tone: 'warning' | 'info' | 'error';
  /** How long it stays up, in ms. */
  readonly durationMs: number;
}

export interface TradeoffUiState {
  /** Lanes, or the trade-off chart in their place. */
  readonly lens: BoardLens;
  readonly axes: ChartAxes;
  /** Lanes whose cards are annotated with the suggested order. */
  readonly suggestLanes: Readonly<Record<string, true>>;
  /** A drop waiting for the user's answer (hard limit or top-lane reason); nothing is written yet. */
  readonly pendingMove: PendingMove | null;
  /** Soft-limit warning: shown in the question ("would be"), notified once the move is written ("is now"). */
  readonly pendingWarning: LimitWarning | null;
  readonly notice: Notice | null;
  /** What screen readers are told about a move decided in the dialog (after it resolves). */
  readonly announcement: { readonly id: number; readonly text: string } | null;
  setLens(lens: BoardLens): void;
  setAxes(axes: ChartAxes): void;
  toggleSuggest(laneId: string): void;
  ask(pending: PendingMove, warning: LimitWarning | null): void;
  settle(): void;
  notify(text: string, tone?: Notice['tone'], durationMs?: number): void;
  dismissNotice(): void;
  announce(text: string): void;
  reset(): void;
}

let noticeId = 0;

/** UI-only state of the trade-off features; never written to the board. */
export const useTradeoffUi = create<TradeoffUiState>()((set) => ({
  lens: 'lanes',
  axes: 'benefit-effort',
  suggestLanes: {},
  pendingMove: null,
  pendingWarning: null,
  notice: null,
  announcement: null,
  setLens: (lens) => set({ lens }),
  setAxes: (axes) => set({ axes }),
  toggleSuggest: (laneId) =>
    set((state) => {
      const next = { ...state.suggestLanes };
      if (next[laneId]) Reflect.deleteProperty(next, laneId);
      else next[laneId] = true;
      return { suggestLanes: next };
    }),
  ask: (pendingMove, pendingWarning) => set({ pendingMove, pendingWarning }),
  settle: () => set({ pendingMove: null, pendingWarning: null }),
  notify: (text, tone = 'warning', durationMs = 7000) => set({ notice: { id: ++noticeId, text, tone, durationMs } }),
  dismissNotice: () => set({ notice: null }),
  announce: (text) => set({ announcement: { id: ++noticeId, text } }),
  reset: () => set({ lens: 'lanes', suggestLanes: {}, pendingMove: null, pendingWarning: null, notice: null, announcement: null }),
}));
