import { blackoutWindowStream, INCIDENT_EVENT_SCHEMA_VERSION, incidentStream } from '@itsm/domain';
import { raiseIntegrityAlarm, type EventStore, type RecordedEvent } from '@itsm/event-store';
import { openEventStore, openReadStore } from '@itsm/platform';
import { ALL_PROJECTIONS, projectEvents, projectionKey } from '@itsm/projections';
import type { ReadStore } from '@itsm/read-store';
import { changeHistory } from '../../../../libs/projections/src/change-records/testing/change-history';
import { ciHistory } from '../../../../libs/projections/src/configuration-items/testing/ci-test-history';
import { incidentHistory } from '../../../../libs/projections/src/testing/incident-history';
import { appendAll } from '../../../../libs/projections/src/testing/runner-harness';
import { TestEventLog } from '../../../../libs/projections/src/testing/test-event-log';
import { InProcessApp } from '../../../../test/support/in-process-app';
import { QueryApiModule } from '../query-api.module';

const INC = '11111111-1111-4111-8111-111111111111';
const [DB, WEB] = ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
const [FIRST, SECOND] = ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'];
const BW = '66666666-6666-4666-8666-666666666666';
const NOBODY = '77777777-7777-4777-8777-777777777777';
const OLDER = '88888888-8888-4888-8888-888888888888';
const SLOT = { start: '2024-03-12T22:00:00.000Z', end: '2024-03-13T01:00:00.000Z' };
const FREEZE = { name: 'Quarter end', window: { start: '2024-03-28T00:00:00.000Z', end: '2024-04-02T00:00:00.000Z' }, scope: { kind: 'all' as const }, reason: 'close' };
const T = (minute: number) => `2024-03-01T09:${String(minute).padStart(2, '0')}:00.000Z`;

function history(): TestEventLog {
  const log = new TestEventLog();
  const inc = incidentHistory(log, INC);
  const [db, web] = [ciHistory(log, DB), ciHistory(log, WEB)];
  const [first, second] = [changeHistory(log, FIRST), changeHistory(log, SECOND)];
  inc.opened(); // 09:00, revision 0
  db.registered(); // 09:01
  web.registered(); // 09:02
  inc.reclassified(1, 1, 1, 3, { actor: 'ann' }); // 09:03, revision 1
  web.related('depends_on', DB); // 09:04
  inc.assigned('network', 'bob'); // 09:05, revision 2
  db.attributesUpdated({ os: 'linux' }, []); // 09:06
  first.raised({ affectedCiIds: [DB], window: SLOT }); // 09:07
  first.assessed('low', 1);
  first.approved('carl', 1);
  first.authorized(['carl']);
  first.scheduled(SLOT, []); // 09:11
  second.raised({ affectedCiIds: [DB], window: SLOT }); // 09:12
  second.assessed('low', 1);
  second.approved('carl', 1);
  second.authorized(['carl']);
  second.scheduled(SLOT, [{ kind: 'same_ci', changeId: FIRST, ciId: DB, window: SLOT }]); // 09:16: names the first
  log.record(blackoutWindowStream(BW), { type: 'BlackoutWindowDefined', data: { blackoutWindowId: BW, ...FREEZE } }); // 09:17
  log.record(blackoutWindowStream(BW), { type: 'BlackoutWindowChanged', data: { blackoutWindowId: BW, ...FREEZE, name: 'Year end', changedFields: ['name'] } });
  inc.putOnHold('awaiting_vendor', 'case 42'); // 09:19, revision 3
  inc.resumed(); // 09:20, revision 4
  return log;
}

describe('A ticket’s history and its past states over HTTP (SQLite stores)', () => {
  let api: InProcessApp;
  let events: EventStore;
  let reads: ReadStore;
  let recorded: RecordedEvent[];

  beforeAll(async () => {
    api = await InProcessApp.start((config) => QueryApiModule.register(config), { CONSISTENCY_TIMEOUT_MS: '50' });
    events = await openEventStore(api.config);
    reads = await openReadStore(api.config, 'read-write');
    await appendAll(events, history().events);
    recorded = await events.readAll();
    const head = recorded.at(-1)?.position ?? '';
    for (const projection of ALL_PROJECTIONS) {
      const documents = projectEvents(projection, recorded, new Map());
      await reads.applyBatch(projectionKey(projection), documents.map((document) => ({ collection: projection.collection.name, document })), head);
    }
  });
  afterAll(async () => {
    await reads.close();
    await events.close();
    await api.stop();
  });

  const as = (role: 'agent' | 'auditor') => (url: string) => api.request('GET', url, { token: api.token(role === 'agent' ? 'alice' : 'audrey', role) });
  const get = as('auditor');
  const withoutReflects = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'reflects'));

  it('lists an incident’s facts from the log, each with where it sits, who, when, which command, its chain links and what it changed', async () => {
    const answer = await get(`/incidents/${INC}/history`);
    expect(answer.status).toBe(200);
    const reclassified = recorded.find((event) => event.type === 'IncidentReclassified') as RecordedEvent;
    expect(answer.body.items.map((entry: { type: string }) => entry.type)).toEqual(['IncidentOpened', 'IncidentReclassified', 'IncidentAssigned', 'IncidentPutOnHold', 'IncidentResumed']);
    expect(answer.body.items[1]).toEqual({
      position: reclassified.position, stream: reclassified.stream, revision: 1, type: 'IncidentReclassified', actor: 'ann', occurredAt: T(3), recordedAt: reclassified.recordedAt,
      commandType: 'Test', commandId: reclassified.metadata.commandId, correlationId: reclassified.metadata.correlationId, causationId: reclassified.metadata.causationId,
      hash: reclassified.metadata.hash, prevHash: reclassified.metadata.prevHash, direction: 'own', schemaVersion: reclassified.metadata.schemaVersion, upcast: null, data: reclassified.data,
      changes: [{ field: 'impact', from: 2, to: 1 }, { field: 'urgency', from: 2, to: 1 }, { field: 'priority', from: 3, to: 1 }],
    });
    expect(answer.body.nextCursor).toBeNull();
  });

  it('pages either way with cursors, each fact once', async () => {
    const first = await get(`/incidents/${INC}/history?limit=2&order=desc`);
    const second = await get(`/incidents/${INC}/history?limit=2&order=desc&cursor=${first.body.nextCursor}`);
    const third = await get(`/incidents/${INC}/history?limit=2&order=desc&cursor=${second.body.nextCursor}`);
    expect([...first.body.items, ...second.body.items, ...third.body.items].map((entry: { revision: number }) => entry.revision)).toEqual([4, 3, 2, 1, 0]);
    expect(third.body.nextCursor).toBeNull();
    expect(await get(`/incidents/${INC}/history?limit=2&cursor=${first.body.nextCursor}`)).toMatchObject({ status: 400, body: { code: 'read_store.invalid_cursor' } });
  });

  it('gives a CI the relationships other CIs recorded to it, marked inbound; a change, a blackout window theirs', async () => {
    const db = await get(`/cis/${DB}/history`);
    expect(db.body.items.map((entry: { type: string; direction: string }) => [entry.type, entry.direction])).toEqual([
      ['ConfigurationItemRegistered', 'own'], ['ConfigurationItemRelationshipAdded', 'inbound'], ['ConfigurationItemAttributesUpdated', 'own'],
    ]);
    expect(db.body.items[1].changes).toEqual([{ field: 'relationships', from: null, to: { direction: 'inbound', type: 'depends_on', ciId: WEB } }]);
    expect(db.body.items[2].changes).toEqual([{ field: 'attributes.os', from: null, to: 'linux' }]);
    expect((await get(`/changes/${SECOND}/history`)).body.items).toHaveLength(5);
    const window = await get(`/blackout-windows/${BW}/history`);
    expect(window.body.items[1]).toMatchObject({ type: 'BlackoutWindowChanged', changes: [{ field: 'name', from: 'Quarter end', to: 'Year end' }] });
  });

  it('answers each kind as it stood at a revision or an instant, the same as its live GET once nothing has changed since', async () => {
    for (const [path, last] of [[`/incidents/${INC}`, 4], [`/changes/${SECOND}`, 4], [`/blackout-windows/${BW}`, 1]] as const) {
      const live = await get(path);
      const atRevision = await get(`${path}?atRevision=${last}`);
      const asOf = await get(`${path}?asOf=2024-03-02T00:00:00Z`);
      expect({ path, status: atRevision.status, body: withoutReflects(atRevision.body) }).toEqual({ path, status: 200, body: live.body });
      expect({ path, status: asOf.status, body: withoutReflects(asOf.body) }).toEqual({ path, status: 200, body: live.body });
      expect(atRevision.body.reflects).toEqual({ revision: last, position: expect.any(String), occurredAt: expect.any(String), recordedAt: expect.any(String), integrity: { state: 'intact' } });
    }
    // A revision is taken where its event sits in the log: the first change's last, before the second named it.
    const first = await get(`/changes/${FIRST}`);
    expect(withoutReflects((await get(`/changes/${FIRST}?asOf=2024-03-02T00:00:00Z`)).body)).toEqual(first.body);
    expect((await get(`/changes/${FIRST}?atRevision=4`)).body).toEqual({ ...first.body, conflictsRecordedByOthers: [], reflects: expect.objectContaining({ revision: 4 }) });
    // A CI's GET adds its relationships and work as they stand; as of a point it is the CI record itself.
    const ci = await get(`/cis/${DB}?atRevision=1`);
    expect(ci.body).toMatchObject({ id: DB, attributes: { os: 'linux' }, reflects: { revision: 1 } });
  });

  it('answers an earlier state: the incident before it was assigned, the first change with the conflict the second recorded only once it had', async () => {
    const before = await get(`/incidents/${INC}?asOf=${T(4)}`);
    expect(before.body).toMatchObject({ priority: 1, assignmentGroup: null, assignee: null, status: 'new', reflects: { revision: 1, occurredAt: T(3) } });
    expect((await get(`/incidents/${INC}?atRevision=3`)).body).toMatchObject({ status: 'on_hold', reflects: { revision: 3 } });
    expect((await get(`/changes/${FIRST}?asOf=${T(15)}`)).body.conflictsRecordedByOthers).toEqual([]);
    const named = await get(`/changes/${FIRST}?asOf=${T(16)}`);
    expect(named.body.conflictsRecordedByOthers).toEqual([expect.objectContaining({ changeId: SECOND })]);
    const secondSchedule = recorded.find((event) => event.type === 'ChangeScheduled' && event.metadata.occurredAt === T(16)) as RecordedEvent;
    expect(named.body.reflects).toMatchObject({ revision: 4, position: secondSchedule.position });
  });

  it.each([
    ['?asOf=2024-03-01T09:00:00Z&atRevision=0', 'atRevision'],
    ['?asOf=yesterday', 'asOf'],
    ['?asOf=2024-02-30T00:00:00Z', 'asOf'],
    ['?atRevision=-1', 'atRevision'],
    ['?atRevision=one', 'atRevision'],
    ['?atRevision=1.5', 'atRevision'],
    ['?atRevision=', 'atRevision'],
    ['?atRevision=0x5', 'atRevision'],
    ['?atRevision=1e1', 'atRevision'],
    ['?atRevision=%205', 'atRevision'],
    ['?atRevision=01', 'atRevision'],
  ])('refuses %s naming %s', async (query, field) => {
    const answer = await get(`/incidents/${INC}${query}`);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(JSON.stringify(answer.body)).toContain(field);
  });

  it('shows a fact written by an older version of the code in the current shape, saying the version it was written at and what was written (ADR 21)', async () => {
    const log = new TestEventLog();
    const older = incidentHistory(log, OLDER);
    older.opened();
    older.assigned('network', 'bob');
    // As schema version 4 wrote it: no startedWork, naming an assignee on a new incident started the work.
    const [opened, assigned] = log.events.map((event) => ({ ...event, metadata: { ...event.metadata, eventId: `older-${event.metadata.eventId}`, schemaVersion: 4 } }));
    const asWritten = { incidentId: OLDER, assignmentGroup: 'network', assignee: 'bob' };
    await appendAll(events, [opened as RecordedEvent, { ...(assigned as RecordedEvent), data: asWritten }]);

    const page = await get(`/incidents/${OLDER}/history`);
    expect(page.body.items[1]).toMatchObject({ type: 'IncidentAssigned', schemaVersion: 4, upcast: { to: INCIDENT_EVENT_SCHEMA_VERSION, storedData: asWritten }, data: { ...asWritten, startedWork: true } });
    expect(page.body.items[1].changes).toContainEqual({ field: 'status', from: 'new', to: 'in_progress' });
    expect((await get(`/incidents/${OLDER}?atRevision=1`)).body).toMatchObject({ status: 'in_progress', assignee: 'bob' });
  });

  it('says why there is no such past: no record, no such revision, not yet in being', async () => {
    expect(await get(`/incidents/${NOBODY}?atRevision=0`)).toMatchObject({ status: 404, body: { code: 'incident.not_found' } });
    expect(await get(`/incidents/${NOBODY}/history`)).toMatchObject({ status: 404, body: { code: 'incident.not_found' } });
    expect(await get(`/cis/${NOBODY}/history`)).toMatchObject({ status: 404, body: { code: 'ci.not_found' } });
    expect(await get(`/blackout-windows/${NOBODY}/history`)).toMatchObject({ status: 404, body: { code: 'blackout_window.not_found' } });
    expect(await get(`/incidents/${INC}?atRevision=5`)).toMatchObject({ status: 404, body: { code: 'incident.revision_not_found', detail: expect.stringContaining('its last is 4') } });
    expect(await get(`/changes/${SECOND}?asOf=${T(11)}`)).toMatchObject({ status: 404, body: { code: 'change.not_yet_recorded', detail: expect.stringContaining(T(12)) } });
  });

  it('shows agents a ticket’s history and past, and keeps the audit trail across tickets for auditors', async () => {
    const agent = as('agent');
    expect((await agent(`/incidents/${INC}/history`)).status).toBe(200);
    expect((await agent(`/incidents/${INC}?atRevision=0`)).status).toBe(200);
    expect((await agent('/audit/events')).status).toBe(403);
    expect((await get('/audit/events')).status).toBe(200);
  });

  it('says in every history page and past state whether the log is intact as last verified, and names the break while an alarm stands', async () => {
    expect((await get(`/incidents/${INC}/history`)).body.integrity).toEqual({ state: 'intact' });
    expect((await get(`/incidents/${INC}?atRevision=0`)).body.reflects.integrity).toEqual({ state: 'intact' });
    const reclassified = recorded.find((event) => event.type === 'IncidentReclassified') as RecordedEvent;
    const found = { position: reclassified.position, stream: incidentStream(INC), revision: 1, reason: 'fingerprint_mismatch' as const, detail: 'the event differs from the one a signed checkpoint covers' };
    await raiseIntegrityAlarm(events, found, 'system:log-integrity', new Date('2024-03-02T00:00:00Z'));
    const broken = { state: 'broken', since: '2024-03-02T00:00:00.000Z', detectedBy: 'system:log-integrity', firstBreak: found };
    expect((await get(`/incidents/${INC}/history`)).body.integrity).toEqual(broken);
    expect((await get(`/cis/${DB}/history`)).body.integrity).toEqual(broken);
    expect((await get(`/incidents/${INC}?asOf=${T(4)}`)).body.reflects.integrity).toEqual(broken);
    expect((await get(`/changes/${FIRST}?atRevision=1`)).body.reflects.integrity).toEqual(broken);
  });
});
