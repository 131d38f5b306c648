import { CsvError, parse } from 'csv-parse/sync';
import { ImportError } from './ImportError.ts';

/** One data row: the line it starts on (as an editor shows it) and its cells. */
export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * A parsed CSV file. Headers may repeat (Jira writes `Labels,Labels,Labels`, one per label), so
 * cells are read by position; `columnsNamed` finds every position of a header.
 */
export interface CsvTable {
  readonly headers: readonly string[];
  readonly rows: readonly CsvRow[];
  readonly delimiter: string;
}

export function columnsNamed(table: Pick<CsvTable, 'headers'>, name: string): number[] {
  const wanted = name.trim().toLowerCase();
  const positions: number[] = [];
  table.headers.forEach((header, index) => {
    if (header.trim().toLowerCase() === wanted) positions.push(index);
  });
  return positions;
}

/** The header names, each once, in file order. */
export function distinctHeaders(table: Pick<CsvTable, 'headers'>): string[] {
  const seen = new Map<string, string>();
  for (const header of table.headers) {
    const key = header.trim().toLowerCase();
    if (key !== '' && !seen.has(key)) seen.set(key, header.trim());
  }
  return [...seen.values()];
}

/** Comma, semicolon or tab: whichever splits the header line into the most columns outside quotes. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, Math.min(text.length, 64 * 1024)).split('\n', 1)[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const candidate of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const char of firstLine) {
      if (char === '"') quoted = !quoted;
      else if (char === candidate && !quoted) count++;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function quotingProblem(error: CsvError, startLine: number): ImportError {
  const line = startLine;
  const at = typeof error.lines === 'number' ? error.lines : line;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportError(422, 'broken_quoting', `Line ${line}: a quoted cell that starts in this row is never closed, so the rest of the file cannot be read. Check for a stray " in this row.`, line);
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new ImportError(
        422,
        'broken_quoting',
        `Line ${at}: a quoted cell has text after its closing quote. Inside a quoted cell a quote must be doubled (""); check the row that starts on line ${line}.`,
        at,
      );
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new ImportError(422, 'broken_quoting', `Line ${at}: unexpected characters after a closing quote.`, at);
    default:
      return new ImportError(422, 'unreadable_csv', `Line ${at}: the CSV cannot be read (${error.message.replace(/\s+at line \d+.*$/, '')}).`, at);
  }
}

/**
 * Parses CSV text with csv-parse. Line endings are normalised first (CRLF, CR), so reported line
 * numbers match what an editor shows even for quoted cells that span lines. Rows may have more
 * cells than the header (extra cells are kept by position); blank lines are skipped.
 */
export function parseCsvTable(text: string, maxRows: number): CsvTable {
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.');
  if (/^\s*[[{]/.test(normalised)) {
    throw new ImportError(415, 'not_csv', 'Line 1: this is JSON, not CSV. To bring in a Lanewise board export (.json), use “Import a board” on the home page.', 1);
  }
  const delimiter = detectDelimiter(normalised);
  const ends: number[] = [];
  let records: string[][];
  try {
    records = parse(normalised, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      info: false,
      on_record: (record: string[], context) => {
        ends.push(context.lines);
        return record;
      },
    }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw quotingProblem(error, (ends.at(-1) ?? 0) + 1);
    throw error;
  }
  const [headerRecord, ...dataRecords] = records;
  if (!headerRecord) throw new ImportError(422, 'empty_file', 'The file is empty.');
  const headers = headerRecord.map((header) => header.trim());
  if (headers.every((header) => header === '')) throw new ImportError(422, 'no_header', 'Line 1: the first line must name the columns (Summary, Issue key, … or ID, Title, …), but it is empty.', 1);
  const rows: CsvRow[] = [];
  dataRecords.forEach((cells, index) => {
    if (cells.every((cell) => cell.trim() === '')) return; // a blank line
    rows.push({ line: (ends[index] ?? 0) + 1, cells });
  });
  if (rows.length === 0) throw new ImportError(422, 'no_rows', 'The file has a header line but no rows to import.', 1);
  if (rows.length > maxRows) {
    const last = rows[maxRows] as CsvRow;
    throw new ImportError(
      413,
      'too_many_rows',
      `The file has ${rows.length.toLocaleString('en')} rows; one import takes at most ${maxRows.toLocaleString('en')} (row ${(maxRows + 1).toLocaleString('en')} starts on line ${last.line.toLocaleString('en')}). Split the export, or filter it in Jira or Linear first.`,
      last.line,
    );
  }
  return { headers, rows, delimiter };
}
