import type { FastifyReply } from 'fastify';
import { HealthController } from './health.controller';
import type { HealthCheck } from './health';

const check = (name: string, up: boolean, extra: { critical?: boolean; degraded?: boolean } = {}): HealthCheck => ({
  name,
  ...(extra.critical === undefined ? {} : { critical: extra.critical }),
  run: async () => ({ up, ...(extra.degraded ? { degraded: true } : {}) }),
});

/** A reply that remembers the status set on it (200 unless set). */
function aReply() {
  const reply = { statusCode: 200, status: (code: number) => ((reply.statusCode = code), reply) };
  return reply;
}

describe('Liveness and readiness probes', () => {
  it('says live whatever the dependencies say', () => {
    expect(new HealthController([check('events', false)]).live()).toEqual({ status: 'up' });
  });

  it('is ready while the stores answer, a lagging projection or a log that failed verification notwithstanding', async () => {
    const reply = aReply();
    const probes = new HealthController([check('events', true), check('projections', false, { critical: false }), check('integrity', true, { critical: false, degraded: true })]);
    expect(await probes.ready(reply as unknown as FastifyReply)).toEqual({ status: 'up' });
    expect(reply.statusCode).toBe(200);
  });

  it('is not ready (503) while a store is unreachable, naming it', async () => {
    const reply = aReply();
    expect(await new HealthController([check('events', true), check('reads', false)]).ready(reply as unknown as FastifyReply)).toEqual({ status: 'down', reason: 'reads down' });
    expect(reply.statusCode).toBe(503);
  });

  it('asks the checks for what decides readiness only (a probe), and for everything on /health', async () => {
    const asked: unknown[] = [];
    const probes = new HealthController([{ name: 'projections', run: async (options) => (asked.push(options), { up: true }) }]);
    await probes.ready(aReply() as unknown as FastifyReply);
    await probes.health(aReply() as unknown as FastifyReply);
    expect(asked).toEqual([{ probe: true }, {}]);
  });

  it('is not ready (503) once the app begins to shut down', async () => {
    const probes = new HealthController([check('events', true)]);
    probes.onModuleDestroy();
    const reply = aReply();
    expect(await probes.ready(reply as unknown as FastifyReply)).toEqual({ status: 'down', reason: 'shutting down' });
    expect(reply.statusCode).toBe(503);
  });
});
