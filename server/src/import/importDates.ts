const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, sept: 8, oct: 9, nov: 10, dec: 11,
};

/** Jira's default export format: `14/Jul/25 3:42 PM` (also `14/Jul/2025 15:42`, without a time, or with seconds). */
const JIRA = /^(\d{1,2})\/([A-Za-z]{3,4})\/(\d{2}|\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
/** `2025-07-14`, `2025-07-14 15:42`, `2025-07-14T15:42:11.000Z`, with an optional offset. */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads the dates Jira and Linear write into their CSV exports, as epoch milliseconds, or null if
 * the text is not such a date. Jira writes local time without a zone; it is read as UTC (the
 * import keeps the day, which is what the board shows).
 */
export function parseExportDate(text: string): number | null {
  const value = text.trim();
  if (value === '') return null;
  const jira = JIRA.exec(value);
  if (jira) {
    const [, day, monthName, yearText, hourText, minuteText, secondText, meridiem] = jira;
    const month = MONTHS[(monthName as string).toLowerCase()];
    if (month === undefined) return null;
    const year = yearText?.length === 2 ? 2000 + Number(yearText) : Number(yearText);
    let hour = hourText === undefined ? 0 : Number(hourText);
    if (meridiem) {
      if (hour < 1 || hour > 12) return null;
      hour = (hour % 12) + (meridiem.toLowerCase() === 'pm' ? 12 : 0);
    }
    const minute = minuteText === undefined ? 0 : Number(minuteText);
    const second = secondText === undefined ? 0 : Number(secondText);
    if (hour > 23 || minute > 59 || second > 59) return null;
    const at = Date.UTC(year, month, Number(day), hour, minute, second);
    // Date.UTC rolls 31/Feb over into March; such a date is not a date.
    return new Date(at).getUTCDate() === Number(day) ? at : null;
  }
  if (ISO.test(value)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) || value.length === 10 ? value : `${value.replace(' ', 'T')}Z`;
    const at = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : zoned.replace(' ', 'T'));
    return Number.isFinite(at) ? at : null;
  }
  return null;
}
