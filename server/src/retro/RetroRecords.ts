import type { Perspective, RetroPhase } from '@lanewise/shared';

/** A private card of the reflect phase, as stored: only its writer can list it before the reveal. */
export interface StoredDraft {
  readonly id: string;
  readonly laneId: string;
  readonly text: string;
  readonly perspective: Perspective | null;
  readonly author: string;
  readonly createdAt: number;
}

/** A `retro_drafts` row as both backends read it (the same columns in SQLite and PostgreSQL). */
export interface DraftRow {
  id: string;
  lane_id: string;
  text: string;
  perspective: Perspective | null;
  author: string;
  created_at: number;
}

/** A stored row as the interface hands it out. */
export const toDraft = (row: DraftRow): StoredDraft => ({ id: row.id, laneId: row.lane_id, text: row.text, perspective: row.perspective, author: row.author, createdAt: row.created_at });

/** Where a retro sits in its series: the planning board it is linked to and the retro before it. */
export interface RetroSeriesLink {
  readonly planningBoardId: string | null;
  readonly previousId: string | null;
  readonly linkedAt: number;
}

/** An async retro phase's end: "reflect closes on Friday at 17:00". */
export interface PhaseDeadline {
  readonly boardId: string;
  readonly phase: RetroPhase;
  readonly at: number;
}

/**
 * What a retro keeps out of the shared document until it may be seen, and the server's own retro
 * bookkeeping: drafts (until the reveal) and votes (until voting ends) per participant key
 * (participantKey.ts), "I'm done" names, series links, the perspectives counted by the joint view,
 * and async phase deadlines. Nothing here reaches Yjs, presence, exports, snapshots or the
 * decision log; the server reads it only to answer its own writer and, at the reveal or the end of
 * voting, to put it on the board.
 *
 * Stored where the boards are (DECISIONS 100): SQLite in DATA_DIR (`SqliteRetroRecords`), or
 * PostgreSQL when DATABASE_URL is set (`PgRetroRecords`), so that every instance on one database
 * sees the same drafts, votes, series and deadlines. Every rule that spans rows (the vote budget,
 * claiming a due deadline) holds under concurrent callers on different instances.
 */
export interface RetroRecords {
  /**
   * Stores a draft. Drafts are listed in the order they were written, also
   * when two were written in the same millisecond: a sequence number raised by every insert orders
   * them, never the clock (DECISIONS 145).
   */
  addDraft(boardId: string, participant: string, draft: Omit<StoredDraft, 'id' | 'createdAt'>): Promise<StoredDraft>;
  /** A participant's drafts in the order they were written. */
  draftsOf(boardId: string, participant: string): Promise<StoredDraft[]>;
  /** Deletes a participant's own draft; false if they have no draft with that id. */
  deleteDraft(boardId: string, participant: string, draftId: string): Promise<boolean>;
  /** Every draft of the board in the order they were written (the reveal puts them on the board so). */
  allDrafts(boardId: string): Promise<StoredDraft[]>;
  /** Numbers only, for the facilitator: how many drafts, from how many people. */
  draftCounts(boardId: string): Promise<{ drafts: number; writers: number }>;
  deleteDrafts(boardId: string, ids: readonly string[]): Promise<void>;

  votesOf(boardId: string, participant: string): Promise<Map<string, number>>;
  /**
   * Sets a participant's votes on one card if the result stays within `budget` in all and `cap` on
   * the card, checked and written atomically (two requests, even on two instances, cannot both
   * squeeze in). Returns the refusal sentence, or null when stored.
   */
  setVotes(boardId: string, participant: string, itemId: string, votes: number, limits: { budget: number; cap: number }): Promise<string | null>;
  /** Every card's total, for the end of voting. */
  voteTotals(boardId: string): Promise<Map<string, number>>;

  /** Links a retro to a planning board and/or the retro before it (kept when not given). */
  linkSeries(boardId: string, link: { planningBoardId?: string | null; previousId?: string | null }, now?: number): Promise<RetroSeriesLink>;
  seriesOf(boardId: string): Promise<RetroSeriesLink | null>;
  /** The retros before this one in its series, newest first (at most `limit`; a cycle stops the walk). */
  earlierRetros(boardId: string, limit?: number): Promise<string[]>;

  /**
   * At the reveal: who wrote cards of which perspective, as participant keys only (the joint view
   * counts them, never shows them). `both` counts for product and engineering.
   */
  notePerspectives(boardId: string, draftIds: readonly string[]): Promise<void>;
  /** How many people wrote product- and engineering-tagged cards. */
  perspectiveCounts(boardId: string): Promise<{ product: number; engineering: number }>;

  /** "I'm done" for a phase. */
  markDone(boardId: string, phase: string, participant: string, done: boolean, name?: string): Promise<void>;
  isDone(boardId: string, phase: string, participant: string): Promise<boolean>;
  /** The names of those done with a phase (as their links name them), sorted; for the facilitator. */
  doneNames(boardId: string, phase: string): Promise<string[]>;
  doneCount(boardId: string, phase: string): Promise<number>;

  /** Every stored deadline, soonest first. */
  listDeadlines(): Promise<PhaseDeadline[]>;
  /** Sets (or replaces) a board's deadline. */
  setDeadline(deadline: PhaseDeadline): Promise<void>;
  clearDeadline(boardId: string): Promise<void>;
  /**
   * Claims a due deadline for closing until `leaseUntil`: true for exactly one caller while the
   * row is unchanged and unclaimed (or its claim lapsed, e.g. its instance died mid-close).
   */
  claimDeadline(deadline: PhaseDeadline, now: number, leaseUntil: number): Promise<boolean>;
  /** The claimed deadline was handled: its row goes (a newer deadline set meanwhile stays). */
  finishDeadline(deadline: PhaseDeadline): Promise<void>;
  /** Closing failed: the claim is given up so that a retry (here or elsewhere) can take it. */
  releaseDeadline(deadline: PhaseDeadline): Promise<void>;

  close(): Promise<void>;
}

/** The walk of `earlierRetros`, over any way of reading a retro's series link. */
export async function walkEarlierRetros(boardId: string, limit: number, seriesOf: (id: string) => Promise<RetroSeriesLink | null>): Promise<string[]> {
  const seen = new Set([boardId]);
  const ids: string[] = [];
  let previous = (await seriesOf(boardId))?.previousId ?? null;
  while (previous !== null && !seen.has(previous) && ids.length < limit) {
    ids.push(previous);
    seen.add(previous);
    previous = (await seriesOf(previous))?.previousId ?? null;
  }
  return ids;
}

/** The refusal sentence of a vote over the cap or the budget, or null. */
export function voteRefusal(votes: number, usedElsewhere: number, limits: { budget: number; cap: number }): string | null {
  if (votes > limits.cap) return `At most ${limits.cap} votes on one card.`;
  if (usedElsewhere + votes > limits.budget) return `You have ${limits.budget} votes in all and ${limits.budget - usedElsewhere} left for this card.`;
  return null;
}
