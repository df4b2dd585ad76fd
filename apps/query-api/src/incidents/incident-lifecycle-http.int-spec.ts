import { openEventStore, openReadStore } from '@itsm/platform';
import { incidentDetailProjection, incidentLifecycleProjection, projectEvents, projectionKey, type AnyProjection } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { appendMany } from '../../../../libs/event-store/src/testing/test-events';
import { incidentHistory } from '../../../../libs/projections/src/testing/incident-history';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

const PROJECTIONS = [incidentDetailProjection, incidentLifecycleProjection] as unknown as readonly AnyProjection[];
const BUSY = '3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c';
const QUIET = '6e5d4c3b-2a19-4f08-9e7d-6c5b4a392817';
const T = (minute: number) => `2024-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

type Entry = Record<string, unknown> & { number: number };

describe('Incident holds and resolutions over HTTP (SQLite read store)', () => {
  let api: InProcessApp;
  let reads: ReadStore;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    reads = await openReadStore(api.config, 'read-write');
    const log = new TestEventLog();
    const busy = incidentHistory(log, BUSY);
    busy.opened(); // 09:00
    incidentHistory(log, QUIET).opened(); // 09:01
    busy.putOnHold('awaiting_vendor', 'case 42', { actor: 'ann' }); // 09:02, hold 1
    busy.resumed({ actor: 'bob' }); // 09:03
    busy.resolved('solved_workaround', { actor: 'cy' }); // 09:04, resolution 1
    busy.reopened(1, { actor: 'caller.jones' }); // 09:05
    busy.putOnHold('awaiting_caller', null, { actor: 'ann' }); // 09:06, hold 2
    busy.resolved('solved_permanently', { actor: 'cy' }); // 09:07, resolution 2, ends hold 2
    busy.closed({ actor: 'system' }); // 09:08
    // Landed as the projector would, with the checkpoint at the head of the log.
    const head = log.events.at(-1)?.position ?? '';
    for (const projection of PROJECTIONS) {
      const documents = projectEvents(projection, log.events, new Map());
      await reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), head);
    }
  });
  afterAll(async () => {
    await reads.close();
    await api.stop();
  });

  const get = (url: string) => api.request('GET', url, { token: api.token('audrey', 'auditor') });

  it('answers every hold, the first first, with how and when it ended, without the store’s bookkeeping', async () => {
    const answer = await get(`/incidents/${BUSY}/holds`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body).toEqual({
      items: [
        {
          id: `${BUSY}:hold:1`, incidentId: BUSY, kind: 'hold', number: 1, revision: 1, position: expect.any(String),
          reason: 'awaiting_vendor', note: 'case 42', awaiting: null, startedAt: T(2), startedBy: 'ann', startSeen: true, endedAt: T(3), endedBy: 'bob', endedWith: 'resumed', durationMs: 60_000,
        },
        {
          id: `${BUSY}:hold:2`, incidentId: BUSY, kind: 'hold', number: 2, revision: 5, position: expect.any(String),
          reason: 'awaiting_caller', note: null, awaiting: null, startedAt: T(6), startedBy: 'ann', startSeen: true, endedAt: T(7), endedBy: 'cy', endedWith: 'resolved', durationMs: 60_000,
        },
      ],
      nextCursor: null,
    });
  });

  it('answers every resolution, the reopened one kept beside the one that held', async () => {
    const answer = await get(`/incidents/${BUSY}/resolutions?order=desc`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.body.items).toEqual([
      {
        id: `${BUSY}:resolution:2`, incidentId: BUSY, kind: 'resolution', number: 2, revision: 6, position: expect.any(String),
        resolutionCode: 'solved_permanently', resolutionNotes: 'Restarted the service', resolvedAt: T(7), resolvedBy: 'cy', outcome: 'closed',
        reopenedAt: null, reopenedBy: null, reopenReason: null, closedAt: T(8), closedBy: 'system',
      },
      {
        id: `${BUSY}:resolution:1`, incidentId: BUSY, kind: 'resolution', number: 1, revision: 3, position: expect.any(String),
        resolutionCode: 'solved_workaround', resolutionNotes: 'Restarted the service', resolvedAt: T(4), resolvedBy: 'cy', outcome: 'reopened',
        reopenedAt: T(5), reopenedBy: 'caller.jones', reopenReason: 'still broken', closedAt: null, closedBy: null,
      },
    ]);
  });

  it('pages with the cursor, each entry once, either way', async () => {
    const first = await get(`/incidents/${BUSY}/holds?limit=1`);
    const second = await get(`/incidents/${BUSY}/holds?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect([...first.body.items, ...second.body.items].map((entry: Entry) => entry.number)).toEqual([1, 2]);
    expect(second.body.nextCursor).toBeNull();
    const latest = await get(`/incidents/${BUSY}/resolutions?limit=1&order=desc`);
    const earlier = await get(`/incidents/${BUSY}/resolutions?limit=1&order=desc&cursor=${encodeURIComponent(latest.body.nextCursor)}`);
    expect([...latest.body.items, ...earlier.body.items].map((entry: Entry) => entry.number)).toEqual([2, 1]);
  });

  it('keeps on the incident who resolved and closed it, the counts and the time on hold', async () => {
    const detail = await get(`/incidents/${BUSY}`);
    expect(detail.body).toMatchObject({
      status: 'closed', holdCount: 2, resolutionCount: 2, onHoldSince: null, totalHoldMs: 120_000,
      resolvedAt: T(7), resolvedBy: 'cy', closedAt: T(8), closedBy: 'system', cancelledAt: null, cancelledBy: null,
    });
  });

  it('answers empty pages for an incident never held nor resolved, and 404 problem for an unknown incident', async () => {
    for (const list of ['holds', 'resolutions']) {
      expect(await get(`/incidents/${QUIET}/${list}`)).toMatchObject({ status: 200, body: { items: [], nextCursor: null } });
      const answer = await get(`/incidents/4b8e7c1a-0d2f-4e5a-9b6c-7d8e9f0a1b2c/${list}`);
      expect(answer.status).toBe(404);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body.code).toBe('incident.not_found');
    }
  });

  it('refuses a cursor made for the resolutions when paging the holds, rather than skip entries silently', async () => {
    const first = await get(`/incidents/${BUSY}/resolutions?limit=1`);
    const answer = await get(`/incidents/${BUSY}/holds?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['cursor']);
  });

  it.each([
    ['holds?order=sideways', 'order'],
    ['holds?limit=201', 'limit'],
    ['resolutions?limit=0', 'limit'],
    ['resolutions?cursor=not-a-cursor', 'cursor'],
    ['holds?consistentWith=yesterday', 'consistentWith'],
    ['resolutions?consistentWith=99999999999999999999', 'consistentWith'],
  ])('400 naming the parameter for %s', async (suffix, field) => {
    const answer = await get(`/incidents/${BUSY}/${suffix}`);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('400 for an id that is not a UUID', async () => {
    const answer = await get('/incidents/INC1/resolutions');
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
  });

  it('waits with consistentWith for both read models it reads: 503 while the holds lag behind the incident', async () => {
    const events = await openEventStore(api.config);
    await appendMany(events, 'incident-00000000-0000-4000-8000-000000000999', 12);
    const head = (await events.headPosition()) ?? '';
    await events.close();
    await reads.applyBatch(projectionKey(incidentDetailProjection), [], head);
    for (const list of ['holds', 'resolutions']) {
      expect(await get(`/incidents/${BUSY}/${list}?consistentWith=${head}`)).toMatchObject({ status: 503, body: { code: 'read_model.not_caught_up' } });
    }
    await reads.applyBatch(projectionKey(incidentLifecycleProjection), [], head);
    expect((await get(`/incidents/${BUSY}/holds?consistentWith=${head}`)).body.items).toHaveLength(2);
  });
});
