import { describeDecision } from '@lanewise/shared';
import type { ChainVerification } from './ChainVerifier.ts';
import type { DecisionEntry } from './DecisionEntry.ts';

export { describeDecision };

const actorLabel = (entry: DecisionEntry) => `${entry.actor.name}${entry.actor.verified ? '' : ' (unverified)'}`;

/** A cell that a spreadsheet will not run as a formula. */
function csvCell(value: unknown): string {
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

/** Escapes text so Markdown renders it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (char) => `\\${char}`).replace(/\r?\n/g, ' ');
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

/** A decision record to paste into meeting notes: grouped by day, one line per decision. */
export function decisionsToMarkdown(boardTitle: string, entries: readonly DecisionEntry[], check: ChainVerification): string {
  const lines = [`# Decision record — ${escapeMarkdown(boardTitle)}`, ''];
  const first = entries[0];
  const last = entries.at(-1);
  if (first && last) lines.push(`Entries ${first.seq}–${last.seq}, exported ${utc(Date.now())}.`, '', ...integrityLines(check), '');
  else lines.push('No decisions recorded yet.', '');
  let day = '';
  for (const entry of entries) {
    const iso = new Date(entry.at).toISOString();
    if (iso.slice(0, 10) !== day) {
      day = iso.slice(0, 10);
      lines.push(`## ${day}`, '');
    }
    const reason = entry.rationale ? ` — Reason: ${escapeMarkdown(entry.rationale)}` : '';
    lines.push(`- ${iso.slice(11, 16)} UTC · **${escapeMarkdown(actorLabel(entry))}** ${escapeMarkdown(describeDecision(entry))}${reason}`);
  }
  return `${lines.join('\n')}\n`;
}
