import type * as Y from 'yjs';
import { itemsMap, metaMap } from './boardDoc.ts';
import { addItem } from './commands.ts';
import { BoardCommandError, BoardErrorCode } from './errors.ts';
import { DEFAULT_ORIGIN, type BoardOrigin } from './origin.ts';
import { LIMITS, RETRO_PHASES, type Perspective, type RetroPhase } from './schema.ts';

/**
 * Retro boards: the same lanes (columns = prompts) and items (cards) as a planning board, plus a
 * phase the facilitator leads. The phase and the retro settings sit in `meta`; the server's
 * rules (server/src/rules/retro*.ts) let only the facilitator change them and refuse card
 * writes the phase does not allow. Drafts written during reflect are not in the document at all.
 */
export const RETRO_DEFAULTS = { voteBudget: 5, voteCap: 3, showAuthors: false } as const;

/** The meta fields only the facilitator may change. */
export const RETRO_FACILITATOR_FIELDS = ['retroPhase', 'showAuthors', 'voteBudget', 'voteCap'] as const;

/** Most prompts a custom retro may have (an Actions column is added to them). */
export const MAX_RETRO_PROMPTS = 8;

export const PHASE_LABELS: Readonly<Record<RetroPhase, string>> = {
  reflect: 'Reflect',
  group: 'Group',
  vote: 'Vote',
  discuss: 'Discuss',
  actions: 'Actions',
  closed: 'Closed',
};

/**
 * What participants may do to cards in the document, per phase. `none`: nothing (reflect writes
 * go to private drafts; vote and discuss look at what is there; a closed retro is a record).
 * `edit`: change existing cards (group: group them, fix a title). `all`: also add and remove cards
 * (actions are written as new cards).
 */
export type CardWrites = 'none' | 'edit' | 'all';
export const CARD_WRITES_BY_PHASE: Readonly<Record<RetroPhase, CardWrites>> = {
  reflect: 'none',
  group: 'edit',
  vote: 'none',
  discuss: 'none',
  actions: 'all',
  closed: 'none',
};

export interface RetroState {
  readonly phase: RetroPhase;
  readonly showAuthors: boolean;
  readonly voteBudget: number;
  readonly voteCap: number;
}

export function isRetroBoard(doc: Y.Doc): boolean {
  return metaMap(doc).get('kind') === 'retro';
}

/** The retro state of a retro board, or null for a planning board. */
export function readRetro(doc: Y.Doc): RetroState | null {
  if (!isRetroBoard(doc)) return null;
  const meta = metaMap(doc);
  const phase = meta.get('retroPhase');
  return {
    phase: (RETRO_PHASES as readonly unknown[]).includes(phase) ? (phase as RetroPhase) : 'reflect',
    showAuthors: meta.get('showAuthors') === true,
    voteBudget: numberOr(meta.get('voteBudget'), RETRO_DEFAULTS.voteBudget),
    voteCap: numberOr(meta.get('voteCap'), RETRO_DEFAULTS.voteCap),
  };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

/** The phase after `phase` (closed stays closed). */
export function nextPhase(phase: RetroPhase): RetroPhase {
  return RETRO_PHASES[Math.min(RETRO_PHASES.indexOf(phase) + 1, RETRO_PHASES.length - 1)] as RetroPhase;
}

/** The phase before `phase` (reflect stays reflect). */
export function previousPhase(phase: RetroPhase): RetroPhase {
  return RETRO_PHASES[Math.max(RETRO_PHASES.indexOf(phase) - 1, 0)] as RetroPhase;
}

/** Moves a retro to `phase` (forward, back one, a skip or closing). The server checks who may. */
export function setRetroPhase(doc: Y.Doc, phase: RetroPhase, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  if (!isRetroBoard(doc)) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Only retro boards have phases.');
  if (!(RETRO_PHASES as readonly string[]).includes(phase)) throw new BoardCommandError(BoardErrorCode.InvalidInput, `Unknown phase "${phase}".`);
  doc.transact(() => metaMap(doc).set('retroPhase', phase), origin);
}

export interface RetroSettingsPatch {
  readonly showAuthors?: boolean;
  readonly voteBudget?: number;
  readonly voteCap?: number;
}

export function updateRetroSettings(doc: Y.Doc, patch: RetroSettingsPatch, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  if (!isRetroBoard(doc)) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Only retro boards have retro settings.');
  for (const key of ['voteBudget', 'voteCap'] as const) {
    const value = patch[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > 50)) {
      throw new BoardCommandError(BoardErrorCode.InvalidInput, `${key === 'voteBudget' ? 'Votes per person' : 'Votes per card'} must be a whole number from 1 to 50.`);
    }
  }
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) metaMap(doc).set(key, value);
  }, origin);
}

/**
 * The columns of a custom retro: the prompts, trimmed, blank ones dropped, and an Actions
 * column at the end unless one is there.
 */
export function customRetroColumns(prompts: readonly string[]): string[] {
  const names = prompts.map((prompt) => prompt.trim()).filter(Boolean);
  if (names.length === 0) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'A custom retro needs at least one prompt.');
  if (names.length > MAX_RETRO_PROMPTS) throw new BoardCommandError(BoardErrorCode.InvalidInput, `A custom retro has at most ${MAX_RETRO_PROMPTS} prompts.`);
  const tooLong = names.find((name) => name.length > LIMITS.nameLength);
  if (tooLong) throw new BoardCommandError(BoardErrorCode.InvalidInput, `The prompt "${tooLong.slice(0, 30)}…" is longer than ${LIMITS.nameLength} characters.`);
  if (!names.some((name) => name.toLowerCase() === 'actions')) names.push('Actions');
  return names;
}

/** A card written privately during reflect, as the server holds it until the reveal. */
export interface RetroDraft {
  readonly laneId: string;
  readonly text: string;
  readonly perspective: Perspective | null;
  /** The writer's name; on the board only if the retro shows authors. */
  readonly author: string;
}

/**
 * Puts drafts on the board in an order that says nothing about who wrote what or when: shuffled
 * (Fisher–Yates with `random`, a crypto-strength source on the server), all stamped with the
 * reveal time, authors left out unless the retro shows them. Drafts whose column is gone land in
 * the first column. One transaction; returns the new card ids in board order.
 */
export function revealDrafts(doc: Y.Doc, drafts: readonly RetroDraft[], random: () => number, origin: BoardOrigin = DEFAULT_ORIGIN): string[] {
  const retro = readRetro(doc);
  if (!retro) throw new BoardCommandError(BoardErrorCode.InvalidInput, 'Only retro boards have drafts.');
  const shuffled = [...drafts];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as RetroDraft, shuffled[i] as RetroDraft];
  }
  const lanes = openLaneIds(doc);
  const now = Date.now();
  const ids: string[] = [];
  doc.transact(() => {
    for (const draft of shuffled) {
      const laneId = lanes.includes(draft.laneId) ? draft.laneId : (lanes[0] as string);
      ids.push(
        addItem(
          doc,
          { title: draft.text, laneId, createdAt: now, createdBy: retro.showAuthors ? draft.author : '', ...(draft.perspective ? { perspective: draft.perspective } : {}) },
          origin,
        ),
      );
    }
  }, origin);
  return ids;
}

function openLaneIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  for (const [id, lane] of doc.getMap<Y.Map<unknown>>('lanes')) if (lane.get('deleted') !== true) ids.push(id);
  return ids;
}

/** Writes the vote count of every card (cards nobody voted for get 0) when voting ends. */
export function publishVoteCounts(doc: Y.Doc, counts: ReadonlyMap<string, number>, origin: BoardOrigin = DEFAULT_ORIGIN): void {
  doc.transact(() => {
    for (const [id, card] of itemsMap(doc)) card.set('votes', counts.get(id) ?? 0);
  }, origin);
}

/** The retro state of a board's meta (as the HTTP API reads it), or null for a planning board. */
export function readRetroView(meta: { kind?: string | undefined; retroPhase?: RetroPhase | undefined; showAuthors?: boolean | undefined; voteBudget?: number | undefined; voteCap?: number | undefined }): RetroState | null {
  if (meta.kind !== 'retro') return null;
  return {
    phase: meta.retroPhase ?? 'reflect',
    showAuthors: meta.showAuthors === true,
    voteBudget: meta.voteBudget ?? RETRO_DEFAULTS.voteBudget,
    voteCap: meta.voteCap ?? RETRO_DEFAULTS.voteCap,
  };
}
