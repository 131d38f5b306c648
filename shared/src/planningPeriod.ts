import * as Y from 'yjs';
import { lanesMap } from './boardDoc.ts';
import type { BoardOrigin } from './origin.ts';
import type { Lane } from './schema.ts';

/**
 * Which lanes hold work planned for the board's planning period. People's load counts only those
 * lanes: "Later" is where ideas wait, not work anyone has committed to this quarter.
 *
 * The lane field `inPlanningPeriod` (schema v3, optional) says it explicitly. When it is absent —
 * boards made before the field existed, lanes added without choosing — the default rule applies:
 * a lane whose name marks a parking place (Later, Someday, Backlog, Icebox, Parking lot, Not now)
 * is outside the period; every other lane is inside.
 */
const OUTSIDE_PERIOD_NAMES = /^(later|someday|backlog|icebox|ice box|parking lot|not now|maybe later)$/i;

export function defaultInPlanningPeriod(laneName: string): boolean {
  return !OUTSIDE_PERIOD_NAMES.test(laneName.trim());
}

export function isInPlanningPeriod(lane: Pick<Lane, 'name' | 'inPlanningPeriod'>): boolean {
  return lane.inPlanningPeriod ?? defaultInPlanningPeriod(lane.name);
}

/**
 * Migration helper for schema v3: writes the default rule's answer into every lane that has no
 * `inPlanningPeriod` yet, so renaming "Later" afterwards does not silently make it count. Runs in
 * one transaction; returns the ids of the lanes it set. Idempotent.
 */
export function setPlanningPeriodDefaults(doc: Y.Doc, origin?: BoardOrigin): string[] {
  const set: string[] = [];
  const apply = () => {
    for (const [laneId, lane] of lanesMap(doc)) {
      if (!(lane instanceof Y.Map) || lane.has('inPlanningPeriod')) continue;
      const name = lane.get('name');
      lane.set('inPlanningPeriod', defaultInPlanningPeriod(typeof name === 'string' ? name : ''));
      set.push(laneId);
    }
  };
  if (origin === undefined) doc.transact(apply);
  else doc.transact(apply, origin);
  return set;
}
