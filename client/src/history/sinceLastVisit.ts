import { describeDecision, type DecisionEntry } from '@lanewise/shared';

/** What changed on a board since this browser last saw it, grouped by item. */
export interface ItemChanges {
  readonly itemId: string;
  /** The item's title in the newest entry that names it. */
  readonly title: string;
  /** "moved P1 → P0 by Dana", "re-ranked by Lee" … in order. */
  readonly changes: readonly string[];
  /** The reasons given, newest last. */
  readonly reasons: readonly string[];
  readonly deleted: boolean;
}

export interface VisitSummary {
  readonly items: readonly ItemChanges[];
  /** Lane and snapshot changes, one sentence each ("Lee renamed lane P3 to Later"). */
  readonly board: readonly string[];
  readonly people: readonly string[];
  readonly count: number;
  readonly fromSeq: number;
  readonly toSeq: number;
}

/** A short phrase for one item entry, without the title and without the actor. */
export function itemPhrase(entry: DecisionEntry): string {
  const details = (entry.details ?? {}) as Record<string, unknown>;
  switch (entry.action) {
    case 'item.created':
      return `added to ${entry.to?.laneName ?? 'the board'}`;
    case 'item.deleted':
      return `deleted from ${entry.from?.laneName ?? 'the board'}`;
    case 'item.moved':
      return `moved ${entry.from?.laneName ?? '?'} → ${entry.to?.laneName ?? '?'}`;
    case 'item.reranked':
      return `re-ranked #${entry.from?.position ?? '?'} → #${entry.to?.position ?? '?'} in ${entry.to?.laneName ?? '?'}`;
    case 'item.estimated':
      return `estimated ${String(details.after ?? 'none')} (was ${String(details.before ?? 'none')})`;
    case 'lane.limit-overridden':
      return `went over the limit of ${String(details.laneName ?? entry.to?.laneName ?? '?')}`;
    default:
      return describeDecision(entry);
  }
}

interface Run {
  phrase: string;
  actor: string;
  action: string;
  times: number;
  from?: string | undefined;
  to?: string | undefined;
}

/** Successive moves (or re-ranks) by one person fold into one phrase: "moved P1 → P0 by Dana", not every hop. */
function fold(runs: Run[], entry: DecisionEntry): void {
  const last = runs.at(-1);
  const actor = entry.actor.name;
  if (last && last.actor === actor && last.action === entry.action) {
    if (entry.action === 'item.moved') {
      const via = last.to;
      last.to = entry.to?.laneName;
      last.phrase = last.from === last.to ? `moved to ${via ?? '?'} and back` : `moved ${last.from ?? '?'} → ${last.to ?? '?'}`;
      return;
    }
    if (entry.action === 'item.reranked') {
      last.times++;
      last.phrase = `re-ranked ${last.times}× in ${entry.to?.laneName ?? '?'}`;
      return;
    }
  }
  runs.push({ phrase: itemPhrase(entry), actor, action: entry.action, times: 1, from: entry.from?.laneName, to: entry.to?.laneName });
}

/**
 * Snapshots the server keeps on its own (session end, autosave) and the one a restore saves first
 * are bookkeeping, not changes: the summary leaves them out (the restore itself is listed).
 */
export function isAutomaticSnapshot(entry: DecisionEntry): boolean {
  return entry.action === 'snapshot.taken' && (entry.details as { kind?: unknown } | undefined)?.kind !== 'manual';
}

/**
 * Groups the entries after `sinceSeq` by item (in the order items first changed) plus board-level
 * sentences. Entries for which `isOwn` is true are the reader's own changes — not news to them.
 */
export function summarizeSince(entries: readonly DecisionEntry[], sinceSeq: number, isOwn: (entry: DecisionEntry) => boolean = () => false): VisitSummary {
  const fresh = entries.filter((entry) => entry.seq > sinceSeq && !isAutomaticSnapshot(entry) && !isOwn(entry)).sort((a, b) => a.seq - b.seq);
  const groups = new Map<string, { title: string; runs: Run[]; reasons: string[]; deleted: boolean }>();
  const board: string[] = [];
  const people = new Set<string>();
  for (const entry of fresh) {
    people.add(entry.actor.name);
    if (!entry.item) {
      board.push(`${entry.actor.name} ${describeDecision(entry)}`);
      continue;
    }
    let group = groups.get(entry.item.id);
    if (!group) {
      group = { title: entry.item.title, runs: [], reasons: [], deleted: false };
      groups.set(entry.item.id, group);
    }
    group.title = entry.item.title;
    if (entry.action === 'item.deleted') group.deleted = true;
    if (entry.action === 'item.created') group.deleted = false;
    if (entry.rationale) group.reasons.push(entry.rationale);
    fold(group.runs, entry);
  }
  const items = [...groups.entries()].map(([itemId, group]) => ({
    itemId,
    title: group.title,
    changes: group.runs.map((run) => `${run.phrase} by ${run.actor}`),
    reasons: group.reasons,
    deleted: group.deleted,
  }));
  return { items, board, people: [...people], count: fresh.length, fromSeq: sinceSeq, toSeq: Math.max(sinceSeq, ...entries.map((entry) => entry.seq)) };
}

/** "SSO: moved P1 → P0 by Dana; re-ranked by Lee". */
export function itemLine(changes: ItemChanges): string {
  return `${changes.title}: ${changes.changes.join('; ')}`;
}

const key = (boardId: string) => `lanewise:last-seen:${boardId}`;

/** The last decision seq this browser showed for a board, or null on a first visit. */
export function loadLastSeen(boardId: string): number | null {
  try {
    const raw = window.localStorage.getItem(key(boardId));
    const value = raw === null ? Number.NaN : Number(raw);
    return Number.isInteger(value) && value >= 0 ? value : null;
  } catch {
    return null;
  }
}

export function saveLastSeen(boardId: string, seq: number): void {
  try {
    const current = loadLastSeen(boardId);
    if (current === null || seq > current) window.localStorage.setItem(key(boardId), String(seq));
  } catch {
    // Storage unavailable: the next visit shows no summary.
  }
}
