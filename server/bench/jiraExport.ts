/** A seeded, realistic Jira CSV export of any size, for the import benchmark. */
import { stringify } from 'csv-stringify/sync';
import * as prng from 'lib0/prng';

const WORDS = ['checkout', 'billing', 'SSO', 'audit log', 'search', 'onboarding', 'mobile', 'offline sync', 'webhooks', 'rate limits', 'reports', 'dashboards', 'exports', 'permissions', 'notifications', 'pricing', 'invoices', 'API keys', 'data retention', 'dark mode'];
const VERBS = ['Improve', 'Rebuild', 'Add', 'Speed up', 'Fix', 'Migrate', 'Simplify', 'Harden', 'Redesign', 'Instrument'];
const PEOPLE = ['Priya Raman', 'Marco Rossi', 'Zoë Fischer', 'Sam Okafor', 'Ana Lima', 'Dana Kim', 'Lee Chen', 'Fatima Zahra', 'Jonas Berg', 'Mei Tanaka', 'Olu Adeyemi', ''];
const PRIORITIES = ['Highest', 'High', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Lowest', ''];
const STATUSES = ['To Do', 'To Do', 'In Progress', 'Backlog', 'Selected for Development', 'Done'];
const TYPES = ['Story', 'Story', 'Task', 'Bug', 'Epic', 'Spike'];
const LABELS = ['enterprise', 'security', 'tech-debt', 'performance', 'growth', 'payments', 'mobile', 'api', 'ux', 'compliance'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A company-managed "Export CSV (all fields)" file: BOM, CRLF, repeated headers, multi-line descriptions. */
export function jiraExport(rows: number, seed = 15): string {
  const gen = prng.create(seed);
  const header = ['Summary', 'Issue key', 'Issue id', 'Issue Type', 'Status', 'Project key', 'Priority', 'Assignee', 'Reporter', 'Created', 'Updated', 'Components', 'Components', 'Labels', 'Labels', 'Labels', 'Description', 'Watchers', 'Watchers', 'Sprint', 'Sprint', 'Custom field (Story Points)', 'Custom field (Epic Link)'];
  const body: string[][] = [];
  for (let i = 1; i <= rows; i++) {
    const topic = prng.oneOf(gen, WORDS);
    const date = () => `${String(prng.int32(gen, 1, 28)).padStart(2, '0')}/${prng.oneOf(gen, MONTHS)}/25 ${prng.int32(gen, 1, 12)}:${String(prng.int32(gen, 0, 59)).padStart(2, '0')} ${prng.bool(gen) ? 'AM' : 'PM'}`;
    const labels = Array.from({ length: 3 }, () => (prng.int32(gen, 0, 2) === 0 ? '' : prng.oneOf(gen, LABELS)));
    const paragraphs = Array.from({ length: prng.int32(gen, 1, 4) }, () => `As a customer I want ${topic} to work the way the ${prng.oneOf(gen, WORDS)} team described, so that "${prng.oneOf(gen, WORDS)}" stops costing us renewals, tickets and time.`);
    body.push([
      `${prng.oneOf(gen, VERBS)} ${topic} (${i})`,
      `BIG-${i}`,
      String(10_000 + i),
      prng.oneOf(gen, TYPES),
      prng.oneOf(gen, STATUSES),
      'BIG',
      prng.oneOf(gen, PRIORITIES),
      prng.oneOf(gen, PEOPLE),
      prng.oneOf(gen, PEOPLE) || 'Dana Kim',
      date(),
      date(),
      prng.oneOf(gen, WORDS),
      '',
      ...labels,
      `${paragraphs.join('\r\n\r\n')}\r\n\r\n*Acceptance criteria*\r\n# works on mobile\r\n# measured in the dashboard`,
      prng.oneOf(gen, PEOPLE),
      '',
      `Sprint ${prng.int32(gen, 40, 48)}`,
      '',
      String(prng.oneOf(gen, [1, 2, 3, 5, 8, 13])),
      i > 20 && prng.int32(gen, 0, 3) === 0 ? `BIG-${prng.int32(gen, 1, 20)}` : '',
    ]);
  }
  return stringify([header, ...body], { bom: true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}
