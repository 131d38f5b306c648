import { z } from 'zod';
import { IMPORT_FIELD_IDS, IMPORT_FORMATS, type ImportField } from './importFormats.ts';

const fieldId = z.enum(IMPORT_FIELD_IDS as [ImportField, ...ImportField[]]);
const line = z.number().int().positive().describe('The line of the file the row starts on (1 = the header line).');

/** The options with every default filled in, as the preview reports them (send them back to import). */
export const resolvedImportOptionsSchema = z.object({
  format: z.enum(IMPORT_FORMATS),
  columns: z.partialRecord(fieldId, z.string().array()),
  laneColumn: z.string().nullable(),
  lanes: z.record(z.string(), z.string()).describe('Lane id (or "skip") per value of the lane column; "" is an empty cell.'),
  skipDone: z.boolean(),
});

export const skippedRowSchema = z.object({ line, key: z.string().optional(), reason: z.string() });
export const rowNoteSchema = z.object({ line, key: z.string().optional(), message: z.string() });

/** What an import would do: the server's answer to a preview (nothing is written). */
export const importPreviewSchema = z.object({
  fileName: z.string(),
  format: z.enum(IMPORT_FORMATS),
  formatLabel: z.string().describe('e.g. "Jira (team-managed)"'),
  rows: z.number().int().nonnegative(),
  options: resolvedImportOptionsSchema,
  columns: z.object({ name: z.string(), used: z.boolean() }).array().describe('Every column of the file, once; unused ones are ignored.'),
  fields: z.object({ field: fieldId, label: z.string(), many: z.boolean() }).array(),
  lanes: z.object({ id: z.string(), name: z.string() }).array(),
  laneValues: z.object({ value: z.string(), count: z.number().int(), lane: z.string() }).array(),
  counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), skip: z.number().int() }),
  create: z.object({ line, key: z.string().optional(), title: z.string(), lane: z.string() }).array().describe('At most 500 entries; `counts` is complete.'),
  update: z.object({ line, key: z.string().optional(), title: z.string(), itemId: z.string(), changes: z.string().array() }).array(),
  skipped: skippedRowSchema.array(),
  notes: rowNoteSchema.array().describe('Values that were adjusted (shortened, not a number, not a date …).'),
  peopleAdded: z.string().array().describe('Owners that will be added under People.'),
  encodingNote: z.string().optional(),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;
export type ResolvedImportOptions = z.infer<typeof resolvedImportOptionsSchema>;
export type SkippedRow = z.infer<typeof skippedRowSchema>;
export type RowNote = z.infer<typeof rowNoteSchema>;

/** The answer to an import. */
export const importResultSchema = z.object({
  imported: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    skip: z.number().int(),
    peopleAdded: z.string().array(),
    written: z.boolean().describe('False when there was nothing to change: no decision entry either.'),
  }),
  format: z.enum(IMPORT_FORMATS),
  formatLabel: z.string(),
  skipped: skippedRowSchema.array(),
  notes: rowNoteSchema.array(),
});
