import { z } from 'zod';
import { ID_PATTERN } from './ids.ts';
import { isValidRank } from './rank.ts';

/**
 * The board document, version 3 (v2 added lane budgets, people, comments and estimation rounds;
 * v3 made item titles `Y.Text` and descriptions rich text in a `Y.XmlFragment`, see richText.ts,
 * and wrote every lane's `inPlanningPeriod`).
 *
 * One Y.Doc per board with three top-level maps:
 *   meta   Y.Map   title, template, schemaVersion, createdAt, estimateUnit, limitMode,
 *                  techHealthTarget, planningPeriod
 *   lanes  Y.Map<laneId, Y.Map>   name, rank, itemLimit, capacity, deleted, inPlanningPeriod?
 *   items  Y.Map<itemId, Y.Map>   see itemSchema; `title` is a Y.Text, `description` a Y.XmlFragment
 *          (as plain data: the title's text and the description's plain text)
 *   rationales  Y.Map<itemId, {text, at}>   the reason given with an item's latest move, written
 *          in the same transaction as the move so the server's decision log can pick it up
 *   people    Y.Map<personId, Y.Map>   name, capacity (effort per planning period)
 *   comments  Y.Map<commentId, Y.Map>  itemId, parentId, author, text, createdAt, editedAt, deleted
 *   poker     Y.Map<itemId, Y.Map>     the item's estimation round; `votes` is a nested Y.Map
 *
 * Lanes are never removed from the map: removing a lane sets `deleted`, so a concurrent move into
 * it still resolves to one existing lane (see readBoard) and the decision log can name it later.
 */
export const SCHEMA_VERSION = 4; // v3: collaborative text; v4: retro boards (retroMigration.ts)

export const TOP_LEVEL_KEYS = ['meta', 'lanes', 'items', 'rationales', 'people', 'comments', 'poker'] as const;

export const LIMITS = {
  titleLength: 200,
  rationaleLength: 1000,
  commentLength: 4000,
  people: 200,
  periodLength: 80,
  descriptionLength: 10_000,
  nameLength: 80,
  tagLength: 40,
  tagCount: 20,
  lanes: 20,
  sourceKeyLength: 64,
  urlLength: 500,
} as const;

export const TEMPLATE_IDS = ['planning', 'now-next-later', 'retro-went-well', 'retro-start-stop-continue', 'retro-4ls', 'retro-mad-sad-glad', 'retro-custom'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const ITEM_KINDS = ['feature', 'tech-health', 'bug', 'research'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export const ESTIMATE_UNITS = ['points', 'person-weeks'] as const;
export type EstimateUnit = (typeof ESTIMATE_UNITS)[number];

/** Soft limits warn; hard limits make a user demote something or state a reason to go over. */
export const LIMIT_MODES = ['soft', 'hard'] as const;
export type LimitMode = (typeof LIMIT_MODES)[number];

export const POKER_SCALES = {
  fibonacci: ['0', '1', '2', '3', '5', '8', '13', '21', '?'],
  tshirt: ['XS', 'S', 'M', 'L', 'XL', '?'],
} as const;
export type PokerScale = keyof typeof POKER_SCALES | 'custom';

const id = z.string().regex(ID_PATTERN, 'must be 1–64 letters, digits, "-" or "_"');
const rank = z.string().min(1).refine(isValidRank, 'is not a valid fractional-index rank');
const nonNegative = z.number().finite().nonnegative();
const trimmedText = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** What a board is for: ranking initiatives, or a retrospective (schema v4; see retro.ts). */
export const BOARD_KINDS = ['planning', 'retro'] as const;
export type BoardKind = (typeof BOARD_KINDS)[number];

/** The phases of a retro, in order; the facilitator moves between them (retro.ts). */
export const RETRO_PHASES = ['reflect', 'group', 'vote', 'discuss', 'actions', 'closed'] as const;
export type RetroPhase = (typeof RETRO_PHASES)[number];

/** Whose view a retro card speaks for; product and engineering run one retro together. */
export const PERSPECTIVES = ['product', 'engineering', 'both'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];

export const boardMetaSchema = z.object({
  title: trimmedText(LIMITS.titleLength).min(1, 'must not be empty'),
  template: z.enum(TEMPLATE_IDS),
  schemaVersion: z.number().int().positive(),
  createdAt: z.number().int().nonnegative(),
  estimateUnit: z.enum(ESTIMATE_UNITS),
  limitMode: z.enum(LIMIT_MODES),
  /** Share of effort the board wants on technical health, 0 to 1 (e.g. 0.2 = "at least 20%"). */
  techHealthTarget: z.number().min(0).max(1),
  /** Free text such as "Q3 2027"; capacities are per this period. */
  planningPeriod: trimmedText(LIMITS.periodLength),
  /** Schema v3: planning or retro (a v2 board migrates to planning). */
  kind: z.enum(BOARD_KINDS).optional(),
  /** Retro boards only: the current phase, changed only by the facilitator (server rule). */
  retroPhase: z.enum(RETRO_PHASES).optional(),
  /** Retro boards only: cards show their authors after the reveal (default: anonymous). */
  showAuthors: z.boolean().optional(),
  /** Retro boards only: votes per person, and per person on one card. */
  voteBudget: z.number().int().min(1).max(50).optional(),
  voteCap: z.number().int().min(1).max(50).optional(),
  /**
   * Facilitation (schema v4, optional, retro and planning boards; facilitation.ts). All four are
   * written only by the server (POST …/facilitation/*); a client writing them is refused.
   * `facilitator`: the person (personal link) the facilitator role was handed to; absent = owners.
   */
  facilitator: z.object({ personId: id, name: trimmedText(LIMITS.nameLength).min(1) }).strict().optional(),
  /** The shared timer, in the server's clock: it ends at `endsAt`; `durationMs` is its full length. */
  timer: z.object({ endsAt: z.number().int().nonnegative(), durationMs: z.number().int().positive(), label: trimmedText(LIMITS.nameLength).optional() }).strict().optional(),
  /** While true, only the facilitator's writes are stored. */
  locked: z.boolean().optional(),
  /** Retro boards only: the current phase closes by itself at `at` (server clock, server scheduler). */
  phaseDeadline: z.object({ phase: z.enum(RETRO_PHASES), at: z.number().int().nonnegative() }).strict().optional(),
}).strict();
export type BoardMeta = z.infer<typeof boardMetaSchema>;

export const laneSchema = z.object({
  id,
  name: trimmedText(LIMITS.nameLength).min(1, 'must not be empty'),
  rank,
  /** Most items the lane should hold; null means no limit. */
  itemLimit: z.number().int().positive().nullable(),
  /** Effort the lane can take, in the board's estimate unit; null means no capacity set. */
  capacity: nonNegative.nullable(),
  deleted: z.boolean(),
  /**
   * Schema v3 (optional): whether work in this lane counts against people's capacity for the
   * planning period. Absent means the default rule of `planningPeriod.ts` (a lane named like
   * "Later" or "Backlog" is outside the period, every other lane inside).
   */
  inPlanningPeriod: z.boolean().optional(),
}).strict();
export type Lane = z.infer<typeof laneSchema>;

/** Product lens (RICE inputs) and engineering lens, stored as absolute inputs. */
export const lensSchema = {
  /** Users reached per quarter. */
  reach: nonNegative.nullable(),
  /** 0.25 (minimal) to 3 (massive). */
  impact: z.number().min(0).max(3).nullable(),
  /** 0 to 1. */
  confidence: z.number().min(0).max(1).nullable(),
  /** Reliability or debt-reduction gain, 0 to 3. */
  techHealth: z.number().min(0).max(3).nullable(),
  /** Delivery risk, 1 (low) to 3 (high). */
  risk: z.number().min(1).max(3).nullable(),
};

/** Systems an item can be imported from; re-importing matches items by `system` + `key`. */
export const ITEM_SOURCE_SYSTEMS = ['jira', 'linear', 'lanewise'] as const;
export type ItemSourceSystem = (typeof ITEM_SOURCE_SYSTEMS)[number];

/**
 * Where an imported item came from (schema v3, optional: boards without it need no migration).
 * `key` is the issue key in that system (Jira `PLAT-12`, Linear `ENG-7`, a Lanewise item id).
 */
export const itemSourceSchema = z
  .object({
    system: z.enum(ITEM_SOURCE_SYSTEMS),
    key: z.string().trim().min(1, 'must not be empty').max(LIMITS.sourceKeyLength, `must be at most ${LIMITS.sourceKeyLength} characters`),
    url: z
      .string()
      .max(LIMITS.urlLength, `must be at most ${LIMITS.urlLength} characters`)
      .regex(/^https?:\/\/\S+$/, 'must be an http(s) address')
      .optional(),
  })
  .strict();
export type ItemSource = z.infer<typeof itemSourceSchema>;

/** One end of a promoted retro action (schema v4): the board and item at the other end. */
export const itemLinkSchema = z
  .object({
    boardId: id,
    itemId: id,
    /** The other board's title when the link was made (shown even without access to it). */
    boardTitle: trimmedText(LIMITS.titleLength),
  })
  .strict();
export type ItemLink = z.infer<typeof itemLinkSchema>;

export const itemSchema = z.object({
  id,
  title: trimmedText(LIMITS.titleLength).min(1, 'must not be empty'),
  /** The rich text's plain text (one line per paragraph); exports read Markdown from the document. */
  description: trimmedText(LIMITS.descriptionLength * 2),
  laneId: id,
  rank,
  owner: trimmedText(LIMITS.nameLength),
  estimate: nonNegative.nullable(),
  tags: z.array(trimmedText(LIMITS.tagLength).min(1)).max(LIMITS.tagCount),
  kind: z.enum(ITEM_KINDS),
  ...lensSchema,
  createdBy: trimmedText(LIMITS.nameLength),
  createdAt: z.number().int().nonnegative(),
  /** Set when the item was imported (Jira, Linear, a Lanewise CSV); absent otherwise. */
  source: itemSourceSchema.optional(),
  /**
   * The device time of the item's last move, as the moving client's clock read it. Shown beside
   * the server's receive time when they differ (a move made offline); never used for order.
   */
  movedAt: z.number().int().nonnegative().optional(),
  /** Retro cards (schema v4, optional): the perspective the card speaks for. */
  perspective: z.enum(PERSPECTIVES).optional(),
  /** Retro cards (schema v4, optional): votes the card got, written by the server when voting ends. */
  votes: z.number().int().nonnegative().optional(),
  /**
   * Retro cards (schema v4, optional): the group the card is in, named by the group's first card
   * (which names itself). Written only in the Group phase (rule retro-item-fields, retroFlow.ts).
   */
  group: id.optional(),
  /** Retro cards (schema v4, optional): the group's title, on the group's first card. */
  groupTitle: trimmedText(LIMITS.nameLength).optional(),
  /** Retro actions (schema v4, optional): the day the action is due, YYYY-MM-DD. */
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)').optional(),
  /**
   * Schema v4, optional: the other end of a promoted retro action — on the retro card, the
   * initiative it became; on the initiative, the retro action it came from. Written only by the
   * server (POST …/retro/actions/:itemId/promote).
   */
  link: itemLinkSchema.optional(),
}).strict();
export type Item = z.infer<typeof itemSchema>;

/** Fields a user may change on an item (laneId and rank change only through moveItem). */
export const itemPatchSchema = itemSchema
  .pick({
    title: true,
    description: true,
    owner: true,
    estimate: true,
    tags: true,
    kind: true,
    reach: true,
    impact: true,
    confidence: true,
    techHealth: true,
    risk: true,
    perspective: true,
  })
  .partial()
  .strict();
export type ItemPatch = z.infer<typeof itemPatchSchema>;

export const lanePatchSchema = laneSchema.pick({ name: true, itemLimit: true, capacity: true, inPlanningPeriod: true }).partial().strict();
export type LanePatch = z.infer<typeof lanePatchSchema>;

/** Why an item was moved: written with the move, read by the server into the decision log. */
export const rationaleSchema = z
  .object({
    text: trimmedText(LIMITS.rationaleLength).min(1, 'must not be empty'),
    at: z.number().int().nonnegative(),
  })
  .strict();
export type Rationale = z.infer<typeof rationaleSchema>;

export const personSchema = z
  .object({
    id,
    name: trimmedText(LIMITS.nameLength).min(1, 'must not be empty'),
    capacity: nonNegative.nullable(),
  })
  .strict();
export type Person = z.infer<typeof personSchema>;

export const commentSchema = z
  .object({
    id,
    itemId: id,
    parentId: id.nullable(),
    author: trimmedText(LIMITS.nameLength).min(1),
    text: trimmedText(LIMITS.commentLength),
    createdAt: z.number().int().nonnegative(),
    editedAt: z.number().int().nonnegative().nullable(),
    deleted: z.boolean(),
  })
  .strict();
export type Comment = z.infer<typeof commentSchema>;

export const pokerRoundSchema = z
  .object({
    id,
    itemId: id,
    scale: z.enum(['fibonacci', 'tshirt', 'custom']),
    cards: z.array(trimmedText(8).min(1)).min(2).max(20),
    facilitator: trimmedText(LIMITS.nameLength),
    status: z.enum(['voting', 'revealed', 'closed']),
    startedAt: z.number().int().nonnegative(),
    /** Filled only at reveal: voter key → card. */
    votes: z.record(z.string().min(1).max(120), trimmedText(8)),
    accepted: trimmedText(8).nullable(),
  })
  .strict();
export type PokerRound = z.infer<typeof pokerRoundSchema>;

/** The whole document as `doc.toJSON()`-like plain data: what the server validates and serves. */
export const boardDocumentSchema = z
  .object({
    meta: boardMetaSchema,
    lanes: z.record(id, laneSchema),
    items: z.record(id, itemSchema),
    rationales: z.record(id, rationaleSchema),
    people: z.record(id, personSchema),
    comments: z.record(id, commentSchema),
    poker: z.record(id, pokerRoundSchema),
  })
  .strict()
  .superRefine((board, ctx) => {
    for (const [key, lane] of Object.entries(board.lanes)) {
      if (lane.id !== key) ctx.addIssue({ code: 'custom', path: ['lanes', key, 'id'], message: 'does not match its key' });
    }
    for (const [key, item] of Object.entries(board.items)) {
      if (item.id !== key) ctx.addIssue({ code: 'custom', path: ['items', key, 'id'], message: 'does not match its key' });
      if (!Object.hasOwn(board.lanes, item.laneId)) {
        ctx.addIssue({ code: 'custom', path: ['items', key, 'laneId'], message: `refers to unknown lane "${item.laneId}"` });
      }
    }
    if (Object.keys(board.lanes).length === 0) ctx.addIssue({ code: 'custom', path: ['lanes'], message: 'a board needs at least one lane' });
  });
export type BoardDocument = z.infer<typeof boardDocumentSchema>;
