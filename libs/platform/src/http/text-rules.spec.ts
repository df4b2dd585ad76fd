import { isInstant, isOneLine, isProse, isWellFormedText } from './text-rules';

describe('text rules', () => {
  it.each(['web-01', 'Müller & Söhne', 'サーバー', '🚀 launch', 'a\u200db'])('one line: %j', (text) => {
    expect(isOneLine(text)).toBe(true);
    expect(isProse(text)).toBe(true);
  });

  it.each(['a\nb', 'a\rb', 'a\tb', 'nul\u0000', 'esc\u001b[31m', 'del\u007f', 'nel\u0085', 'line\u2028sep', 'para\u2029sep'])('not one line: %j', (text) => {
    expect(isOneLine(text)).toBe(false);
  });

  it('prose keeps tabs and line breaks but no other control character', () => {
    expect(isProse('Steps:\n\t1. open\r\n\t2. wait\u2028done')).toBe(true);
    for (const text of ['nul\u0000', 'bell\u0007', 'vt\u000b', 'ff\u000c', 'esc\u001b', 'del\u007f', 'csi\u009b']) expect(isProse(text)).toBe(false);
  });

  it('well-formed Unicode: pairs are, halves are not', () => {
    expect(isWellFormedText('🚀 \ud83d\ude80')).toBe(true);
    for (const text of ['\ud800', 'a\ud800b', '\udc00', 'x\ude80\ud83d', '🚀\ud83d']) expect(isWellFormedText(text)).toBe(false);
  });

  it.each(['2026-03-10T22:00:00Z', '2026-03-10T22:00:00.123Z', '2026-03-10T22:00:00.123456789Z', '2026-03-10T23:00:00+01:00', '2024-02-29T00:00:00-05:30'])(
    'an instant: %s',
    (text) => expect(isInstant(text)).toBe(true),
  );

  it.each([
    '2026-W10', '2026-W10-1', '2026-069', '2026-03-10', '2026-03-10T22:00', '2026-03-10T22:00:00', '2026-03-10 22:00:00Z',
    '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-03-10T24:00:00Z', '2026-03-10T22:00:00+25:00', '20260310T220000Z', '2026-03-10t22:00:00z', '',
  ])('not an instant: %s', (text) => expect(isInstant(text)).toBe(false));

  it('is not fooled by what is not a string', () => {
    for (const value of [null, undefined, 1_741_644_000_000, new Date(), ['2026-03-10T22:00:00Z']]) expect(isInstant(value)).toBe(false);
  });
});
