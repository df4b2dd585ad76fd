import { runHealthChecks, type HealthCheck } from './health';

const check = (name: string, outcome: 'up' | 'down' | 'throws', critical?: boolean): HealthCheck => ({
  name,
  ...(critical === undefined ? {} : { critical }),
  run: async () => {
    if (outcome === 'throws') throw new Error(`${name} unreachable`);
    return { up: outcome === 'up' };
  },
});

describe('health', () => {
  it('is up when every check is up', async () => {
    expect(await runHealthChecks([check('a', 'up'), check('b', 'up')])).toEqual({ status: 'up', checks: { a: { up: true }, b: { up: true } } });
  });

  it('reports a throwing check as down with its error, instead of failing', async () => {
    expect(await runHealthChecks([check('store', 'throws')])).toEqual({ status: 'down', checks: { store: { up: false, error: 'store unreachable' } } });
  });

  it('stays up when only a non-critical check is down, and still shows it', async () => {
    const result = await runHealthChecks([check('events', 'up'), check('projections', 'throws', false)]);
    expect(result.status).toBe('up');
    expect(result.checks['projections']).toEqual({ up: false, error: 'projections unreachable' });
  });
});

describe('health when the log failed verification', () => {
  const degraded: HealthCheck = { name: 'integrity', critical: false, run: async () => ({ up: true, degraded: true, state: 'broken' }) };

  it('is degraded, not down: the app keeps serving while people act on it', async () => {
    expect((await runHealthChecks([check('events', 'up'), degraded])).status).toBe('degraded');
  });

  it('is down when a critical dependency is down, whatever else is degraded', async () => {
    expect((await runHealthChecks([check('events', 'throws'), degraded])).status).toBe('down');
  });
});
