import { isActionsLane, retroTopics, type Item } from '@lanewise/shared';
import { csvCell } from '../decisions/exportDecisions.ts';
import type { RetroRecord } from '../room/commands/BoardCommand.ts';

/** Topics shown in the Markdown summary (the rest are in the CSV). */
export const SUMMARY_TOPICS = 10;

const mdText = (text: string) => text.replace(/([\\`*_[\]<>#|])/g, '\\$1').replace(/\s+/g, ' ').trim();

function actionsOf(record: RetroRecord): Item[] {
  const actionLanes = new Set(record.lanes.filter((lane) => !lane.deleted && isActionsLane(lane)).map((lane) => lane.id));
  return record.items.filter((item) => actionLanes.has(item.laneId));
}

function topicsOf(record: RetroRecord) {
  const actionLanes = new Set(record.lanes.filter(isActionsLane).map((lane) => lane.id));
  return retroTopics(record.items, actionLanes);
}

/**
 * The retro as Markdown: the top topics with their votes and notes, then the actions with their
 * owners, due dates and the initiatives they became (`origin` makes the links absolute).
 */
export function retroToMarkdown(record: RetroRecord, origin: string): string {
  const lines = [`# ${mdText(record.meta.title)}`, '', `Retro of ${new Date(record.meta.createdAt).toISOString().slice(0, 10)} · phase: ${record.meta.retroPhase ?? 'reflect'}`, ''];
  const topics = topicsOf(record).slice(0, SUMMARY_TOPICS);
  lines.push('## Top topics', '');
  if (topics.length === 0) lines.push('No cards yet.', '');
  topics.forEach((topic, index) => {
    lines.push(`${index + 1}. **${mdText(topic.title)}** — ${topic.votes} vote${topic.votes === 1 ? '' : 's'}`);
    if (topic.isGroup) for (const card of topic.cards) lines.push(`   - ${mdText(card.title)}`);
    for (const note of record.notes[topic.id] ?? []) lines.push(`   - Note (${mdText(note.author)}): ${mdText(note.text)}`);
  });
  lines.push('', '## Actions', '');
  const actions = actionsOf(record);
  if (actions.length === 0) lines.push('No actions.');
  for (const action of actions) {
    const owner = action.owner ? mdText(action.owner) : 'no owner';
    const due = action.due ? `, due ${action.due}` : '';
    const link = action.link ? ` → [${mdText(action.link.boardTitle)}](${origin}/b/${encodeURIComponent(action.link.boardId)})` : '';
    lines.push(`- [ ] ${mdText(action.title)} — ${owner}${due}${link}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every card and action as one CSV row (spreadsheet formulas defused). */
export function retroToCsv(record: RetroRecord): string {
  const laneName = new Map(record.lanes.map((lane) => [lane.id, lane.name]));
  const topicOf = new Map<string, string>();
  for (const topic of topicsOf(record)) for (const card of topic.cards) topicOf.set(card.id, topic.title);
  const actions = new Set(actionsOf(record).map((item) => item.id));
  const header = ['type', 'column', 'title', 'topic', 'votes', 'perspective', 'notes', 'owner', 'due', 'planning_board', 'initiative_id'];
  const rows = record.items.map((item) => [
    actions.has(item.id) ? 'action' : 'card',
    laneName.get(item.laneId),
    item.title,
    topicOf.get(item.id),
    item.votes,
    item.perspective,
    (record.notes[item.id] ?? []).map((note) => `${note.author}: ${note.text}`).join(' | '),
    actions.has(item.id) ? item.owner : '',
    item.due,
    item.link?.boardTitle,
    item.link?.itemId,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
