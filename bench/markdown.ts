/** A Markdown table: the header row, its alignment row (text columns left, figures right), then the rows. */
export const table = (header: string, rows: readonly string[]) => [header, header.replace(/[^|]+/g, (cell) => (/^\s*(scenario|against|projection|notes)\s*$/.test(cell) ? '---' : '---:')), ...rows];
