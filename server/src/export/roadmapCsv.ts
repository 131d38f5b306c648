import { stringify } from 'csv-stringify/sync';
import { LANEWISE_CSV_COLUMNS } from '../import/importFormats.ts';
import type { Roadmap } from './roadmapRows.ts';

const rounded = (value: number | null) => (value === null ? '' : Math.round(value * 100) / 100);
const number = (value: number | null) => (value === null ? '' : value);

/**
 * The roadmap as a CSV that opens in a spreadsheet (UTF-8 with a byte-order mark, CRLF, cells that
 * a spreadsheet would run as formulas protected with a leading ') and imports back into Lanewise:
 * `Lanewise ID` and `Source`/`Source key` let a re-import update the same initiatives.
 */
export function roadmapToCsv(roadmap: Roadmap): string {
  const rows = roadmap.lanes.flatMap((lane) =>
    lane.items.map(({ position, item, description, value, health, reason, source }) => [
      lane.name,
      position,
      item.title,
      description,
      item.owner,
      number(item.estimate),
      item.kind,
      item.tags.join(', '),
      number(item.reach),
      number(item.impact),
      number(item.confidence),
      number(item.techHealth),
      number(item.risk),
      rounded(value),
      rounded(health),
      reason?.text ?? '',
      source?.system ?? '',
      source?.key ?? '',
      source?.url ?? '',
      item.id,
    ]),
  );
  return stringify([[...LANEWISE_CSV_COLUMNS], ...rows], { bom: true, record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ });
}
