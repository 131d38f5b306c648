import { ImportError } from './ImportError.ts';

/** Files people pick by mistake, recognised by their first bytes. */
const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Excel (.xls) or Word document' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

const startsWith = (data: Uint8Array, bytes: readonly number[]) => bytes.every((byte, index) => data[index] === byte);

export interface UploadText {
  readonly text: string;
  /** Set when the file was not UTF-8 and was read another way. */
  readonly note?: string;
}

/**
 * Turns uploaded bytes into text, refusing what is clearly not a CSV file. UTF-8 (with or without
 * a byte-order mark) is expected; UTF-16 with a BOM is read too, and bytes that are not valid
 * UTF-8 are read as Windows-1252, which is what Excel writes on Windows.
 */
export function readUpload(data: Uint8Array, exportHint: string): UploadText {
  if (data.byteLength === 0) throw new ImportError(422, 'empty_file', 'The file is empty.');
  for (const { bytes, what } of SIGNATURES) {
    if (startsWith(data, bytes)) throw new ImportError(415, 'not_csv', `This is ${what}, not a CSV file. ${exportHint}`);
  }
  if (startsWith(data, [0xff, 0xfe]) || startsWith(data, [0xfe, 0xff])) {
    const text = new TextDecoder(data[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(data);
    return { text, note: 'The file is UTF-16; it was read as such.' };
  }
  const nul = data.indexOf(0);
  if (nul !== -1) throw new ImportError(415, 'not_csv', `The file contains binary data (a zero byte at byte ${nul + 1}), so it is not a CSV file. ${exportHint}`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(data) };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(data), note: 'The file is not UTF-8; it was read as Windows-1252 (Excel’s default). Check accented letters in the preview.' };
  }
}
