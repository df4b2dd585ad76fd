import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body';

const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit and no further', () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":[{"c":[1]}]}}', 4)).toBe(true);
  });

  it('measures the deepest branch, not the sum of siblings', () => {
    expect(nestsDeeperThan(`[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: '[[[[[[{{{{{{' }), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ text: 'say \\"[[[[ and "quote" [[[[' }), 2)).toBe(false);
  });

  it('stops at the first level past the limit, however deep the text goes', () => {
    expect(nestsDeeperThan(nested(100_000, '{"a":', '}'), MAX_JSON_DEPTH)).toBe(true);
  });

  it('leaves malformed text to the parser', () => {
    expect(nestsDeeperThan('{"a":', MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(']]]]', MAX_JSON_DEPTH)).toBe(false);
  });
});
