import { readFileSync } from 'node:fs';
import { applyImport, createBoard, readBoard, serverOrigin } from '@lanewise/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseCsvTable } from './csvTable.ts';
import { ImportError } from './ImportError.ts';
import type { ImportOptions } from './importOptions.ts';
import { importTargetOf } from './importTarget.ts';
import { planImport } from './planImport.ts';
import { readUpload } from './readUpload.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/import/${name}`, import.meta.url)));
const tableOf = (bytes: Uint8Array) => parseCsvTable(readUpload(bytes, '').text, 5000);
const NOW = Date.UTC(2026, 0, 5, 12, 0);

function planningBoard() {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Q3', template: 'planning' });
  return doc;
}

function plan(doc: Y.Doc, name: string, options: ImportOptions = {}, bytes = fixture(name)) {
  return planImport({ table: tableOf(bytes), fileName: name, options, target: importTargetOf(doc), importer: 'Dana', now: NOW });
}

/** The line a row starts on, found the way an editor would: in the raw text. */
function lineOf(name: string, startOfRow: string): number {
  const lines = new TextDecoder().decode(fixture(name)).split(/\r\n|\n/);
  const index = lines.findIndex((line) => line.startsWith(startOfRow));
  if (index === -1) throw new Error(`no row starting with ${startOfRow}`);
  return index + 1;
}

const laneOfTitle = (doc: Y.Doc, title: string) => readBoard(doc)?.lanes.find((lane) => lane.items.some((item) => item.title === title))?.name;

describe('planImport: Jira company-managed ("all fields", BOM, CRLF, repeated headers)', () => {
  const doc = planningBoard();
  const planned = plan(doc, 'jira-company-managed.csv');

  it('detects the format and maps the columns', () => {
    expect(planned.preview.format).toBe('jira');
    expect(planned.preview.formatLabel).toBe('Jira (company-managed)');
    expect(planned.preview.rows).toBe(12);
    expect(planned.preview.options.columns).toMatchObject({ title: ['Summary'], key: ['Issue key'], estimate: ['Custom field (Story Points)'], tags: ['Labels'], group: ['Custom field (Epic Link)'] });
    expect(planned.preview.options.laneColumn).toBe('Priority');
    expect(planned.preview.columns.filter((column) => !column.used).map((column) => column.name)).toContain('Watchers');
  });

  it('skips done issues with the reason and the line they start on', () => {
    expect(planned.preview.counts).toEqual({ create: 11, update: 0, unchanged: 0, skip: 1 });
    expect(planned.preview.skipped).toEqual([{ line: lineOf('jira-company-managed.csv', 'Dark mode'), key: 'PLAT-108', reason: expect.stringMatching(/^status “Done”: done issues are skipped/) }]);
  });

  it('reads repeated labels, the epic link, multi-line descriptions, story points and Jira dates', () => {
    const sso = planned.plan.create.find((item) => item.source?.key === 'PLAT-101');
    expect(sso).toMatchObject({
      title: 'SSO with SAML for enterprise tier',
      owner: 'Priya Raman',
      estimate: 8,
      kind: 'feature',
      tags: ['enterprise', 'security', 'sso', 'PLAT-100'],
      createdAt: Date.UTC(2025, 6, 14, 15, 42),
      source: { system: 'jira', key: 'PLAT-101' },
    });
    expect(sso?.description).toBe('As an admin of an enterprise account I want to sign in with our IdP (Okta, Azure AD) so that offboarding is one click.\n\n*Acceptance criteria*\n# SP-initiated and IdP-initiated login\n# Just-in-time provisioning\n# Works with "Require SSO" turned on');
    const kinds = Object.fromEntries(planned.plan.create.map((item) => [item.source?.key, item.kind]));
    expect(kinds).toMatchObject({ 'PLAT-103': 'bug', 'PLAT-104': 'tech-health', 'PLAT-107': 'research', 'PLAT-100': 'feature' });
    expect(planned.plan.people.sort()).toEqual(['Marco Rossi', 'Priya Raman', 'Sam Okafor', 'Zoë Fischer', 'Ana Lima'].sort());
  });

  it('maps priorities to lanes from the top and lists what lands where', () => {
    expect(planned.preview.laneValues.map(({ value, count, lane }) => [value, count, planned.preview.lanes.find((each) => each.id === lane)?.name])).toEqual([
      ['Highest', 2, 'P0'],
      ['High', 3, 'P1'],
      ['Medium', 4, 'P2'],
      ['Low', 1, 'Later'],
      ['Lowest', 1, 'Later'],
      ['', 1, 'Later'],
    ]);
    expect(planned.preview.create.find((entry) => entry.key === 'PLAT-103')).toEqual({ line: lineOf('jira-company-managed.csv', 'Payment webhook'), key: 'PLAT-103', title: 'Payment webhook retries drop events under load', lane: 'P0' });
  });
});

describe('planImport: Jira team-managed and Linear', () => {
  it('reads the team-managed estimate and resolves Parent (an issue id) to the parent’s key', () => {
    const planned = plan(planningBoard(), 'jira-team-managed.csv');
    expect(planned.preview.formatLabel).toBe('Jira (team-managed)');
    expect(planned.preview.counts).toMatchObject({ create: 5, skip: 1 });
    const queue = planned.plan.create.find((item) => item.source?.key === 'MOB-2');
    expect(queue).toMatchObject({ estimate: 8, tags: ['offline', 'sync', 'MOB-1'] });
    expect(planned.plan.create.find((item) => item.source?.key === 'MOB-5')).toMatchObject({ title: 'Barcode scan to find a part', owner: '', estimate: null });
  });

  it('reads Linear: comma-joined labels, ISO dates, Urgent … No priority', () => {
    const doc = planningBoard();
    const planned = plan(doc, 'linear.csv');
    expect(planned.preview.format).toBe('linear');
    expect(planned.preview.counts).toEqual({ create: 6, update: 0, unchanged: 0, skip: 1 });
    const byKey = Object.fromEntries(planned.plan.create.map((item) => [item.source?.key, item]));
    expect(byKey['ENG-202']).toMatchObject({ kind: 'bug', tags: ['Bug', 'Billing', 'Usage-based billing'], estimate: 2, createdAt: Date.parse('2025-07-03T14:12:45.120Z') });
    expect(byKey['ENG-204']?.kind).toBe('tech-health');
    expect(byKey['ENG-201']?.description).toContain('## Why\nPricing moves to usage in Q4.');
    expect(Object.fromEntries(planned.preview.laneValues.map(({ value, lane }) => [value, planned.preview.lanes.find((each) => each.id === lane)?.name]))).toEqual({
      Urgent: 'P0',
      High: 'P1',
      Medium: 'P2',
      Low: 'Later',
      'No priority': 'Later',
    });
  });
});

describe('planImport: re-import and options', () => {
  it('updates what it created instead of duplicating it; unchanged rows stay unchanged', () => {
    const doc = planningBoard();
    applyImport(doc, plan(doc, 'jira-company-managed.csv').plan, serverOrigin('import'));
    expect(plan(doc, 'jira-company-managed.csv').preview.counts).toEqual({ create: 0, update: 0, unchanged: 11, skip: 1 });

    const edited = new TextDecoder().decode(fixture('jira-company-managed.csv')).replace('SSO with SAML for enterprise tier', 'SSO with SAML and SCIM');
    const again = plan(doc, 'edited.csv', {}, new TextEncoder().encode(edited));
    expect(again.preview.counts).toEqual({ create: 0, update: 1, unchanged: 10, skip: 1 });
    expect(again.preview.update[0]).toMatchObject({ key: 'PLAT-101', title: 'SSO with SAML for enterprise tier', changes: ['title'] });
    applyImport(doc, again.plan, serverOrigin('import'));
    expect(readBoard(doc)?.lanes.flatMap((lane) => lane.items)).toHaveLength(11);
    expect(laneOfTitle(doc, 'SSO with SAML and SCIM')).toBe('P0');
  });

  it('never moves a re-imported item out of the lane it was planned into, and never clears a value with an empty cell', () => {
    const doc = planningBoard();
    applyImport(doc, plan(doc, 'linear.csv').plan, serverOrigin('import'));
    const target = importTargetOf(doc);
    const billing = target.items.find((item) => item.source?.key === 'ENG-201');
    expect(billing?.estimate).toBe(5);
    const withoutEstimate = new TextDecoder().decode(fixture('linear.csv')).replace(',In Progress,5,Urgent,', ',In Progress,,Low,');
    const again = plan(doc, 'linear.csv', {}, new TextEncoder().encode(withoutEstimate));
    expect(again.preview.counts.update).toBe(0);
  });

  it('lets the user pick the lane column, a lane per value and whether done issues count', () => {
    const doc = planningBoard();
    const target = importTargetOf(doc);
    const p1 = target.lanes[1];
    const planned = plan(doc, 'jira-company-managed.csv', { laneColumn: 'Status', lanes: { 'In Progress': p1?.id as string, Backlog: 'skip' }, skipDone: false });
    const byKey = Object.fromEntries(planned.preview.create.map((entry) => [entry.key, entry.lane]));
    expect(byKey['PLAT-103']).toBe('P1'); // In Progress, moved from the default (P0) to P1
    expect(byKey['PLAT-108']).toBeUndefined(); // Done → skipped by the status default even with skipDone off
    expect(planned.preview.skipped.map((entry) => entry.key)).toEqual(['PLAT-104', 'PLAT-108']);
    expect(planned.preview.options.lanes['To Do']).toBe(p1?.id);
  });

  it('refuses options and files it cannot use, naming the problem and the line', () => {
    const doc = planningBoard();
    const refusals: Array<[() => unknown, string, RegExp]> = [
      [() => plan(doc, 'unknown-columns.csv'), 'unknown_format', /^Line 1: the columns \(“Name”, “Owner”, “When”\) are not those of a Jira export/],
      [() => plan(doc, 'jira-company-managed.csv', { columns: { title: ['Headline'] } }), 'unknown_column', /column “Headline” that the file does not have/],
      [() => plan(doc, 'jira-company-managed.csv', { columns: { title: [] } }), 'title_unmapped', /Title/],
      [() => plan(doc, 'jira-company-managed.csv', { lanes: { High: 'no-such-lane' } }), 'unknown_lane', /not on this board/],
      [() => plan(doc, 'x.csv', {}, new TextEncoder().encode('{"format": "lanewise.board"}\n')), 'not_csv', /this is JSON, not CSV/],
    ];
    for (const [run, code, message] of refusals) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ImportError);
      expect((caught as ImportError).code).toBe(code);
      expect((caught as ImportError).message).toMatch(message);
    }
  });

  it('reads a file of unknown columns once the user says what it is and maps them', () => {
    const planned = plan(planningBoard(), 'unknown-columns.csv', { format: 'lanewise', columns: { title: ['Name'], owner: ['Owner'] }, laneColumn: null });
    expect(planned.preview.counts.create).toBe(2);
    expect(planned.plan.create.map((item) => [item.title, item.owner, item.source])).toEqual([
      ['Quarterly review', 'Dana', undefined],
      ['Hiring plan', 'Priya', undefined],
    ]);
  });
});
