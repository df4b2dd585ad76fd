import { csvRecords, CsvFormatError } from './csv-rows';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const read = async (text: string, size = 3) => {
  const out: string[][] = [];
  for await (const record of csvRecords(chunked(text, size))) out.push(record.cells);
  return out;
};

describe('CSV records, read a chunk at a time', () => {
  it('splits plain lines at commas, CRLF or LF, the last line with or without its line break', async () => {
    for (const size of [1, 2, 5, 1000]) {
      expect(await read('a,b,c\r\n1,,3\r\n?,x y,z', size)).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['?', 'x y', 'z']]);
      expect(await read('a,b\n1,2\n', size)).toEqual([['a', 'b'], ['1', '2']]);
    }
  });

  it('reads quoted fields: commas, doubled quotes and line breaks inside, split across chunks anywhere', async () => {
    const text = 'n,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\r\nlines"\r\n4,""\r\n';
    const expected = [['n', 'text'], ['1', 'a, b'], ['2', 'say "hi"'], ['3', 'two\r\nlines'], ['4', '']];
    for (const size of [1, 2, 3, 7, 1000]) expect(await read(text, size)).toEqual(expected);
  });

  it('keeps a quote inside an unquoted field as written, and skips blank lines', async () => {
    expect(await read('a,5" disk\n\nb,c\n')).toEqual([['a', '5" disk'], ['b', 'c']]);
  });

  it('numbers records from the header, and refuses a quoted field that never closes', async () => {
    const indexes: number[] = [];
    for await (const record of csvRecords(chunked('h\n1\n2\n', 2))) indexes.push(record.index);
    expect(indexes).toEqual([0, 1, 2]);
    await expect(read('a\n"open')).rejects.toEqual(new CsvFormatError(1, 'a quoted field is never closed'));
  });
});
