/** A Markdown table: the header row, its alignment row (text columns left, figures right), then the rows. */
export const table = (header: string, rows: readonly string[]) => [header, header.replace(/[^|]+/g, (cell) => (/^\s*(scenario|against|projection|notes)\s*$/.test(cell) ? '---' : '---:')), ...rows];

/** A paragraph as lines of at most `width` characters (broken between words), as the document's other sections are written. */
export function paragraph(text: string, width = 120): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}
