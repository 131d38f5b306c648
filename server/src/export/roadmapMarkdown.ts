import { escapeMarkdown } from '../decisions/exportDecisions.ts';
import type { Roadmap, RoadmapItem, RoadmapLane } from './roadmapRows.ts';

const score = (value: number | null) => (value === null ? '—' : value >= 100 ? value.toFixed(0) : value.toFixed(1));
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

function laneHeading(lane: RoadmapLane, unit: string): string {
  const count = lane.itemLimit === null ? `${lane.items.length} item${lane.items.length === 1 ? '' : 's'}` : `${lane.items.length} of ${lane.itemLimit} items`;
  const effort = lane.capacity === null ? `${lane.effort} ${unit}` : `${lane.effort} / ${lane.capacity} ${unit}`;
  return `## ${escapeMarkdown(lane.name)} — ${count} · ${effort}`;
}

function itemLines(entry: RoadmapItem, unit: string): string[] {
  const { item } = entry;
  const facts = [
    item.owner ? escapeMarkdown(item.owner) : 'no owner',
    item.estimate === null ? 'not estimated' : `${item.estimate} ${unit}`,
    `value ${score(entry.value)}`,
    `health ${score(entry.health)}`,
  ];
  if (entry.source) facts.push(entry.source.url ? `[${escapeMarkdown(entry.source.key)}](${entry.source.url.replace(/[()\s]/g, encodeURIComponent)})` : escapeMarkdown(entry.source.key));
  const lines = [`${entry.position}. **${escapeMarkdown(item.title)}** — ${facts.join(' · ')}`];
  if (entry.reason) lines.push(`   *Why here:* ${escapeMarkdown(entry.reason.text)} (${escapeMarkdown(entry.reason.by)}, ${day(entry.reason.at)})`);
  // The description's own Markdown, indented into the list item it belongs to.
  if (entry.descriptionMarkdown) lines.push('', ...entry.descriptionMarkdown.split('\n').map((line) => (line === '' ? '' : `   ${line}`)));
  return lines;
}

/**
 * A roadmap to paste into a document or a wiki: lanes as sections, initiatives in rank order with
 * owner, estimate, value and health scores, the issue key, and the reason for their position.
 */
export function roadmapToMarkdown(roadmap: Roadmap, exportedAt = Date.now()): string {
  const { meta } = roadmap;
  const unit = meta.estimateUnit === 'person-weeks' ? 'person-weeks' : 'points';
  const total = roadmap.lanes.reduce((sum, lane) => sum + lane.items.length, 0);
  const facts = [`exported ${new Date(exportedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`];
  if (meta.planningPeriod) facts.push(`planning period ${escapeMarkdown(meta.planningPeriod)}`);
  facts.push(`${total} initiative${total === 1 ? '' : 's'} in ${roadmap.lanes.length} lane${roadmap.lanes.length === 1 ? '' : 's'}`, `estimates in ${unit}`);
  const lines = [`# ${escapeMarkdown(meta.title)}`, '', `Roadmap ${facts.join(' · ')}.`, '', `Value = reach × impact × confidence ÷ effort (RICE); health = technical-health gain × (4 − risk) ÷ effort; — where an input is missing.`];
  for (const lane of roadmap.lanes) {
    lines.push('', laneHeading(lane, unit), '');
    if (lane.items.length === 0) lines.push('*No initiatives.*');
    for (const entry of lane.items) lines.push(...itemLines(entry, unit));
  }
  return `${lines.join('\n')}\n`;
}
