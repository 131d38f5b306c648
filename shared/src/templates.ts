import type { TemplateId } from './schema.ts';

export interface LaneTemplate {
  readonly name: string;
  readonly itemLimit: number | null;
  readonly capacity: number | null;
  /** Whether the lane's work counts for the planning period (see planningPeriod.ts). */
  readonly inPlanningPeriod?: boolean;
}

export interface BoardTemplate {
  readonly id: TemplateId;
  readonly label: string;
  readonly description: string;
  readonly lanes: readonly LaneTemplate[];
}

export const TEMPLATES: Readonly<Record<TemplateId, BoardTemplate>> = {
  planning: {
    id: 'planning',
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
    label: 'Now / Next / Later',
    description: 'A roadmap by horizon rather than by priority level.',
    lanes: [
      { name: 'Now', itemLimit: 5, capacity: null, inPlanningPeriod: true },
      { name: 'Next', itemLimit: null, capacity: null, inPlanningPeriod: true },
      { name: 'Later', itemLimit: null, capacity: null, inPlanningPeriod: false },
    ],
  },
};
