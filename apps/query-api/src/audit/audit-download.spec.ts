import { Readable } from 'node:stream';
import type { AuditEventDocument, AuditExport } from '@itsm/projections';
import { csvCell } from '@itsm/projections';
import { auditDownload } from './audit-download';

describe('a CSV cell', () => {
  it.each([
    ['plain text as it is', 'ann', 'ann'],
    ['empty for null', null, ''],
    ['numbers as digits', 3, '3'],
    ['quotes doubled, the cell quoted', 'say "hi"', '"say ""hi"""'],
    ['a comma quoted', 'a,b', '"a,b"'],
    ['a line feed quoted', 'a\nb', '"a\nb"'],
    ['a carriage return quoted', 'a\rb', '"a\rb"'],
    ['an object as its JSON, quoted', { text: 'x' }, '"{""text"":""x""}"'],
  ])('writes %s', (_label, value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([['=1+1'], ['+1'], ['-1'], ['@SUM(A1)'], ['\tx'], ['\rx']])('disarms %j with a leading single quote', (text) => {
    expect(csvCell(text).replace(/^"/, '').startsWith(`'${text[0]}`)).toBe(true);
  });

  it('quotes a disarmed cell that needs quoting too', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell(-1)).toBe("'-1");
  });
});

/** An export of `count` pages of one event each, counting the pages read. */
function countingExport(count: number): { exported: AuditExport; pagesRead: () => number; closed: () => boolean } {
  let read = 0;
  let finished = false;
  const document = (n: number) => ({ id: String(n), position: String(n).padStart(20, '0'), data: { text: 'x'.repeat(10_000) } }) as unknown as AuditEventDocument;
  async function* pages() {
    try {
      for (let n = 1; n <= count; n++) {
        read++;
        yield [document(n)];
      }
    } finally {
      finished = true;
    }
  }
  return { exported: { through: '00000000000000000009', pages: pages() }, pagesRead: () => read, closed: () => finished };
}

async function nextChunk(stream: Readable): Promise<void> {
  await new Promise<void>((resolve) => stream.once('readable', () => resolve()));
  stream.read();
}

describe('a download', () => {
  it('reads the next page only as the client takes the previous ones (backpressure), not the whole export up front', async () => {
    const { exported, pagesRead } = countingExport(1_000);
    const stream = (await auditDownload(exported, 'jsonl', 'application/x-ndjson')).getStream() as Readable;
    await nextChunk(stream);
    await nextChunk(stream);
    // Let the stream read ahead as far as it will before it waits for the client.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(pagesRead()).toBeLessThan(10);
    stream.destroy();
  });

  it('stops reading the read model when the client goes away', async () => {
    const { exported, pagesRead, closed } = countingExport(1_000);
    const stream = (await auditDownload(exported, 'csv', 'text/csv')).getStream() as Readable;
    await nextChunk(stream);
    stream.destroy();
    await new Promise((resolve) => stream.once('close', resolve));
    expect(closed()).toBe(true);
    expect(pagesRead()).toBeLessThan(10);
  });
});
