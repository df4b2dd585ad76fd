import { incidentStream } from '@itsm/domain';
import { openEventStore } from '@itsm/platform';
import { InProcessApp } from '../../../test/support/in-process-app';
import { CommandApiModule } from './command-api.module';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INCIDENT = { title: 'VPN drops', description: 'Every hour', caller: 'gus', category: 'network', impact: 2, urgency: 2 };

/** Issue 14: every request has an id, given or ours, echoed on every answer and carried into the log. */
describe('Request ids', () => {
  let api: InProcessApp;
  beforeAll(async () => (api = await InProcessApp.start((config) => CommandApiModule.register(config))));
  afterAll(() => api.stop());
  const open = (headers: Record<string, string>) => api.request('POST', '/incidents', { token: api.token('ann', 'agent'), body: INCIDENT, headers });
  const correlationOf = async (id: string) => {
    const events = await openEventStore(api.config);
    try {
      return (await events.readStream(incidentStream(id)))[0]?.metadata.correlationId;
    } finally {
      await events.close?.();
    }
  };

  it('echoes the id a caller gives, and makes it the correlation id of what the command records', async () => {
    const answer = await open({ 'x-request-id': 'desk-7f3a-0001' });
    expect(answer.status).toBe(201);
    expect(answer.headers['x-request-id']).toBe('desk-7f3a-0001');
    expect(await correlationOf(answer.body.id)).toBe('desk-7f3a-0001');
  });

  it('makes an id when none is given, answers with it, and records it as the correlation id', async () => {
    const answer = await open({});
    expect(answer.headers['x-request-id']).toMatch(UUID);
    expect(await correlationOf(answer.body.id)).toBe(answer.headers['x-request-id']);
  });

  it('keeps an X-Correlation-Id given as the correlation id', async () => {
    const answer = await open({ 'x-request-id': 'req-1', 'x-correlation-id': 'change-CHG0012' });
    expect(await correlationOf(answer.body.id)).toBe('change-CHG0012');
  });

  it('names refusals too, and refuses an id it could not echo, under an id of its own', async () => {
    expect((await api.requestRaw('GET', '/nowhere', { headers: { 'x-request-id': 'r-404' } })).headers['x-request-id']).toBe('r-404');
    const refused = await api.requestRaw('POST', '/incidents', { token: api.token('ann', 'agent'), payload: JSON.stringify(INCIDENT), headers: { 'content-type': 'application/json', 'x-request-id': 'x'.repeat(201) } });
    expect(refused).toMatchObject({ status: 400, body: { errors: [{ field: 'X-Request-Id' }] } });
    expect(refused.headers['x-request-id']).toMatch(UUID);
  });
});
