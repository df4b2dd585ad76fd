/**
 * RFC 4180 records from text arriving in chunks, one record at a time, so a file of any size is read
 * in constant memory: quoted fields (with commas, doubled quotes and line breaks inside), CRLF or LF.
 * A quote inside an unquoted field is kept as written. Blank lines are skipped.
 */
export interface CsvRecord {
  readonly cells: string[];
  /** 0 for the first record (the header), and so on. */
  readonly index: number;
}

export class CsvFormatError extends Error {
  constructor(
    readonly recordIndex: number,
    reason: string,
  ) {
    super(`record ${recordIndex}: ${reason}`);
    this.name = 'CsvFormatError';
  }
}

export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let buffer = '';
  let index = 0;
  for await (const chunk of chunks) {
    buffer += chunk;
    let start = 0;
    for (;;) {
      const parsed = parseRecord(buffer, start, false, index);
      if (parsed === null) break;
      start = parsed.next;
      if (!isBlank(parsed.cells)) yield { cells: parsed.cells, index: index++ };
    }
    buffer = buffer.slice(start);
  }
  let start = 0;
  while (start < buffer.length) {
    const parsed = parseRecord(buffer, start, true, index)!;
    start = parsed.next;
    if (!isBlank(parsed.cells)) yield { cells: parsed.cells, index: index++ };
  }
}

function isBlank(cells: readonly string[]): boolean {
  return cells.length === 1 && cells[0] === '';
}

/** One record from `start`, or null when the text ends before the record does (more is coming). */
function parseRecord(text: string, start: number, final: boolean, index: number): { cells: string[]; next: number } | null {
  const newline = text.indexOf('\n', start);
  const quote = text.indexOf('"', start);
  // The common case: a record without quotes is a line split at commas.
  if (quote === -1 || (newline !== -1 && quote > newline)) {
    if (newline === -1 && !final) return null;
    const end = newline === -1 ? text.length : newline;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    return { cells: line.split(','), next: newline === -1 ? text.length : newline + 1 };
  }
  const cells: string[] = [];
  let i = start;
  for (;;) {
    let value: string;
    if (text[i] === '"') {
      value = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close === -1) {
          if (final) throw new CsvFormatError(index, 'a quoted field is never closed');
          return null;
        }
        if (close + 1 >= text.length && !final) return null;
        if (text[close + 1] === '"') {
          value += text.slice(j, close + 1);
          j = close + 2;
          continue;
        }
        value += text.slice(j, close);
        i = close + 1;
        break;
      }
      // What follows a closing quote: the next field, the end of the record, or text kept as written.
      const rest = nextDelimiter(text, i);
      if (rest === -1 && !final) return null;
      const end = rest === -1 ? text.length : rest;
      value += text.slice(i, end).replace(/\r$/, '');
      i = end;
    } else {
      const end = nextDelimiter(text, i);
      if (end === -1 && !final) return null;
      const stop = end === -1 ? text.length : end;
      value = text.slice(i, stop).replace(/\r$/, '');
      i = stop;
    }
    cells.push(value);
    if (i >= text.length) return { cells, next: text.length };
    if (text[i] === '\n') return { cells, next: i + 1 };
    i += 1; // a comma
  }
}

/** The next comma or line feed from `from`, -1 if none. */
function nextDelimiter(text: string, from: number): number {
  const comma = text.indexOf(',', from);
  const newline = text.indexOf('\n', from);
  if (comma === -1) return newline;
  if (newline === -1) return comma;
  return Math.min(comma, newline);
}
