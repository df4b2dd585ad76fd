/** The first character of a cell a spreadsheet would run as a formula (OWASP, "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that oblige RFC 4180 to quote a cell. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell: null is empty; an object is its JSON. A cell that would start with = + - @ tab or CR
 * gets a leading single quote, so that a spreadsheet shows it as text instead of evaluating it (an
 * actor, a title or a note is whatever someone typed); then RFC 4180 quoting. Shared by the audit
 * download and the evidence packs.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const guarded = FORMULA_START.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** A whole CSV document: the header row, then a row per record with the columns in that order (CRLF line ends). */
export function csvDocument<T>(columns: readonly (keyof T & string)[], records: readonly T[]): string {
  return [columns.join(','), ...records.map((record) => columns.map((column) => csvCell(record[column])).join(','))].map((line) => `${line}\r\n`).join('');
}
