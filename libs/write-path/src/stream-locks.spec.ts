import { StreamLocks } from './stream-locks';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamLocks', () => {
  it('runs work on the same stream one at a time, in arrival order', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([locks.run('s', job('a')), locks.run('s', job('b'))]);
    expect(results).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('lets different streams proceed side by side', async () => {
    const locks = new StreamLocks();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([locks.run('s1', job('a')), locks.run('s2', job('b'))]);
    expect(log.slice(0, 2)).toEqual(['a start', 'b start']);
  });

  it('goes on with the next command after one fails', async () => {
    const locks = new StreamLocks();
    const failing = locks.run('s', async () => {
      throw new Error('rule broken');
    });
    const next = locks.run('s', async () => 'ran');
    await expect(failing).rejects.toThrow('rule broken');
    await expect(next).resolves.toBe('ran');
  });
});
