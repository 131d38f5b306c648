export { BoardCommandError, BoardErrorCode } from './errors.ts';
export { ID_PATTERN, isValidId, newId } from './ids.ts';
export { DEFAULT_ORIGIN, isBoardOrigin, localOrigin, serverOrigin } from './origin.ts';
export type { BoardOrigin, LocalOrigin, MigrationOrigin, ServerOrigin } from './origin.ts';
export { compareRanked, isValidRank, placeAt, rankAfter, sortRanked } from './rank.ts';
export type { Ranked } from './rank.ts';
export {
  boardDocumentSchema,
  boardMetaSchema,
  ESTIMATE_UNITS,
  ITEM_KINDS,
  itemPatchSchema,
  itemSchema,
  itemSourceSchema,
  ITEM_SOURCE_SYSTEMS,
  lanePatchSchema,
  laneSchema,
  LIMIT_MODES,
  LIMITS,
  POKER_SCALES,
  commentSchema,
  personSchema,
  pokerRoundSchema,
  rationaleSchema,
  SCHEMA_VERSION,
  TEMPLATE_IDS,
  TOP_LEVEL_KEYS,
  BOARD_KINDS,
  PERSPECTIVES,
  RETRO_PHASES,
} from './schema.ts';
export type { BoardKind, Perspective, RetroPhase } from './schema.ts';
export {
  CARD_WRITES_BY_PHASE,
  customRetroColumns,
  isRetroBoard,
  MAX_RETRO_PROMPTS,
  nextPhase,
  PHASE_LABELS,
  previousPhase,
  publishVoteCounts,
  revealDrafts,
  readRetro,
  readRetroView,
  RETRO_DEFAULTS,
  RETRO_FACILITATOR_FIELDS,
  setRetroPhase,
  updateRetroSettings,
} from './retro.ts';
export type { CardWrites, RetroDraft, RetroSettingsPatch, RetroState } from './retro.ts';
export { RETRO_BOARDS_VERSION, retroBoardsMigration } from './retroMigration.ts';
export { clockOffset, FACILITATION_SERVER_FIELDS, facilitatorLabel, formatRemaining, isFacilitator, MAX_PHASE_DEADLINE_MS, MAX_TIMER_MS, mayHandOver, timerRemaining } from './facilitation.ts';
export type { FacilitationActor } from './facilitation.ts';
export { comparePerspectives, groupCards, isActionsLane, isDay, JOINT_VIEW_MIN_PARTICIPANTS, retroTopics, setActionDetails, setGroupTitle, ungroupCard } from './retroFlow.ts';
export type { PerspectiveColumn, RetroTopic } from './retroFlow.ts';
export type { BoardDocument, BoardMeta, Comment, EstimateUnit, Item, ItemKind, ItemLink, ItemPatch, ItemSource, ItemSourceSystem, Lane, LanePatch, LimitMode, Person, PokerRound, PokerScale, Rationale, TemplateId } from './schema.ts';
export { boardToJSON, commentsMap, itemRecordToJSON, itemsMap, itemToRecordMap, lanesMap, metaMap, peopleMap, pokerMap, rationalesMap, readItem, readItemRecord, readLane, readMeta } from './boardDoc.ts';
export { TEMPLATES } from './templates.ts';
export type { BoardTemplate, LaneTemplate } from './templates.ts';
export { effectiveLaneId, readAllLanes, readBoard, readLaneItems, visibleLanes } from './readBoard.ts';
export type { BoardView, LaneView } from './readBoard.ts';
export {
  addItem,
  addLane,
  createBoard,
  deleteItem,
  getItem,
  moveItem,
  moveLane,
  removeLane,
  renameLane,
  swapIntoLane,
  updateBoardMeta,
  updateItem,
  editItemTitle,
  updateLane,
} from './commands.ts';
export type { AddItemInput, AddLaneInput, BoardSettingsPatch, CreateBoardInput, ItemTarget, Placement } from './commands.ts';
export { describeProblems, validateBoard, validateBoardData } from './validate.ts';
export type { BoardProblem, BoardValidation } from './validate.ts';
export { BOARD_MIGRATIONS, migrateBoard, schemaVersionOf } from './migrations.ts';
export type { Migration } from './migrations.ts';
export { CloseCode, DECISIONS_FEATURE, MessageType, PERMANENT_CLOSE_CODES, PROTOCOL_VERSION, syncPath } from './protocol.ts';


export { buildSampleBoard, SAMPLE_BOARD_TITLE } from './sampleBoard.ts';
export { diffBoards, isEmptyDiff, reorderedIds } from './diff.ts';
export type { BoardDiff, FieldChange, ItemPlace, ItemRef } from './diff.ts';
export { restoreBoard } from './restore.ts';
export { BOARD_ROLES, canWrite, peekLinkToken, TICKET_PARAM, TOKEN_PARAM, tokenFromFragment } from './access.ts';
export type { BoardRole, LinkKind } from './access.ts';
export { addPerson, readPeople, removePerson, updatePerson } from './peopleCommands.ts';
export { addComment, countComments, deleteComment, editComment, findMentions, readComments } from './conversationCommands.ts';
export {
  acceptEstimate,
  cancelEstimation,
  cardValue,
  estimationSpread,
  publishVote,
  readEstimation,
  revealEstimation,
  revoteEstimation,
  startEstimation,
  TSHIRT_POINTS,
} from './estimationCommands.ts';
export type { EstimationPresence, EstimationSpread } from './estimationCommands.ts';
export {
  benefitScores,
  checkLaneEntry,
  combinedScores,
  demoteTargets,
  healthScore,
  healthValue,
  laneLoad,
  laneMix,
  peopleLoad,
  SCORE_FORMULAS,
  suggestedOrder,
  topLaneClaim,
  userValue,
  valueScore,
} from './tradeoffs.ts';
export type {
  Benefit,
  DemoteTarget,
  LaneEntryCheck,
  LaneLoad,
  LaneMix,
  LimitReason,
  LoadStatus,
  OrderSuggestion,
  PersonLaneLoad,
  PersonLoad,
  TopLaneClaim,
} from './tradeoffs.ts';
export { defaultInPlanningPeriod, isInPlanningPeriod, setPlanningPeriodDefaults } from './planningPeriod.ts';
export { DECISION_ACTIONS, describeDecision } from './decisions.ts';
export type { DecisionAction, DecisionActor, DecisionDraft, DecisionEntry } from './decisions.ts';
export { applyImport, IMPORT_MAX_ITEMS, importCreateSchema, importPlanSchema, importUpdateSchema } from './applyImport.ts';
export type { ImportCreate, ImportOutcome, ImportPlan, ImportUpdate } from './applyImport.ts';
export { boardContentSchema, parseBoardContent, readBoardContent, writeBoardContent } from './boardContent.ts';
export type { BoardContent, ContentParse } from './boardContent.ts';
export { BOARD_EXPORT_FORMAT, BOARD_EXPORT_VERSION, exportedDecisionSchema, exportedSnapshotSchema, parseBoardExport } from './boardExport.ts';
export type { BoardExport, BoardExportParse, ExportedDecision } from './boardExport.ts';
export { itemDescriptionText } from './itemDescriptionText.ts';
export {
  checkItemText,
  checkItemTextToPlain,
  checkPlainText,
  checkRichText,
  descriptionOf,
  isItemTextField,
  isSafeHref,
  ITEM_TEXT_FIELDS,
  plainTextOf,
  RICH_TEXT_LIMITS,
  RICH_TEXT_MARKS,
  RICH_TEXT_NODES,
  richTextFromPlainText,
  richTextToMarkdown,
  richTextToPlainText,
  SAFE_HREF,
  setPlainText,
  setRichTextFromPlainText,
  type ItemTextField,
  type RichTextMark,
  type RichTextNode,
  type RichTextProblem,
} from './richText.ts';
