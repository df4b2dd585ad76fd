import { START } from '@eventstore/db-client';
import { isPosition } from '../position';
import { esdbPosition, LOG_START, parseEsdbPosition, readFrom } from './esdb-position';

describe('EventStoreDB positions', () => {
  const beyondDoubles = 2n ** 53n + 1n; // the first integer a Number cannot hold

  it('round-trips commit and prepare past 2^53 without losing a unit', () => {
    for (const [commit, prepare] of [
      [beyondDoubles, beyondDoubles],
      [beyondDoubles + 2n, beyondDoubles],
      [2n ** 64n - 1n, 2n ** 64n - 1n],
      [0n, 0n],
    ]) {
      expect(parseEsdbPosition(esdbPosition(commit, prepare))).toEqual({ commit, prepare });
    }
  });

  it('orders by commit, then prepare, under plain string comparison', () => {
    const ordered = [
      esdbPosition(9n, 9n),
      esdbPosition(10n, 3n),
      esdbPosition(beyondDoubles, beyondDoubles - 1n),
      esdbPosition(beyondDoubles, beyondDoubles),
      esdbPosition(beyondDoubles + 1n, 0n),
    ];
    expect([...ordered].reverse().sort()).toEqual(ordered);
  });

  it('is a position the rest of the system accepts', () => {
    expect(isPosition(esdbPosition(beyondDoubles, beyondDoubles))).toBe(true);
    expect(esdbPosition(beyondDoubles, 1n)).toBe('00009007199254740993-00000000000000000001');
  });

  it('refuses what it cannot encode or parse', () => {
    expect(() => esdbPosition(-1n, 0n)).toThrow(RangeError);
    expect(() => esdbPosition(2n ** 64n, 0n)).toThrow(RangeError);
    expect(() => parseEsdbPosition('00000000000000000042')).toThrow(/Not an EventStoreDB position/);
  });

  it('reads from the start for no position or the start of the log, else from the position', () => {
    expect(readFrom(null)).toBe(START);
    expect(readFrom(LOG_START)).toBe(START);
    expect(readFrom(esdbPosition(beyondDoubles, 7n))).toEqual({ commit: beyondDoubles, prepare: 7n });
  });
});
