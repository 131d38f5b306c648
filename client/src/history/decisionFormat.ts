import { describeDecision, type DecisionAction, type DecisionEntry } from '@lanewise/shared';

/** "Dana" or "Dana (unverified)": the log says plainly when a name is only what a client declared. */
export function actorLabel(entry: Pick<DecisionEntry, 'actor'>): string {
  return entry.actor.verified ? entry.actor.name : `${entry.actor.name} (unverified)`;
}

/** "Dana (unverified) moved “SSO” from P1 #2 to P0 #1". */
export function decisionSentence(entry: DecisionEntry): string {
  return `${actorLabel(entry)} ${describeDecision(entry)}`;
}

export type DecisionTone = 'item' | 'move' | 'lane' | 'snapshot' | 'override' | 'delete';

export function decisionTone(action: DecisionAction): DecisionTone {
  if (action === 'item.moved' || action === 'item.reranked') return 'move';
  if (action === 'item.deleted' || action === 'lane.removed') return 'delete';
  if (action === 'lane.limit-overridden') return 'override';
  if (action.startsWith('snapshot.')) return 'snapshot';
  if (action.startsWith('lane.')) return 'lane';
  return 'item';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "4 min ago", "3 h ago", "yesterday", "5 days ago", then the date. */
export function relativeTime(at: number, now: number): string {
  const age = Math.max(0, now - at);
  if (age < 45_000) return 'just now';
  if (age < HOUR) return `${Math.max(1, Math.round(age / MINUTE))} min ago`;
  if (age < DAY) return `${Math.round(age / HOUR)} h ago`;
  if (age < 2 * DAY) return 'yesterday';
  if (age < 7 * DAY) return `${Math.floor(age / DAY)} days ago`;
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: new Date(at).getFullYear() === new Date(now).getFullYear() ? undefined : 'numeric' });
}

export function absoluteTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What the feed is narrowed to: one person, one item, or both. */
export interface DecisionFilter {
  readonly actor?: string | undefined;
  readonly itemId?: string | undefined;
}

export function matchesFilter(entry: DecisionEntry, filter: DecisionFilter): boolean {
  if (filter.actor !== undefined && entry.actor.name !== filter.actor) return false;
  if (filter.itemId !== undefined && entry.item?.id !== filter.itemId) return false;
  return true;
}

/** One entry per seq, oldest first. */
export function mergeEntries(...lists: ReadonlyArray<readonly DecisionEntry[]>): DecisionEntry[] {
  const bySeq = new Map<number, DecisionEntry>();
  for (const list of lists) for (const entry of list) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * The feed's entries, newest first: what the server returned for this filter plus every live
 * entry that matches it. Live entries older than the oldest loaded page are left out, so the
 * list has no holes (they come back with "Load older").
 */
export function feedEntries(pages: readonly DecisionEntry[], live: readonly DecisionEntry[], filter: DecisionFilter, complete: boolean): DecisionEntry[] {
  const oldestLoaded = pages[0]?.seq;
  const matching = live.filter((entry) => matchesFilter(entry, filter) && (complete || oldestLoaded === undefined || entry.seq >= oldestLoaded));
  return mergeEntries(pages.filter((entry) => matchesFilter(entry, filter)), matching).reverse();
}

/** The people who appear in the log, most recent first, each once. */
export function actorsOf(entries: readonly DecisionEntry[], extra: readonly string[] = []): string[] {
  const seen = new Set<string>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const name = entries[i]?.actor.name;
    if (name) seen.add(name);
  }
  for (const name of extra) seen.add(name);
  return [...seen];
}
