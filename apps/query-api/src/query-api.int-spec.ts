import { CHANGE_APPROVALS_KEY, CHANGE_RECORDS_KEY, INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY, PROJECTION_KEYS } from '@itsm/projections';
import { openEventStore } from '@itsm/platform';
import { anEvent } from '../../../libs/event-store/src/testing/test-events';
import { InProcessApp } from '../../../test/support/in-process-app';
import { QueryApiModule } from './query-api.module';

describe('Query API over HTTP: the edges', () => {
  let api: InProcessApp;
  let auditor: string;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    auditor = api.token('audrey', 'auditor');
  });
  afterAll(() => api.stop());

  const get = (url: string, token: string | null = auditor) => api.request('GET', url, token ? { token } : {});

  it('answers an empty list before the projector has ever run', async () => {
    expect(await get('/incidents')).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
    expect(await get('/queues/service-desk')).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
  });

  it('404 problem for an unknown incident', async () => {
    const answer = await get('/incidents/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c');
    expect(answer.status).toBe(404);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.code).toBe('incident.not_found');
  });

  it('503 with Retry-After when the read model does not reach consistentWith in time', async () => {
    // A position the log has reached, but no projector runs here.
    const events = await openEventStore(api.config);
    const { position } = await events.append('incident-00000000-0000-4000-8000-000000000503', [anEvent()], 'no_stream');
    await events.close();
    const answer = await get(`/incidents?consistentWith=${position}`);
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe('1');
    expect(answer.body.code).toBe('read_model.not_caught_up');
  });

  it.each([
    ['/incidents?consistentWith=yesterday', 'consistentWith'],
    ['/incidents?cursor=not-a-cursor', 'cursor'],
    ['/incidents?limit=500', 'limit'],
    ['/incidents?limit=0', 'limit'],
    ['/incidents?state=sleeping', 'state'],
    ['/incidents?priority=9', 'priority'],
    ['/incidents?colour=red', 'colour'],
    ['/queues/unassigned?consistentWith=1', 'consistentWith'],
  ])('400 naming the parameter for %s', async (url, field) => {
    const answer = await get(url);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('401 without a token; every role may read', async () => {
    expect((await get('/incidents', null)).status).toBe(401);
    for (const role of ['agent', 'manager', 'auditor', 'admin'] as const) {
      expect((await get('/queues/unassigned', api.token('someone', role))).status).toBe(200);
    }
  });

  it('/health reports both stores and each projection checkpoint and lag', async () => {
    const answer = await get('/health', null);
    expect(answer.status).toBe(200);
    expect(answer.body.checks).toMatchObject({ eventStore: { up: true }, readStore: { up: true }, projections: { up: true } });
    const projections: { name: string; lagMs: number }[] = answer.body.checks.projections.projections;
    expect(projections.map((projection) => projection.name)).toEqual([...PROJECTION_KEYS]);
    // One event was appended above and no projector runs here: every projection shows it pending.
    expect(projections.every((projection) => projection.lagMs >= 0)).toBe(true);
    // Issue 7: notes and approvals timelines are read models of their own, beside the small tickets.
    expect(PROJECTION_KEYS).toEqual(expect.arrayContaining([INCIDENT_DETAIL_KEY, INCIDENT_NOTES_KEY, CHANGE_RECORDS_KEY, CHANGE_APPROVALS_KEY]));
  });
});
