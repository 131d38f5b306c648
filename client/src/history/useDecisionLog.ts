import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DecisionEntry } from '@lanewise/shared';
import { useStore } from 'zustand';
import { useBoardSession } from '../board/sessionContext.tsx';
import { feedEntries, type DecisionFilter } from './decisionFormat.ts';
import type { BoardSession } from '../board/boardSession.ts';
import { ChainCheckScheduler, type ChainCheckState } from './chainCheckScheduler.ts';
import { fetchDecisions, verifyDecisionLog } from './historyApi.ts';

const PAGE = 50;
const NO_ENTRIES: readonly DecisionEntry[] = [];

interface Pages {
  readonly key: string;
  readonly entries: readonly DecisionEntry[];
  readonly next: number | null;
  readonly loaded: boolean;
  readonly loading: boolean;
  readonly error: string | null;
}

const message = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);

/**
 * A filtered view of the board's decision log, newest first: pages from the server for this
 * filter, plus the live entries the session receives that match it.
 */
export function useDecisionLog({ actor, itemId }: DecisionFilter) {
  const session = useBoardSession();
  const live = useStore(session.decisions, (state) => state.entries);
  const key = `${session.boardId}|${actor ?? ''}|${itemId ?? ''}`;
  const [pages, setPages] = useState<Pages>({ key, entries: [], next: null, loaded: false, loading: true, error: null });

  useEffect(() => {
    let active = true;
    fetchDecisions(session.boardId, { limit: PAGE, actor, item: itemId }).then(
      ({ entries, next }) => active && setPages({ key, entries: [...entries].sort((a, b) => a.seq - b.seq), next, loaded: true, loading: false, error: null }),
      (error: unknown) => active && setPages({ key, entries: [], next: null, loaded: false, loading: false, error: message(error, 'The decision log could not be loaded.') }),
    );
    return () => {
      active = false;
    };
  }, [key, session.boardId, actor, itemId]);

  const loadOlder = useCallback(() => {
    if (pages.next === null || pages.loading) return;
    setPages((current) => ({ ...current, loading: true }));
    fetchDecisions(session.boardId, { limit: PAGE, actor, item: itemId, before: pages.next }).then(
      ({ entries, next }) =>
        setPages((current) => (current.key === key ? { ...current, entries: [...entries, ...current.entries].sort((a, b) => a.seq - b.seq), next, loading: false } : current)),
      (error: unknown) => setPages((current) => ({ ...current, loading: false, error: message(error, 'Older entries could not be loaded.') })),
    );
  }, [pages.next, pages.loading, session.boardId, actor, itemId, key]);

  const current: Pages = pages.key === key ? pages : { key, entries: NO_ENTRIES, next: null, loaded: false, loading: true, error: null };
  const entries = useMemo(
    () => feedEntries(current.entries, live, { actor, itemId }, current.loaded && current.next === null),
    [current.entries, current.loaded, current.next, live, actor, itemId],
  );
  return { entries, hasOlder: current.next !== null, loading: current.loading, loaded: current.loaded, error: current.error, loadOlder };
}

/** The newest seq this session knows, for effects that refresh when the log grows. */
export function useHeadSeq(): number {
  const session = useBoardSession();
  return useStore(session.decisions, (state) => state.entries.at(-1)?.seq ?? 0);
}

const schedulers = new WeakMap<BoardSession, ChainCheckScheduler>();

/** The one integrity-check scheduler of a board session, shared by every panel that shows the check. */
function chainCheckFor(session: BoardSession): ChainCheckScheduler {
  let scheduler = schedulers.get(session);
  if (!scheduler) {
    const head = () => session.decisions.getState().entries.at(-1)?.seq ?? 0;
    scheduler = new ChainCheckScheduler({
      verify: (full) => verifyDecisionLog(session.boardId, full),
      head,
      onHeadChange: (listener) => {
        let last = head();
        return session.decisions.subscribe(() => {
          if (head() === last) return;
          last = head();
          listener();
        });
      },
    });
    schedulers.set(session, scheduler);
  }
  return scheduler;
}

/** The hash-chain check: asked for when shown, then at most every 30 s while the log grows (chainCheckScheduler.ts). */
export function useChainCheck(): ChainCheckState & { readonly head: number; readonly checkNow: (full: boolean) => void } {
  const session = useBoardSession();
  const scheduler = chainCheckFor(session);
  useEffect(() => scheduler.watch(), [scheduler]);
  const state = useStore(scheduler.store);
  const head = useHeadSeq();
  const checkNow = useCallback((full: boolean) => void scheduler.checkNow(full), [scheduler]);
  return { ...state, head, checkNow };
}

/** The current time, re-read every `intervalMs`, for "5 min ago" labels. */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
