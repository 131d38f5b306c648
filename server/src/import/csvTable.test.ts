import { describe, expect, it } from 'vitest';
import { columnsNamed, parseCsvTable } from './csvTable.ts';
import { parseExportDate } from './importDates.ts';
import { ImportError } from './ImportError.ts';
import { readUpload } from './readUpload.ts';

const refusal = (run: () => unknown): ImportError => {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('parseCsvTable', () => {
  it('numbers rows by the line they start on, across quoted line breaks in CRLF files', () => {
    const table = parseCsvTable('Summary,Description\r\nOne,"a\r\nb\r\nc"\r\n\r\nTwo,plain\r\nThree,"x ""quoted"" y"\r\n', 10);
    expect(table.rows.map((row) => [row.line, ...row.cells])).toEqual([
      [2, 'One', 'a\nb\nc'],
      [6, 'Two', 'plain'],
      [7, 'Three', 'x "quoted" y'],
    ]);
  });

  it('keeps repeated headers by position and rows with more cells than the header', () => {
    const table = parseCsvTable('Summary,Labels,Labels,Labels\nA,x,y\nB,p,q,r,extra\n', 10);
    expect(columnsNamed(table, 'labels')).toEqual([1, 2, 3]);
    expect(table.rows[1]?.cells).toEqual(['B', 'p', 'q', 'r', 'extra']);
  });

  it('reads semicolon- and tab-separated files', () => {
    expect(parseCsvTable('Title;ID\nA;1\n', 10).headers).toEqual(['Title', 'ID']);
    expect(parseCsvTable('Title\tID\nA\t1\n', 10).rows[0]?.cells).toEqual(['A', '1']);
  });

  it('names the line of broken quoting', () => {
    const unclosed = refusal(() => parseCsvTable('Summary,Description\nFirst,"ok"\nSecond,"never closed\nThird,x\n', 10));
    expect([unclosed.code, unclosed.line]).toEqual(['broken_quoting', 3]);
    expect(unclosed.message).toMatch(/^Line 3: a quoted cell that starts in this row is never closed/);
    const stray = refusal(() => parseCsvTable('Summary,Description\nFirst,"ok"x\n', 10));
    expect([stray.code, stray.line]).toEqual(['broken_quoting', 2]);
  });

  it('refuses empty files, header-only files and too many rows', () => {
    expect(refusal(() => parseCsvTable(' \n\n', 10)).code).toBe('empty_file');
    expect(refusal(() => parseCsvTable('Summary,Issue key\n', 10)).code).toBe('no_rows');
    const tooMany = refusal(() => parseCsvTable(`Summary\n${'row\n'.repeat(12)}`, 10));
    expect([tooMany.code, tooMany.status, tooMany.line]).toEqual(['too_many_rows', 413, 12]);
    expect(tooMany.message).toMatch(/^The file has 12 rows; one import takes at most 10/);
  });
});

describe('readUpload', () => {
  it('strips a UTF-8 byte-order mark and reads Windows-1252 files with a note', () => {
    expect(readUpload(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x2c, 0x42]), '').text).toBe('A,B');
    const latin = readUpload(new Uint8Array([0x5a, 0x6f, 0xeb]), '');
    expect(latin).toEqual({ text: 'Zoë', note: expect.stringMatching(/Windows-1252/) });
  });

  it('refuses images, PDFs, spreadsheets and other binary files by what they are', () => {
    expect(refusal(() => readUpload(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]), 'hint')).message).toBe('This is a PNG image, not a CSV file. hint');
    expect(refusal(() => readUpload(new TextEncoder().encode('%PDF-1.7\n'), '')).message).toMatch(/^This is a PDF document/);
    expect(refusal(() => readUpload(new Uint8Array([0x50, 0x4b, 0x03, 0x04]), '')).message).toMatch(/Excel \.xlsx/);
    expect(refusal(() => readUpload(new Uint8Array([0x41, 0x00, 0x42]), '')).message).toMatch(/zero byte at byte 2/);
    expect(refusal(() => readUpload(new Uint8Array([]), '')).code).toBe('empty_file');
  });
});

describe('parseExportDate', () => {
  it('reads Jira and Linear dates', () => {
    expect(parseExportDate('14/Jul/25 3:42 PM')).toBe(Date.UTC(2025, 6, 14, 15, 42));
    expect(parseExportDate('01/Jan/25 12:05 AM')).toBe(Date.UTC(2025, 0, 1, 0, 5));
    expect(parseExportDate('14/Jul/2025 15:42')).toBe(Date.UTC(2025, 6, 14, 15, 42));
    expect(parseExportDate('2025-07-14T15:42:11.000Z')).toBe(Date.UTC(2025, 6, 14, 15, 42, 11));
    expect(parseExportDate('2025-07-14 15:42')).toBe(Date.UTC(2025, 6, 14, 15, 42));
    expect(parseExportDate('2025-07-14')).toBe(Date.UTC(2025, 6, 14));
  });

  it('says "not a date" rather than guessing', () => {
    for (const text of ['31/Feb/25 1:00 PM', '14/Foo/25', '13:00 14/Jul/25', 'yesterday', '14/Jul/25 13:00 PM']) expect(parseExportDate(text)).toBeNull();
  });
});
