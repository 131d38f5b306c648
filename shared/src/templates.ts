import type { TemplateId } from './schema.ts';

export interface LaneTemplate {
  readonly name: string;
  readonly itemLimit: number | null;
  readonly capacity: number | null;
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
      { name: 'P0', itemLimit: 3, capacity: null },
      { name: 'P1', itemLimit: 6, capacity: null },
      { name: 'P2', itemLimit: null, capacity: null },
      { name: 'Later', itemLimit: null, capacity: null },
    ],
  },
  'now-next-later': {
    id: 'now-next-later',
    label: 'Now / Next / Later',
    description: 'A roadmap by horizon rather than by priority level.',
    lanes: [
      { name: 'Now', itemLimit: 5, capacity: null },
      { name: 'Next', itemLimit: null, capacity: null },
      { name: 'Later', itemLimit: null, capacity: null },
    ],
  },
};
