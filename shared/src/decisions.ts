import type { ItemPlace, ItemRef } from './diff.ts';

/** Decision-log entries: derived by the server from applied changes, shared with clients as is. */
export const DECISION_ACTIONS = [
  'item.created',
  'item.deleted',
  'item.moved',
  'item.reranked',
  'item.estimated',
  'item.text-edited',
  'lane.added',
  'lane.removed',
  'lane.renamed',
  'lane.limit-changed',
  'lane.capacity-changed',
  'lane.limit-overridden',
  'lane.planning-period-changed',
  'board.limit-mode-changed',
  'board.health-target-changed',
  'snapshot.taken',
  'snapshot.restored',
  'board.imported',
  /** A retro action became an initiative on a planning board (recorded on the retro board). */
  'item.promoted',
] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** Who acted, as the server knows it: from the connection or request, never from the document. */
export interface DecisionActor {
  readonly name: string;
  /** False while the name is only what the client declared. */
  readonly verified: boolean;
  /** The link the action came through, when access control knows it. */
  readonly via?: string;
}

/** A decision before the log gives it a place: what the server derived from one change. */
export interface DecisionDraft {
  readonly at: number;
  readonly actor: DecisionActor;
  readonly action: DecisionAction;
  readonly item?: ItemRef;
  readonly from?: ItemPlace;
  readonly to?: ItemPlace;
  readonly rationale?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface DecisionEntry extends DecisionDraft {
  readonly boardId: string;
  /** 1, 2, 3 … per board, without gaps. */
  readonly seq: number;
  readonly prevHash: string;
  /** sha256 over `prevHash` and the canonical JSON of the entry's content. */
  readonly hash: string;
}

const place = (at: ItemPlace | undefined) => (at ? `${at.laneName} #${at.position}` : '');

/** One plain-text sentence per entry, without the actor ("moved “SSO” from P1 #2 to P0 #1"). */
export function describeDecision(entry: DecisionDraft): string {
  const title = entry.item ? `“${entry.item.title}”` : '';
  const details = (entry.details ?? {}) as Record<string, unknown>;
  switch (entry.action) {
    case 'item.created':
      return `added ${title} to ${place(entry.to)}`;
    case 'item.deleted':
      return `deleted ${title} from ${place(entry.from)}`;
    case 'item.moved': {
      const swap = details.swapWith as { title?: string } | undefined;
      if (typeof details.undoes === 'number') return `undid #${details.undoes}: ${title} back from ${place(entry.from)} to ${place(entry.to)}${swap?.title ? ` (and “${swap.title}”)` : ''}`;
      return `moved ${title} from ${place(entry.from)} to ${place(entry.to)}${swap?.title ? ` (swapped with “${swap.title}”)` : ''}`;
    }
    case 'item.reranked':
      return `re-ranked ${title} in ${entry.to?.laneName ?? ''} from #${entry.from?.position ?? '?'} to #${entry.to?.position ?? '?'}`;
    case 'item.estimated':
      return `estimated ${title} at ${String(details.after ?? 'none')} (was ${String(details.before ?? 'none')})`;
    case 'item.text-edited':
      return details.field === 'title' ? `edited the title of ${title}` : `edited the description of ${title}`;
    case 'lane.added':
      return `added lane ${String(details.laneName)}`;
    case 'lane.removed':
      return `removed lane ${String(details.laneName)}`;
    case 'lane.renamed':
      return `renamed lane ${String(details.before)} to ${String(details.after)}`;
    case 'lane.limit-changed':
      return `set the item limit of ${String(details.laneName)} to ${String(details.after ?? 'none')} (was ${String(details.before ?? 'none')})`;
    case 'lane.capacity-changed':
      return `set the capacity of ${String(details.laneName)} to ${String(details.after ?? 'none')} (was ${String(details.before ?? 'none')})`;
    case 'lane.limit-overridden':
      return `overrode the limit of ${String(details.laneName)} (${String(details.count)} items, limit ${String(details.itemLimit)}) with ${title}`;
    case 'lane.planning-period-changed':
      return details.after ? `counted lane ${String(details.laneName)} in the planning period` : `took lane ${String(details.laneName)} out of the planning period`;
    case 'board.limit-mode-changed':
      return `switched the board to ${String(details.after)} limits (was ${String(details.before)})`;
    case 'board.health-target-changed':
      return `set the tech-health target to ${percent(details.after)} (was ${percent(details.before)})`;
    case 'snapshot.taken':
      return `took snapshot “${String(details.name)}”`;
    case 'snapshot.restored':
      return `restored snapshot “${String(details.name)}”`;
    case 'board.imported':
      return describeImport(details);
    case 'item.promoted':
      return `promoted ${title} to “${String(details.boardTitle ?? 'a planning board')}” (${String(details.laneName ?? '')})`;
  }
}

const percent = (value: unknown) => (typeof value === 'number' ? `${Math.round(value * 100)}%` : 'none');

/** "imported “jira.csv” (Jira, team-managed): 118 created, 2 updated, 3 rows skipped". */
function describeImport(details: Record<string, unknown>): string {
  const count = (key: string) => (typeof details[key] === 'number' ? (details[key] as number) : 0);
  const parts = [`${count('created')} created`, `${count('updated')} updated`];
  if (count('skipped') > 0) parts.push(`${count('skipped')} row${count('skipped') === 1 ? '' : 's'} skipped`);
  // "Jira (team-managed)" reads as "(Jira, team-managed)" inside the sentence's parentheses.
  const label = typeof details.formatLabel === 'string' ? ` (${details.formatLabel.replace(/ \((.+)\)$/, ', $1')})` : '';
  return `imported “${String(details.fileName ?? 'a file')}”${label}: ${parts.join(', ')}`;
}
