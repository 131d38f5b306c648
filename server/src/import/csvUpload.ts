import { parseCsvTable } from './csvTable.ts';
import { ANY_EXPORT_HINT } from './importFormats.ts';
import type { ImportOptions } from './importOptions.ts';
import type { ImportFile } from './planImport.ts';
import { readUpload } from './readUpload.ts';

/** A CSV file as uploaded, with the user's choices: what the main thread hands the board's owner. */
export interface CsvUpload {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly options: ImportOptions;
}

/**
 * The upload as `planImport` reads it: decoded (BOM, UTF-16, Windows-1252; binary files refused)
 * and parsed (at most `maxRows` rows). Parsing thousands of rows costs a few hundred ms of CPU,
 * so it runs on the board's owner thread, never on the main thread that serves every socket.
 */
export function readCsvFile(upload: CsvUpload, maxRows: number): ImportFile {
  const text = readUpload(upload.bytes, ANY_EXPORT_HINT);
  return { table: parseCsvTable(text.text, maxRows), fileName: upload.fileName, options: upload.options, ...(text.note ? { encodingNote: text.note } : {}) };
}
