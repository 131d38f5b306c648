import * as Y from 'yjs';
import { clearDocument, IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import { CloseCode, DECISIONS_FEATURE, MessageType, itemsMap, lanesMap, localOrigin, metaMap, newId, PERMANENT_CLOSE_CODES, readMeta, type LocalOrigin } from '@lanewise/shared';
import * as authProtocol from 'y-protocols/auth';
import { accessDeniedText } from '../app/accessMessages.ts';
import { boardRole } from '../app/boardTokens.ts';
import { loadRecentBoards } from '../app/recentBoards.ts';
import type { UserIdentity } from '../app/identity.ts';
import { createBoardActions, type BoardActions } from './actions.ts';
import { connectBoardAdapter, nextFrame } from './boardAdapter.ts';
import { connectCollabAdapter } from './collabAdapter.ts';
import { createCollabStore, type CollabStore } from './collabState.ts';
import { createPlanningActions, type PlanningActions } from './planningActions.ts';
import { PokerClient } from '../estimation/pokerClient.ts';
import { connectEstimationPresence, createEstimationPresenceStore, type EstimationPresenceStore } from '../estimation/estimationPresence.ts';
import { createBoardStore, type BoardStore } from './boardStore.ts';
import { connectDecisionFeed, createDecisionStore, type DecisionStore } from './decisionStore.ts';
import { connectPresence, createPresenceStores, type AwarenessState, type CursorStore, type PresenceStore } from './presence.ts';
import { createSessionStore, type SessionStore } from './sessionStore.ts';
import { watchMoveConflicts } from './moveConflicts.ts';
import { useTradeoffUi } from '../tradeoffs/tradeoffUiStore.ts';
import { fetchSyncTicket } from './syncTicket.ts';
import { takeEarlySocket } from './earlySocket.ts';
import { ticketWebSocketClass } from './ticketWebSocket.ts';
import { withoutUpdateEcho } from './withoutUpdateEcho.ts';
import { ownIdentity } from '../history/ownEntries.ts';

declare global {
  interface Window {
    /** Handles for the e2e suite and the benchmark; see client/CONTEXT.md. */
    __lanewise?: { doc: Y.Doc; provider: WebsocketProvider; awareness: Awareness };
  }
}

/** At most ~20 cursor updates a second leave this client. */
const CURSOR_INTERVAL_MS = 50;

function websocketBase(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}`;
}

/**
 * One open board: the Y.Doc, its IndexedDB copy, the websocket provider, awareness, the undo
 * manager and the stores the UI reads. Components only see the stores and `actions`.
 */
export class BoardSession {
  readonly boardId: string;
  readonly doc = new Y.Doc();
  /** The one origin every command of this session carries; the undo manager tracks it by identity. */
  readonly origin: LocalOrigin = localOrigin(newId());
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  readonly undoManager: Y.UndoManager;
  readonly actions: BoardActions;
  readonly board: BoardStore = createBoardStore();
  readonly session: SessionStore = createSessionStore();
  readonly decisions: DecisionStore = createDecisionStore();
  /** People, comment threads and estimation rounds (the collab adapter writes it). */
  readonly collab: CollabStore = createCollabStore();
  readonly planning: PlanningActions;
  readonly poker: PokerClient;
  readonly estimationPresence: EstimationPresenceStore = createEstimationPresenceStore();
  readonly presence: PresenceStore;
  readonly cursors: CursorStore;
  private persistence: IndexeddbPersistence | null = null;
  private destroyed = false;
  private _user: UserIdentity;
  private readonly disposers: Array<() => void> = [];
  private pendingCursor: { x: number; y: number } | null | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(boardId: string, user: UserIdentity) {
    this.boardId = boardId;
    this._user = user;
    this.undoManager = new Y.UndoManager([metaMap(this.doc), lanesMap(this.doc), itemsMap(this.doc)], {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 0,
    });
    const role = boardRole(boardId);
    this.session.setState({ role, readOnly: role === 'viewer' });
    this.actions = createBoardActions(this.doc, this.origin, () => this._user.name, () => !this.session.getState().readOnly);
    // Comments and votes are written under the identity the server gives this connection (a
    // personal link's person, else the declared name): the server refuses any other.
    this.planning = createPlanningActions(this.doc, this.origin, () => this.authorName(), () => !this.session.getState().readOnly);
    this.disposers.push(connectCollabAdapter(this.doc, this.collab));
    this.disposers.push(
      connectBoardAdapter(this.doc, this.board, { isLocalOrigin: (origin) => origin === this.origin || origin === this.undoManager, scheduleRemote: nextFrame }),
    );

    // A board this browser has opened before (or any board while offline) reads its offline copy
    // at once. On a first visit there is nothing to read, and y-indexeddb encodes the whole
    // document when it opens (~90 ms for 1,000 cards once the server's data is in): it opens once
    // the first sync is done and the browser is idle, not during the first render (DECISIONS 113).
    const known = !navigator.onLine || loadRecentBoards().some((board) => board.id === boardId);
    if (known) this.openLocalCopy();

    // The link token never goes into the websocket URL: every connection attempt (the first and
    // each reconnect) trades it over HTTP for a fresh single-use ticket (ticketWebSocket.ts).
    this.provider = new WebsocketProvider(`${websocketBase()}/sync`, boardId, this.doc, {
      params: { name: user.name, features: DECISIONS_FEATURE },
      // The first connection may take over the socket index.html opened before the app loaded.
      WebSocketPolyfill: ticketWebSocketClass(
        (signal) => fetchSyncTicket(boardId, signal),
        WebSocket,
        () => takeEarlySocket(boardId, user.name),
        // Until the first sync, what the provider applies is not encoded again for nobody (DECISIONS 136).
        (handOver) => (this.provider.synced ? handOver() : withoutUpdateEcho(this.doc, this.provider, handOver)),
      ),
      shouldReconnect: (event) => !PERMANENT_CLOSE_CODES.has(event.code),
    });
    this.awareness = this.provider.awareness;
    // The server refuses writes from view-only links with a y-protocols "permission denied".
    this.provider.messageHandlers[MessageType.Auth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        this.session.setState({ readOnly: true });
        console.warn(`The server refused a change: ${reason}`);
      });
    };
    this.disposers.push(connectDecisionFeed(boardId, this.provider, this.decisions));
    const state: AwarenessState = { user: { name: user.name, color: user.color }, cursor: null, dragging: null, estimation: [] };
    this.awareness.setLocalState(state);

    const presence = createPresenceStores();
    this.presence = presence.presence;
    this.cursors = presence.cursors;
    this.disposers.push(connectPresence(this.awareness, this.presence, this.cursors, nextFrame));
    this.poker = new PokerClient({ collab: this.collab, awareness: this.awareness, actions: this.planning, userName: () => this.authorName() });
    this.disposers.push(this.poker.connect(), connectEstimationPresence(this.awareness, this.estimationPresence));

    if (!known) this.openLocalCopyLater();
    this.watchConnection();
    this.watchUndo();
    this.watchConflicts();
    window.__lanewise = { doc: this.doc, provider: this.provider, awareness: this.awareness };
  }

  private localCopyName(): string {
    return `lanewise:board:${this.boardId}`;
  }

  private openLocalCopy(): void {
    if (this.persistence || this.destroyed) return;
    try {
      this.persistence = new IndexeddbPersistence(this.localCopyName(), this.doc);
      this.persistence.once('synced', () => this.session.setState({ localLoaded: true }));
    } catch (error) {
      console.warn('Offline copy unavailable; the board works online only.', error);
      this.session.setState({ localLoaded: true });
    }
  }

  /** After the first sync, a failed connection or 1.5 s, whichever comes first — then when the browser is idle. */
  private openLocalCopyLater(): void {
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      this.provider.off('sync', onSync);
      this.provider.off('connection-close', start);
      this.provider.off('connection-error', start);
      clearTimeout(timer);
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => this.openLocalCopy(), { timeout: 1000 });
      else setTimeout(() => this.openLocalCopy(), 200);
    };
    const onSync = (synced: boolean) => {
      if (synced) start();
    };
    const timer = setTimeout(start, 1500);
    this.provider.on('sync', onSync);
    this.provider.on('connection-close', start);
    this.provider.on('connection-error', start);
    this.disposers.push(() => {
      started = true;
      clearTimeout(timer);
      this.provider.off('sync', onSync);
      this.provider.off('connection-close', start);
      this.provider.off('connection-error', start);
    });
  }

  private watchConnection(): void {
    const update = () => {
      const connection = !navigator.onLine ? 'offline' : this.provider.wsconnected ? 'connected' : 'reconnecting';
      if (this.session.getState().connection !== connection) this.session.setState({ connection });
    };
    const onSync = (synced: boolean) => {
      if (!synced) return;
      // Synced with the server and still no board: it does not exist there.
      this.session.setState(readMeta(this.doc) ? { synced: true } : { synced: true, notFound: true });
    };
    const onClosed = ({ code, reason }: { code: number; reason: string }) => {
      if (code === CloseCode.BoardNotFound) this.session.setState({ notFound: true });
      else if (code === CloseCode.Unauthorized || code === CloseCode.Forbidden) this.session.setState({ accessDenied: accessDeniedText(reason) });
      else if (code === CloseCode.SchemaViolation) void this.discardLocalCopy(reason);
      else this.session.setState({ closedReason: reason || `The server closed the connection (code ${code}).` });
      update();
    };
    this.provider.on('status', update);
    this.provider.on('sync', onSync);
    this.provider.on('closed', onClosed);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    update();
    this.disposers.push(() => {
      this.provider.off('status', update);
      this.provider.off('sync', onSync);
      this.provider.off('closed', onClosed);
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    });
  }

  /**
   * When this user's move of a card lost to someone's concurrent move of the same card, say so:
   * who moved it where. Names come from presence (remembered after people leave, since a
   * conflict often shows only when someone comes back online).
   */
  private watchConflicts(): void {
    const names = new Map<number, string>();
    const remember = () => {
      for (const [clientId, state] of this.awareness.getStates()) {
        const name = (state as Partial<AwarenessState>).user?.name;
        if (typeof name === 'string' && name) names.set(clientId, name);
      }
    };
    remember();
    this.awareness.on('change', remember);
    const stop = watchMoveConflicts(this.doc, {
      isLocal: (origin) => origin === this.origin || origin === this.undoManager,
      onConflict: (conflict) => {
        remember();
        const who = names.get(conflict.winnerClientId) ?? 'Someone';
        const where = conflict.laneName === conflict.ourLaneName ? `elsewhere in ${conflict.laneName}` : `to ${conflict.laneName}`;
        useTradeoffUi
          .getState()
          .notify(`${who} moved “${conflict.title}” ${where} at the same time, so your move to ${conflict.ourLaneName} did not stick. It is in ${conflict.laneName} now.`, 'info', 15_000);
      },
    });
    this.disposers.push(stop, () => this.awareness.off('change', remember));
  }

  private watchUndo(): void {
    const update = () => {
      const canUndo = this.undoManager.canUndo();
      const canRedo = this.undoManager.canRedo();
      const current = this.session.getState();
      if (current.canUndo !== canUndo || current.canRedo !== canRedo) this.session.setState({ canUndo, canRedo });
    };
    this.undoManager.on('stack-item-added', update);
    this.undoManager.on('stack-item-popped', update);
    this.undoManager.on('stack-cleared', update);
  }

  /**
   * The server refused a change of ours as breaking the board's rules: this copy (memory and
   * IndexedDB) holds it and would send it again on every reconnect, so it is dropped and the board
   * reloaded from the server. Nothing else is lost: everything accepted before is stored there.
   */
  private async discardLocalCopy(reason: string): Promise<void> {
    this.provider.shouldConnect = false;
    this.session.setState({ closedReason: `A change was refused (${reason || 'it breaks the board rules'}); reloading the board from the server…` });
    try {
      if (this.persistence) await this.persistence.clearData();
      else await clearDocument(this.localCopyName());
    } finally {
      window.location.reload();
    }
  }

  /** The display name and colour this session announces. */
  get user(): UserIdentity {
    return this._user;
  }

  undo(): void {
    this.undoManager.undo();
  }

  redo(): void {
    this.undoManager.redo();
  }

  /** The name the server attributes this connection's comments and votes to. */
  authorName(): string {
    return ownIdentity(this.boardId, this._user.name).name;
  }

  /** Changes the display name and colour: awareness now, the server identity on a fresh connection. */
  setUser(user: UserIdentity): void {
    const renamed = user.name !== this._user.name;
    this._user = user;
    this.awareness.setLocalStateField('user', { name: user.name, color: user.color });
    if (renamed) {
      this.provider.params = { ...this.provider.params, name: user.name };
      if (this.provider.wsconnected) {
        this.provider.disconnect();
        this.provider.connect();
      }
    }
  }

  /** Publishes the cursor (board canvas coordinates) at most ~30 times a second. */
  setCursor(point: { x: number; y: number } | null): void {
    this.pendingCursor = point;
    if (this.cursorTimer !== null) return;
    this.flushCursor();
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = null;
      if (this.pendingCursor !== undefined) this.flushCursor();
    }, CURSOR_INTERVAL_MS);
  }

  private flushCursor(): void {
    const point = this.pendingCursor;
    this.pendingCursor = undefined;
    if (point === undefined) return;
    this.awareness.setLocalStateField('cursor', point ? { x: Math.round(point.x), y: Math.round(point.y) } : null);
  }

  setDragging(itemId: string | null): void {
    this.awareness.setLocalStateField('dragging', itemId);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.cursorTimer !== null) clearTimeout(this.cursorTimer);
    for (const dispose of this.disposers.splice(0)) dispose();
    this.undoManager.destroy();
    this.provider.destroy();
    void this.persistence?.destroy();
    this.doc.destroy();
    if (window.__lanewise?.doc === this.doc) delete window.__lanewise;
  }
}
