import { metaMap } from './boardDoc.ts';
import type { Migration } from './migrations.ts';

/**
 * The schema step that brought retro boards: every board now says what kind it is. Older boards
 * are planning boards. Retro settings (phase, vote budget, …) and a card's perspective are
 * optional fields, present only where used, so nothing else needs rewriting.
 * Kept to this one module so the step can be renumbered when other steps land first.
 */
export const RETRO_BOARDS_VERSION = 4;

export const retroBoardsMigration: Migration = {
  id: 'v4-retro-boards',
  to: RETRO_BOARDS_VERSION,
  up: (doc) => {
    const meta = metaMap(doc);
    if (!meta.has('kind')) meta.set('kind', 'planning');
  },
};
