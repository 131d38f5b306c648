import { z } from 'zod';
import { IMPORT_FIELD_IDS, IMPORT_FORMATS, type ImportField } from './importFormats.ts';

const columnName = z.string().trim().min(1).max(200);

/**
 * What the user confirmed in the preview. Every part is optional: what is left out takes the
 * default for the detected format. The preview answers with the complete options, so a client
 * can show them, let the user edit them and send them back as they are.
 */
export const importOptionsSchema = z
  .object({
    /** Read the file as this export even if its header line says otherwise. */
    format: z.enum(IMPORT_FORMATS).optional(),
    /** For each field, the columns that fill it (by header name; a repeated header means all its columns). */
    columns: z.partialRecord(z.enum(IMPORT_FIELD_IDS as [ImportField, ...ImportField[]]), columnName.array().max(10)).optional(),
    /** The column whose values choose the lane; null puts every row into the first mapped lane. */
    laneColumn: columnName.nullable().optional(),
    /** Lane per value of the lane column (`""` for an empty cell): a lane id, or "skip". */
    lanes: z.record(z.string().max(200), z.string().min(1).max(64)).optional(),
    /** Leave out issues whose status is done, closed, resolved or cancelled (default: yes). */
    skipDone: z.boolean().optional(),
  })
  .strict();
export type ImportOptions = z.infer<typeof importOptionsSchema>;
