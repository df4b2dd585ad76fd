import { paragraph, table } from './markdown';

describe('Markdown for docs/benchmarks.md', () => {
  it('lays a paragraph out in lines of at most the width, breaking only between words and losing none', () => {
    const text = 'The ratio is the median of the rounds\' ratios of requests/s, beside their range (the noise to read it against).';
    const lines = paragraph(text, 30);
    expect(lines.every((line) => line.length <= 30)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(lines.length).toBeGreaterThan(3);
  });

  it('keeps a word longer than the width whole, on a line of its own', () => {
    expect(paragraph('a /incidents?status=new&limit=50 b', 10)).toEqual(['a', '/incidents?status=new&limit=50', 'b']);
  });

  it('aligns text columns left and figures right', () => {
    expect(table('| scenario | against | ratio |', [])[1]).toBe('|---|---|---:|');
  });
});
