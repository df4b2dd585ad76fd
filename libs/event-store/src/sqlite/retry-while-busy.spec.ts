import { isBusy, retryWhileBusy } from './retry-while-busy';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

describe('retryWhileBusy: opening a SQLite file other processes are opening too', () => {
  it('tries the setup again while SQLite answers busy, and returns what it returns once it passes', () => {
    let attempts = 0;
    const result = retryWhileBusy(() => {
      attempts++;
      if (attempts < 4) throw busy(attempts === 2 ? 'SQLITE_BUSY_SNAPSHOT' : 'SQLITE_BUSY');
      return 'opened';
    }, 5_000, 1);
    expect({ result, attempts }).toEqual({ result: 'opened', attempts: 4 });
  });

  it('gives up with the busy error once the timeout has passed', () => {
    let attempts = 0;
    const started = Date.now();
    expect(() =>
      retryWhileBusy(() => {
        attempts++;
        throw busy();
      }, 50, 1),
    ).toThrow('database is locked');
    expect(attempts).toBeGreaterThan(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('does not retry any other error', () => {
    let attempts = 0;
    const corrupt = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' });
    expect(() =>
      retryWhileBusy(() => {
        attempts++;
        throw corrupt;
      }, 5_000),
    ).toThrow(corrupt);
    expect(attempts).toBe(1);
  });

  it('knows busy by its code, extended codes included', () => {
    expect([busy(), busy('SQLITE_BUSY_RECOVERY'), busy('SQLITE_LOCKED'), new Error('x'), null].map(isBusy)).toEqual([true, true, false, false, false]);
  });
});
