import { MessageType, type DecisionEntry } from '@lanewise/shared';
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { boardRequest } from '../app/api.ts';

/** The board's decision log as this browser knows it: newest last, one entry per seq. */
export interface DecisionState {
  readonly entries: readonly DecisionEntry[];
  /** Older entries exist on the server that have not been loaded. */
  readonly hasOlder: boolean;
  readonly loading: boolean;
  readonly error: string | null;
  /**
   * The newest seq known when the first catch-up of this session completed: entries after it
   * happened while the board was open (live news), entries up to it are history. Null until then.
   */
  readonly liveAfterSeq: number | null;
}

export type DecisionStore = StoreApi<DecisionState>;

export function createDecisionStore(): DecisionStore {
  return createStore<DecisionState>()(() => ({ entries: [], hasOlder: false, loading: false, error: null, liveAfterSeq: null }));
}

function merge(current: readonly DecisionEntry[], incoming: readonly DecisionEntry[]): DecisionEntry[] {
  const bySeq = new Map(current.map((entry) => [entry.seq, entry]));
  for (const entry of incoming) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

const PAGE = 100;

/**
 * Keeps the store filled: the newest page over HTTP when the board opens (and after every
 * reconnect, to catch up), then live entries the server pushes on the websocket.
 */
export function connectDecisionFeed(boardId: string, provider: WebsocketProvider, store: DecisionStore): () => void {
  provider.messageHandlers[MessageType.Decisions] = (_encoder, decoder: decoding.Decoder) => {
    try {
      const entries = JSON.parse(decoding.readVarString(decoder)) as DecisionEntry[];
      store.setState({ entries: merge(store.getState().entries, entries) });
    } catch (error) {
      console.warn('Ignored an unreadable decision-log message.', error);
    }
  };
  const catchUp = () => {
    const known = store.getState().entries.at(-1)?.seq;
    const query = known === undefined ? `?limit=${PAGE}` : `?sinceSeq=${known}&order=asc&limit=1000`;
    store.setState({ loading: true });
    boardRequest<{ entries: DecisionEntry[]; next: number | null }>(boardId, `/decisions${query}`).then(
      ({ entries, next }) => {
        const state = store.getState();
        const merged = merge(state.entries, entries);
        store.setState({
          entries: merged,
          loading: false,
          error: null,
          hasOlder: known === undefined ? next !== null : state.hasOlder,
          liveAfterSeq: state.liveAfterSeq ?? merged.at(-1)?.seq ?? 0,
        });
      },
      (error: unknown) => store.setState({ loading: false, error: error instanceof Error ? error.message : 'The decision log could not be loaded.' }),
    );
  };
  // Catch up once per connection, after the board itself has synced: the log is never needed
  // to paint the board, and asking for it during the sync would compete with it on the server.
  let pending = false;
  const onStatus = ({ status }: { status: string }) => {
    if (status !== 'connected') return;
    pending = true;
    if (provider.synced) onSync(true);
  };
  const onSync = (synced: boolean) => {
    if (!synced || !pending) return;
    pending = false;
    catchUp();
  };
  provider.on('status', onStatus);
  provider.on('sync', onSync);
  return () => {
    provider.off('status', onStatus);
    provider.off('sync', onSync);
  };
}

/** Loads the page of entries before the oldest one shown. */
export function loadOlderDecisions(boardId: string, store: DecisionStore): void {
  const oldest = store.getState().entries[0]?.seq;
  if (oldest === undefined || oldest <= 1) return;
  store.setState({ loading: true });
  boardRequest<{ entries: DecisionEntry[]; next: number | null }>(boardId, `/decisions?before=${oldest}&limit=${PAGE}`).then(
    ({ entries, next }) => store.setState({ entries: merge(store.getState().entries, entries), hasOlder: next !== null, loading: false }),
    (error: unknown) => store.setState({ loading: false, error: error instanceof Error ? error.message : 'Older entries could not be loaded.' }),
  );
}
