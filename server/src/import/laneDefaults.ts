/** How a column's values choose lanes by default. */
export type LaneColumnKind = 'priority' | 'status' | 'lane' | 'other';

export function laneColumnKind(column: string | null): LaneColumnKind {
  if (column === null) return 'other';
  if (/priority/i.test(column)) return 'priority';
  if (/status|state/i.test(column)) return 'status';
  if (/lane/i.test(column)) return 'lane';
  return 'other';
}

const PRIORITY_LEVELS: ReadonlyArray<readonly [number, readonly string[]]> = [
  [0, ['highest', 'blocker', 'critical', 'urgent', 'showstopper', 'p0', '1 - urgent']],
  [1, ['high', 'major', 'p1', '2 - high']],
  [2, ['medium', 'normal', 'p2', '3 - medium']],
  [3, ['low', 'minor', 'p3', '4 - low']],
  [4, ['lowest', 'trivial', 'none', 'no priority', 'p4', '']],
];

/** 0 (most urgent) … 4 (no priority), or null for a value Jira and Linear do not use. */
export function priorityLevel(value: string): number | null {
  const wanted = value.trim().toLowerCase();
  for (const [level, names] of PRIORITY_LEVELS) if (names.includes(wanted)) return level;
  return null;
}

export type StatusCategory = 'doing' | 'todo' | 'backlog' | 'done';

const STATUS_CATEGORIES: ReadonlyArray<readonly [StatusCategory, readonly string[]]> = [
  ['done', ['done', 'closed', 'resolved', 'canceled', 'cancelled', "won't do", 'won’t do', "won't fix", 'duplicate', 'completed', 'released', 'shipped']],
  ['doing', ['in progress', 'in review', 'in development', 'in dev', 'started', 'review', 'code review', 'in qa', 'testing', 'in testing']],
  ['todo', ['to do', 'todo', 'open', 'reopened', 'selected for development', 'ready', 'ready for development', 'planned', 'unstarted', 'next']],
  ['backlog', ['backlog', 'triage', 'icebox', 'later', 'new', 'ideas']],
];

export function statusCategory(value: string): StatusCategory | null {
  const wanted = value.trim().toLowerCase();
  for (const [category, names] of STATUS_CATEGORIES) if (names.includes(wanted)) return category;
  return null;
}

export const SKIP = 'skip';

/**
 * Where rows with `value` go unless the user says otherwise. Priorities fill lanes from the top
 * (Highest → the first lane, High → the second, …, the rest → the last); unknown values go to the
 * last lane rather than inflate the top one. Done statuses are skipped.
 */
export function defaultLane(kind: LaneColumnKind, value: string, lanes: ReadonlyArray<{ id: string; name: string }>, valueOrder: readonly string[]): string {
  const last = lanes.length - 1;
  const at = (index: number) => (lanes[Math.max(0, Math.min(index, last))] as { id: string }).id;
  const byName = lanes.find((lane) => lane.name.trim().toLowerCase() === value.trim().toLowerCase());
  switch (kind) {
    case 'priority': {
      const level = priorityLevel(value);
      return at(level ?? last);
    }
    case 'status': {
      const category = statusCategory(value);
      if (category === 'done') return SKIP;
      if (category === 'doing') return at(0);
      if (category === 'todo') return at(1);
      return at(last);
    }
    case 'lane':
      return byName ? byName.id : at(Math.max(0, valueOrder.indexOf(value)));
    case 'other':
      return byName ? byName.id : at(last);
  }
}

/** Orders lane values for the preview: priorities most urgent first, statuses by progress, others as they appear. */
export function orderLaneValues(kind: LaneColumnKind, values: readonly string[]): string[] {
  const rank = (value: string): number => {
    if (kind === 'priority') return priorityLevel(value) ?? 5;
    if (kind === 'status') return ['doing', 'todo', 'backlog', 'done'].indexOf(statusCategory(value) ?? 'backlog');
    return 0;
  };
  return values
    .map((value, index) => ({ value, index }))
    .sort((a, b) => rank(a.value) - rank(b.value) || a.index - b.index)
    .map(({ value }) => value);
}
