import { columnsNamed, type CsvTable } from './csvTable.ts';

/** The exports Lanewise reads. Each is also the `system` of the items it creates (re-import matching). */
export const IMPORT_FORMATS = ['jira', 'linear', 'lanewise'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** What a column can fill. `many`: every mapped cell counts (tags), otherwise the first non-empty one. */
export const IMPORT_FIELDS = {
  title: { label: 'Title' },
  key: { label: 'Issue key' },
  description: { label: 'Description' },
  estimate: { label: 'Estimate' },
  owner: { label: 'Owner' },
  tags: { label: 'Tags', many: true },
  kind: { label: 'Kind' },
  group: { label: 'Epic / parent / project (as a tag)' },
  status: { label: 'Status (to skip done issues)' },
  createdAt: { label: 'Created' },
  url: { label: 'Link' },
  reach: { label: 'Reach' },
  impact: { label: 'Impact' },
  confidence: { label: 'Confidence' },
  techHealth: { label: 'Tech health' },
  risk: { label: 'Risk' },
  sourceSystem: { label: 'Source' },
  sourceKey: { label: 'Source key' },
  sourceUrl: { label: 'Source URL' },
} as const satisfies Record<string, { label: string; many?: boolean }>;
export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_IDS = Object.keys(IMPORT_FIELDS) as ImportField[];

/** The columns of Lanewise's own roadmap CSV, in order (server/src/export/roadmapCsv.ts writes them). */
export const LANEWISE_CSV_COLUMNS = [
  'Lane',
  'Position',
  'Title',
  'Description',
  'Owner',
  'Estimate',
  'Kind',
  'Tags',
  'Reach',
  'Impact',
  'Confidence',
  'Tech health',
  'Risk',
  'Value score',
  'Health score',
  'Latest reason',
  'Source',
  'Source key',
  'Source URL',
  'Lanewise ID',
] as const;

interface FormatDefaults {
  readonly label: string;
  /** Candidate columns per field, first present first. */
  readonly columns: Partial<Record<ImportField, readonly string[]>>;
  /** The column whose values pick the lane. */
  readonly laneColumn: string;
  readonly exportHint: string;
}

const JIRA_ESTIMATES = ['Custom field (Story Points)', 'Custom field (Story point estimate)'];

export const FORMAT_DEFAULTS: Readonly<Record<ImportFormat, FormatDefaults>> = {
  jira: {
    label: 'Jira',
    columns: {
      title: ['Summary'],
      key: ['Issue key'],
      description: ['Description'],
      estimate: JIRA_ESTIMATES,
      owner: ['Assignee'],
      tags: ['Labels'],
      kind: ['Issue Type'],
      group: ['Custom field (Epic Link)', 'Parent key', 'Parent', 'Parent summary'],
      status: ['Status'],
      createdAt: ['Created'],
      url: ['Issue URL', 'URL'],
    },
    laneColumn: 'Priority',
    exportHint: 'In Jira, open the issue search, then Export → Export CSV (all fields) or (current fields).',
  },
  linear: {
    label: 'Linear',
    columns: {
      title: ['Title'],
      key: ['ID'],
      description: ['Description'],
      estimate: ['Estimate'],
      owner: ['Assignee'],
      tags: ['Labels'],
      group: ['Project'],
      status: ['Status'],
      createdAt: ['Created'],
      url: ['URL'],
    },
    laneColumn: 'Priority',
    exportHint: 'In Linear, use Settings → Import / Export → Export CSV.',
  },
  lanewise: {
    label: 'Lanewise roadmap CSV',
    columns: {
      title: ['Title'],
      key: ['Lanewise ID'],
      description: ['Description'],
      estimate: ['Estimate'],
      owner: ['Owner'],
      tags: ['Tags'],
      kind: ['Kind'],
      reach: ['Reach'],
      impact: ['Impact'],
      confidence: ['Confidence'],
      techHealth: ['Tech health'],
      risk: ['Risk'],
      sourceSystem: ['Source'],
      sourceKey: ['Source key'],
      sourceUrl: ['Source URL'],
    },
    laneColumn: 'Lane',
    exportHint: 'Export the roadmap from a Lanewise board (Board menu → Export → Roadmap CSV).',
  },
};

export const ANY_EXPORT_HINT = 'Export a CSV from Jira (Export → Export CSV), Linear (Settings → Import / Export) or a Lanewise board, and import that.';

const has = (table: Pick<CsvTable, 'headers'>, name: string) => columnsNamed(table, name).length > 0;

/** Which export a header line comes from, or null. */
export function detectFormat(table: Pick<CsvTable, 'headers'>): ImportFormat | null {
  if (has(table, 'Lanewise ID') && has(table, 'Title') && has(table, 'Lane')) return 'lanewise';
  if (has(table, 'Summary') && (has(table, 'Issue key') || has(table, 'Issue id'))) return 'jira';
  if (has(table, 'ID') && has(table, 'Title')) return 'linear';
  return null;
}

/** "Jira (team-managed)": Jira names its estimate field differently in the two kinds of project. */
export function formatLabel(format: ImportFormat, table: Pick<CsvTable, 'headers'>): string {
  if (format !== 'jira') return FORMAT_DEFAULTS[format].label;
  const company = has(table, JIRA_ESTIMATES[0] as string);
  const team = has(table, JIRA_ESTIMATES[1] as string);
  if (company && team) return 'Jira (company- and team-managed)';
  if (team) return 'Jira (team-managed)';
  if (company) return 'Jira (company-managed)';
  return 'Jira';
}

/** The default mapping: for each field, the candidate columns the file has. */
export function defaultColumns(format: ImportFormat, table: Pick<CsvTable, 'headers'>): Partial<Record<ImportField, string[]>> {
  const columns: Partial<Record<ImportField, string[]>> = {};
  for (const field of IMPORT_FIELD_IDS) {
    const present = (FORMAT_DEFAULTS[format].columns[field] ?? []).filter((name) => has(table, name));
    if (present.length > 0) columns[field] = present;
  }
  return columns;
}
