import { parseIfMatch } from './command-headers';

describe('If-Match (RFC 9110)', () => {
  it.each([
    ['"3"', [3]],
    ['3', [3]],
    ['"3", "5"', [3, 5]],
    ['"3.k2fX_9"', [3]],
    ['W/"3"', []],
    ['"abc", "4"', [4]],
    ['"a,b", "4"', [4]],
  ])('%s names the revisions %j (weak and foreign tags never match)', (header, revisions) => {
    expect(parseIfMatch(header)).toEqual(revisions);
  });

  it('"*" asks only that the ticket exists', () => {
    expect(parseIfMatch(' * ')).toBe('*');
  });

  it.each(['"3', '3"', 'abc', '"3" "4"', '"3",, "4"', ''])('refuses %j, naming the header', (header) => {
    expect(() => parseIfMatch(header)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ field: 'If-Match' })] }));
  });
});
