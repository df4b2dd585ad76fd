import { esdbPosition, LOG_START } from './esdb-position';
import { KnownLogEnd } from './log-end';

const at = (offset: bigint): string => esdbPosition(offset, offset);
const END = esdbPosition(2n ** 64n - 1n, 2n ** 64n - 1n);

/** A log whose last record the test moves, counting how often it is asked. */
function log(last: bigint | null): { reads: { logEnd(): Promise<string | null> }; asked: () => number; grow: (to: bigint) => void } {
  let end = last;
  let asked = 0;
  return {
    reads: { logEnd: async () => (asked++, end === null ? null : at(end)) },
    asked: () => asked,
    grow: (to) => (end = to),
  };
}

describe('KnownLogEnd', () => {
  it('covers positions up to the last record, and not Position.End', async () => {
    const known = new KnownLogEnd(log(100n).reads);
    expect(await known.covers(at(40n))).toBe(true);
    expect(await known.covers(at(100n))).toBe(true);
    expect(await known.covers(at(101n))).toBe(false);
    expect(await known.covers(END)).toBe(false);
  });

  it('asks the server only for a position past the end it knows, since the log only grows', async () => {
    const server = log(100n);
    const known = new KnownLogEnd(server.reads);
    await known.covers(at(50n));
    await known.covers(at(90n));
    expect(server.asked()).toBe(1);
    server.grow(200n);
    expect(await known.covers(at(150n))).toBe(true);
    expect(server.asked()).toBe(2);
  });

  it('refuses a start beyond the end, naming both, and accepts the start of even an empty log', async () => {
    await expect(new KnownLogEnd(log(100n).reads).assertReached(END)).rejects.toMatchObject({
      name: 'PositionBeyondHeadError',
      code: 'event_store.position_beyond_head',
      after: END,
      head: at(100n),
    });
    await expect(new KnownLogEnd(log(null).reads).assertReached(at(1n))).rejects.toMatchObject({ head: null });
    await expect(new KnownLogEnd(log(null).reads).assertReached(LOG_START)).resolves.toBeUndefined();
    await expect(new KnownLogEnd(log(100n).reads).assertReached(at(100n))).resolves.toBeUndefined();
  });
});
