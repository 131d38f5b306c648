import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ChainCheck } from './historyApi.ts';

/** At most one automatic check per this long while new entries keep arriving. */
export const CHAIN_CHECK_INTERVAL_MS = 30_000;

export interface ChainCheckState {
  readonly check: ChainCheck | null;
  readonly error: string | null;
  readonly checking: boolean;
  /** The newest entry this browser knew of when the last check was asked for. */
  readonly askedAtHead: number;
}

export interface ChainCheckSchedulerOptions {
  /** Asks the server (`GET …/decisions/verify`, with `?full=1` when `full`). */
  readonly verify: (full: boolean) => Promise<ChainCheck>;
  /** The newest decision seq this browser knows of, and a way to hear when it grows. */
  readonly head: () => number;
  readonly onHeadChange: (listener: () => void) => () => void;
  readonly intervalMs?: number;
}

/**
 * When the history panel asks the server to check the decision log. Every open panel used to ask
 * after every new entry; now a board session asks once when a panel opens, then at most once per
 * `intervalMs` while new entries arrive (any number of them folded into one check), never while
 * nothing changed, and never with no panel open. The server's check is incremental, so each one
 * costs what was appended since. One scheduler per session serves all of its panels.
 */
export class ChainCheckScheduler {
  readonly store: StoreApi<ChainCheckState> = createStore<ChainCheckState>()(() => ({ check: null, error: null, checking: false, askedAtHead: 0 }));
  private readonly intervalMs: number;
  private watchers = 0;
  private stopWatchingHead: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastAskedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;

  constructor(private readonly options: ChainCheckSchedulerOptions) {
    this.intervalMs = options.intervalMs ?? CHAIN_CHECK_INTERVAL_MS;
  }

  /** A panel that shows the check opened; returns the function to call when it closes. */
  watch(): () => void {
    this.watchers++;
    if (this.watchers === 1) {
      this.stopWatchingHead = this.options.onHeadChange(() => this.headChanged());
      const state = this.store.getState();
      // A result for what this browser still knows as the head needs no new request.
      if (!state.check || state.askedAtHead !== this.options.head()) void this.run(false);
    }
    let watching = true;
    return () => {
      if (!watching) return;
      watching = false;
      this.watchers--;
      if (this.watchers === 0) {
        this.stopWatchingHead?.();
        this.stopWatchingHead = null;
        this.clearTimer();
      }
    };
  }

  /** The user asked: check now (`full`: re-hash the whole log; owners only on the server). */
  checkNow(full = false): Promise<void> {
    this.clearTimer();
    return this.run(full);
  }

  private headChanged(): void {
    if (this.timer !== null || this.options.head() === this.store.getState().askedAtHead) return;
    const wait = Math.max(0, this.lastAskedAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.watchers > 0) void this.run(false);
    }, wait);
  }

  private run(full: boolean): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const askedAtHead = this.options.head();
    this.lastAskedAt = Date.now();
    this.store.setState({ checking: true });
    const request = this.options.verify(full).then(
      (check) => this.store.setState({ check, error: null, checking: false, askedAtHead }),
      (error: unknown) => this.store.setState({ error: error instanceof Error ? error.message : 'The integrity check could not run.', checking: false, askedAtHead }),
    );
    this.inFlight = request.finally(() => {
      this.inFlight = null;
      // Entries that arrived while the request was out get their own (throttled) check.
      if (this.watchers > 0 && this.options.head() !== askedAtHead) this.headChanged();
    });
    return this.inFlight;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
