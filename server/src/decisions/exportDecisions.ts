import { describeDecision, type BoardView, type LaneView } from '@lanewise/shared';
import type { ChainVerification } from './ChainVerifier.ts';
import type { DecisionEntry } from './DecisionEntry.ts';

export { describeDecision };

const actorLabel = (entry: DecisionEntry) => `${entry.actor.name}${entry.actor.verified ? '' : ' (unverified)'}`;

/** A cell that a spreadsheet will not run as a formula. */
export function csvCell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function decisionsToCsv(entries: readonly DecisionEntry[]): string {
  const header = ['seq', 'time', 'actor', 'verified', 'action', 'item_id', 'item_title', 'from_lane', 'from_position', 'to_lane', 'to_position', 'rationale', 'summary'];
  const rows = entries.map((entry) => [
    entry.seq,
    new Date(entry.at).toISOString(),
    entry.actor.name,
    entry.actor.verified,
    entry.action,
    entry.item?.id,
    entry.item?.title,
    entry.from?.laneName,
    entry.from?.position,
    entry.to?.laneName,
    entry.to?.position,
    entry.rationale,
    describeDecision(entry),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Makes user text safe inside a Markdown line while keeping it readable: only characters that
 * would change the structure are escaped — emphasis (`*`, `_` at a word edge, `~`), code (`` ` ``),
 * links and images (`[`, `]`), HTML and autolinks (`<`), entities (`&name;`) and the backslash.
 * Parentheses, `#`, `+`, `!`, `|` and `-` mid-line render as themselves, so "Priya (PM)" and
 * "P1 #5" stay as written. Line breaks become spaces (one entry, one line).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*~[\]<]/g, (char) => `\\${char}`)
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/_/g, (char, offset: number, whole: string) => {
      // An underscore inside a word (snake_case) never starts emphasis; at a word edge it can.
      const before = whole[offset - 1] ?? '';
      const after = whole[offset + 1] ?? '';
      return /[\p{L}\p{N}]/u.test(before) && /[\p{L}\p{N}]/u.test(after) ? char : `\\${char}`;
    });
}

/** Like escapeMarkdown, for text that starts a block (a list item's content, a heading's text). */
export function escapeMarkdownBlockStart(text: string): string {
  const escaped = escapeMarkdown(text);
  const ordered = /^(\d{1,9})([.)])(\s|$)/.exec(escaped);
  if (ordered) return `${ordered[1]}\\${escaped.slice((ordered[1] ?? '').length)}`;
  return /^(#{1,6}(\s|$)|>|[-+=](\s|$))/.test(escaped) ? `\\${escaped}` : escaped;
}

/** A lane's count and effort against its limit and capacity: "4 of 3 items, 39 of 21 pts". */
function laneBudget(lane: LaneView, unit: string): string {
  const effort = lane.items.reduce((sum, item) => sum + (item.estimate ?? 0), 0);
  const count = `${lane.items.length}${lane.itemLimit === null ? '' : ` of ${lane.itemLimit}`} ${lane.items.length === 1 && lane.itemLimit === null ? 'item' : 'items'}`;
  const capacity = lane.capacity === null ? `${formatNumber(effort)} ${unit}` : `${formatNumber(effort)} of ${formatNumber(lane.capacity)} ${unit}`;
  return `${count}, ${capacity}`;
}

const formatNumber = (value: number) => (Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10));

/** The plan as it stands: each lane in order with its initiatives in rank order. */
export function finalPlanMarkdown(board: BoardView): string[] {
  const unit = board.meta.estimateUnit === 'person-weeks' ? 'pw' : 'pts';
  const lines: string[] = [];
  for (const lane of board.lanes) {
    lines.push(`### ${escapeMarkdownBlockStart(lane.name)} — ${laneBudget(lane, unit)}`, '');
    if (lane.items.length === 0) lines.push('_No initiatives._', '');
    else {
      lane.items.forEach((item, index) => {
        const facts = [item.owner ? escapeMarkdown(item.owner) : 'no owner', item.estimate === null ? 'not estimated' : `${formatNumber(item.estimate)} ${unit}`];
        if (item.kind === 'tech-health') facts.push('tech health');
        lines.push(`${index + 1}. ${escapeMarkdownBlockStart(item.title)} — ${facts.join(' · ')}`);
      });
      lines.push('');
    }
  }
  return lines;
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** What the record says about its own integrity: the chain check, and the signed anchor to keep. */
function integrityLines(check: ChainVerification): string[] {
  const verdict = check.ok ? 'intact' : `BROKEN at entry ${check.brokenAt} — ${escapeMarkdown(check.problem)}`;
  const lines = [`Integrity check: ${verdict}.`];
  const anchor = check.anchor;
  if (anchor) {
    lines.push(
      '',
      `Signed anchor: entry ${anchor.seq}, signed ${utc(anchor.signedAt)} (${anchor.reason}).`,
      `Hash of entry ${anchor.seq}: \`${anchor.hash}\``,
      `Server signature (HMAC-SHA256): \`${anchor.mac}\``,
      `Keep these lines: as long as the log is unaltered, entry ${anchor.seq} in the board's decision log carries this hash, and the server accepts this signature for it.`,
    );
  }
  return lines;
}

/**
 * A decision record to paste into meeting notes: the integrity check and signed anchor, the plan
 * at export time (lanes with their initiatives in order), then the decisions grouped by day.
 */
export function decisionsToMarkdown(boardTitle: string, entries: readonly DecisionEntry[], check: ChainVerification, board?: BoardView, exportedAt = Date.now()): string {
  const stamp = utc(exportedAt);
  const lines = [`# Decision record — ${escapeMarkdown(boardTitle)}`, ''];
  const first = entries[0];
  const last = entries.at(-1);
  if (first && last) lines.push(`Entries ${first.seq}–${last.seq}, exported ${stamp}.`, '', ...integrityLines(check), '');
  else lines.push(`No decisions recorded yet. Exported ${stamp}.`, '');
  if (board) {
    const period = board.meta.planningPeriod ? ` for ${escapeMarkdown(board.meta.planningPeriod)}` : '';
    lines.push(`## Final plan${period} (as of ${stamp})`, '', ...finalPlanMarkdown(board));
  }
  if (entries.length > 0) lines.push('## Decisions', '');
  let day = '';
  for (const entry of entries) {
    const iso = new Date(entry.at).toISOString();
    if (iso.slice(0, 10) !== day) {
      day = iso.slice(0, 10);
      lines.push(`### ${day}`, '');
    }
    const reason = entry.rationale ? ` — Reason: ${escapeMarkdown(entry.rationale)}` : '';
    lines.push(`- ${iso.slice(11, 16)} UTC · **${escapeMarkdown(actorLabel(entry))}** ${escapeMarkdown(describeDecision(entry))}${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
