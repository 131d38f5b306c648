import type { BoardKind, TemplateId } from './schema.ts';

export interface LaneTemplate {
  readonly name: string;
  readonly itemLimit: number | null;
  readonly capacity: number | null;
  /** Whether the lane's work counts for the planning period (see planningPeriod.ts). */
  readonly inPlanningPeriod?: boolean;
}

export interface BoardTemplate {
  readonly id: TemplateId;
  /** Retro templates make retro boards: columns are prompts, phases and a facilitator (retro.ts). */
  readonly kind: BoardKind;
  readonly label: string;
  readonly description: string;
  readonly lanes: readonly LaneTemplate[];
}

export const TEMPLATES: Readonly<Record<TemplateId, BoardTemplate>> = {
  planning: {
    id: 'planning',
    kind: 'planning',
    label: 'Priority planning',
    description: 'P0 / P1 / P2 / Later — a small, capped P0 keeps "everything is P0" honest.',
    lanes: [
      { name: 'P0', itemLimit: 3, capacity: null, inPlanningPeriod: true },
      { name: 'P1', itemLimit: 6, capacity: null, inPlanningPeriod: true },
      { name: 'P2', itemLimit: null, capacity: null, inPlanningPeriod: true },
      { name: 'Later', itemLimit: null, capacity: null, inPlanningPeriod: false },
    ],
  },
  'now-next-later': {
    id: 'now-next-later',
    kind: 'planning',
    label: 'Now / Next / Later',
    description: 'A roadmap by horizon rather than by priority level.',
    lanes: [
      { name: 'Now', itemLimit: 5, capacity: null, inPlanningPeriod: true },
      { name: 'Next', itemLimit: null, capacity: null, inPlanningPeriod: true },
      { name: 'Later', itemLimit: null, capacity: null, inPlanningPeriod: false },
    ],
  },
  'retro-went-well': retroTemplate('retro-went-well', 'Went well / To improve / Ideas / Actions', 'The classic retro: what to keep, what to fix, what to try, and who does what.', ['Went well', 'To improve', 'Ideas', 'Actions']),
  'retro-start-stop-continue': retroTemplate('retro-start-stop-continue', 'Start / Stop / Continue', 'Three questions about how the team works.', ['Start', 'Stop', 'Continue', 'Actions']),
  'retro-4ls': retroTemplate('retro-4ls', '4Ls', 'Liked, Learned, Lacked, Longed for.', ['Liked', 'Learned', 'Lacked', 'Longed for', 'Actions']),
  'retro-mad-sad-glad': retroTemplate('retro-mad-sad-glad', 'Mad / Sad / Glad', 'How the cycle felt, before what to do about it.', ['Mad', 'Sad', 'Glad', 'Actions']),
  'retro-custom': retroTemplate('retro-custom', 'Custom prompts', 'Your own prompts, one column each (an Actions column is added).', []),
};

/** A retro template: one column per prompt, no limits. */
function retroTemplate(id: TemplateId, label: string, description: string, prompts: readonly string[]): BoardTemplate {
  return { id, kind: 'retro', label, description, lanes: prompts.map((name) => ({ name, itemLimit: null, capacity: null })) };
}
