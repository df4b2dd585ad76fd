import { INCIDENT_EVENT_SCHEMA_VERSION } from '@itsm/domain';
import { verifyChain, type EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { INCIDENT_DETAIL_KEY, WORK_QUEUES_KEY } from '@itsm/projections';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

const incident = {
  title: 'Payroll export fails',
  description: 'The nightly export stops at 40%',
  caller: 'carol',
  category: 'application',
  impact: 1,
  urgency: 2,
  assignmentGroup: 'payroll-apps',
};

describe('Command API over HTTP (fixed clock)', () => {
  let api: InProcessApp;
  let events: EventStore;
  let agent: string;

  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW));
    events = await openEventStore(api.config);
    agent = api.token('alice', 'agent');
  });
  afterAll(async () => {
    await events.close();
    await api.stop();
  });

  const open = (body: object = incident, headers: Record<string, string> = {}) => api.request('POST', '/incidents', { token: agent, body, headers });
  const act = (id: string, action: string, body?: object, headers: Record<string, string> = {}) =>
    api.request('POST', `/incidents/${id}/${action}`, { token: agent, ...(body ? { body } : {}), headers });
  const head = () => events.headPosition();

  it('opens an incident: 201 with id, number, revision 0 and the log position', async () => {
    const answer = await open();
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), number: expect.stringMatching(/^INC\d{7}$/), revision: 0, position: await head() });
    expect(answer.headers['etag']).toBe('"0"');
  });

  it('records the token subject as actor, the clock as occurredAt, and the matrix priority', async () => {
    const { body } = await open();
    const [opened] = await events.readStream(`incident-${body.id}`);
    expect(opened?.type).toBe('IncidentOpened');
    expect(opened?.data).toMatchObject({ priority: 2, priorityMatrixVersion: 'itil-default-2024.1' });
    expect(opened?.metadata).toMatchObject({ actor: 'alice', occurredAt: FIXED_NOW.toISOString(), schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION, prevHash: null });
    expect(opened?.metadata.eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('walks every command and keeps the hash chain intact', async () => {
    const { body } = await open();
    const steps: [string, object?][] = [
      ['assign', { assignee: 'alice' }],
      ['reclassify', { impact: 2, urgency: 2, reason: 'Only one team affected' }],
      ['reassign', { assignmentGroup: 'payroll-db', reason: 'Database lock' }],
      ['work-notes', { text: 'Lock held by the backup job' }],
      ['comments', { text: 'We are on it' }],
      ['hold', { reason: 'awaiting_vendor', note: 'Case 123 with the vendor' }],
      ['resume'],
      ['resolve', { resolutionCode: 'solved_workaround', resolutionNotes: 'Backup moved' }],
      ['reopen', { reason: 'Failed again' }],
      ['resolve', { resolutionCode: 'solved_permanently', resolutionNotes: 'Backup window changed' }],
      ['close'],
    ];
    for (const [index, [action, payload]] of steps.entries()) {
      const answer = await act(body.id, action, payload);
      expect({ action, status: answer.status, revision: answer.body.revision }).toEqual({ action, status: 200, revision: index + 1 });
    }
    const stream = await events.readStream(`incident-${body.id}`);
    expect(stream.map((e) => e.type)).toEqual([
      'IncidentOpened', 'IncidentAssigned', 'IncidentReclassified', 'IncidentReassigned', 'IncidentWorkNoteAdded', 'IncidentCommentAdded',
      'IncidentPutOnHold', 'IncidentResumed', 'IncidentResolved', 'IncidentReopened', 'IncidentResolved', 'IncidentClosed',
    ]);
    // Each hold and resolution is numbered, and the event that ends one names it.
    expect(stream.slice(6).map((e) => e.data)).toEqual([
      expect.objectContaining({ holdNumber: 1 }),
      expect.objectContaining({ holdNumber: 1 }),
      expect.objectContaining({ resolutionNumber: 1, holdNumber: null }),
      expect.objectContaining({ resolutionNumber: 1, reopenCount: 1 }),
      expect.objectContaining({ resolutionNumber: 2, holdNumber: null }),
      expect.objectContaining({ resolutionNumber: 2 }),
    ]);
    expect(verifyChain(stream)).toBeNull();
  });

  describe('rejections change nothing', () => {
    it('400 names each invalid field and the reason', async () => {
      const before = await head();
      const answer = await open({ ...incident, impact: 4, title: '', extra: true });
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 400, code: 'request.invalid' });
      const fields = answer.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['impact', 'title', 'extra']));
      expect(await head()).toBe(before);
    });

    it('an actor in the body is refused, never recorded', async () => {
      const answer = await open({ ...incident, actor: 'mallory' });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toContainEqual({ field: 'actor', reason: 'property actor should not exist' });
    });

    it('409 with the rule code for an invalid transition', async () => {
      const { body } = await open();
      await act(body.id, 'resolve', { resolutionCode: 'duplicate', resolutionNotes: 'See the other one' });
      await act(body.id, 'close');
      const before = await head();
      const answer = await act(body.id, 'assign', { assignee: 'bob' });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({ code: 'incident.closed', type: 'urn:itsm:problem:incident.closed' });
      expect(await head()).toBe(before);
    });

    it('422 for a well-formed command that would change nothing', async () => {
      const { body } = await open();
      const answer = await act(body.id, 'reclassify', { impact: 1, urgency: 2, reason: 'same again' });
      expect(answer.status).toBe(422);
      expect(answer.body.code).toBe('incident.classification_unchanged');
    });

    it('404 for an incident that was never opened; 400 for an id that is neither a UUID nor an incident number', async () => {
      expect((await act('7d9f3c1e-2f4b-4c8e-9a6d-000000000000', 'resume')).body).toMatchObject({ status: 404, code: 'incident.not_found' });
      expect((await act('INC42', 'resume')).body).toMatchObject({ status: 400, errors: [{ field: 'id', reason: 'must be a UUID or an incident number such as INC0010001' }] });
    });

    it('400 for a body that is not JSON', async () => {
      const answer = await api.app.getHttpAdapter().getInstance().inject({
        method: 'POST', url: '/incidents', payload: '{"title":', headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      });
      expect(answer.statusCode).toBe(400);
      expect(JSON.parse(answer.body).code).toBe('request.malformed');
    });
  });

  describe('optimistic concurrency with If-Match', () => {
    it('accepts the current revision and answers the next one', async () => {
      const { body } = await open();
      const answer = await act(body.id, 'work-notes', { text: 'first look' }, { 'if-match': '"0"' });
      expect(answer.body.revision).toBe(1);
    });

    it('412 when the incident changed since the client read it (RFC 9110), with the current ETag, and appends nothing', async () => {
      const { body } = await open();
      await act(body.id, 'work-notes', { text: 'someone else' });
      const before = await head();
      const answer = await act(body.id, 'work-notes', { text: 'stale view' }, { 'if-match': '"0"' });
      expect(answer.status).toBe(412);
      expect(answer.body).toMatchObject({ code: 'precondition.failed', currentRevision: 1, errors: [{ field: 'If-Match' }] });
      expect(answer.headers.etag).toBe('"1"');
      expect(await head()).toBe(before);
    });

    it('412 for a weak tag, which never matches strongly; a list matches any of its tags; * asks only that the incident exists', async () => {
      const { body } = await open();
      expect((await act(body.id, 'work-notes', { text: 'weak' }, { 'if-match': 'W/"0"' })).status).toBe(412);
      expect((await act(body.id, 'work-notes', { text: 'listed' }, { 'if-match': '"7", "0"' })).status).toBe(200);
      expect((await act(body.id, 'work-notes', { text: 'any' }, { 'if-match': '*' })).status).toBe(200);
      expect((await act('00000000-0000-4000-8000-000000000404', 'work-notes', { text: 'none' }, { 'if-match': '*' })).status).toBe(412);
    });

    it('400 for an If-Match that is not a list of entity-tags', async () => {
      const { body } = await open();
      expect((await act(body.id, 'resume', undefined, { 'if-match': '"abc' })).body.errors).toEqual([{ field: 'If-Match', reason: expect.any(String) }]);
    });

    it('without If-Match, concurrent commands on one incident all land, none lost', async () => {
      const { body } = await open();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => act(body.id, 'work-notes', { text: `note ${i}` })));
      expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(answers.map((a) => a.body.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await events.readStream(`incident-${body.id}`)).toHaveLength(21);
    });
  });

  describe('idempotency', () => {
    it('a retried open with the same Idempotency-Key returns the first answer and appends nothing', async () => {
      const first = await open(incident, { 'idempotency-key': 'open-payroll-1' });
      const before = await head();
      const retry = await open(incident, { 'idempotency-key': 'open-payroll-1' });
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(await head()).toBe(before);
    });

    it('a retried action with the same key appends nothing, even after other changes', async () => {
      const { body } = await open();
      const first = await act(body.id, 'work-notes', { text: 'once' }, { 'idempotency-key': 'note-1' });
      await act(body.id, 'comments', { text: 'meanwhile' });
      const retry = await act(body.id, 'work-notes', { text: 'once' }, { 'idempotency-key': 'note-1' });
      expect(retry.body).toEqual(first.body);
      expect(await events.readStream(`incident-${body.id}`)).toHaveLength(3);
    });

    it('the same key from another user is another command', async () => {
      const mine = await open(incident, { 'idempotency-key': 'shared-key' });
      const theirs = await api.request('POST', '/incidents', { token: api.token('bob', 'agent'), body: incident, headers: { 'idempotency-key': 'shared-key' } });
      expect(theirs.body.id).not.toBe(mine.body.id);
    });

    it('a retry is answered as the first time, marked Idempotent-Replayed', async () => {
      const { body } = await open();
      const first = await act(body.id, 'work-notes', { text: 'once' }, { 'idempotency-key': 'note-2' });
      const retry = await act(body.id, 'work-notes', { text: 'once' }, { 'idempotency-key': 'note-2' });
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.headers['idempotent-replayed']).toBe('true');
    });

    it.each([
      ['another action', 'comments', { text: 'x' }],
      ['another body', 'work-notes', { text: 'y' }],
    ])('422 idempotency.key_reused, naming the header, when a key is reused for %s; nothing is appended', async (_, action, note) => {
      const { body } = await open();
      const key = `reused-${action}-${note.text}`;
      await act(body.id, 'work-notes', { text: 'x' }, { 'idempotency-key': key });
      const answer = await act(body.id, action, note, { 'idempotency-key': key });
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'idempotency.key_reused', errors: [{ field: 'Idempotency-Key', reason: expect.stringContaining('AddWorkNote') }] });
      expect(await events.readStream(`incident-${body.id}`)).toHaveLength(2);
    });

    it('422 when a key is reused on another incident, or to open another incident', async () => {
      const [one, two] = [(await open()).body, (await open()).body];
      await act(one.id, 'work-notes', { text: 'x' }, { 'idempotency-key': 'reused-2' });
      expect((await act(two.id, 'work-notes', { text: 'x' }, { 'idempotency-key': 'reused-2' })).status).toBe(422);
      await open(incident, { 'idempotency-key': 'open-1' });
      const other = await open({ ...incident, title: 'Printer on fire' }, { 'idempotency-key': 'open-1' });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency.key_reused');
    });
  });

  describe('authentication', () => {
    it('401 without a token, with a token signed by another secret, or an expired one', async () => {
      expect((await api.request('POST', '/incidents', { body: incident })).status).toBe(401);
      const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
      const answer = await api.request('POST', '/incidents', { token: forged, body: incident });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    });

    it('403 for an auditor, who may only read', async () => {
      const answer = await api.request('POST', '/incidents', { token: api.token('audrey', 'auditor'), body: incident });
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('auth.forbidden');
    });

    it('/health needs no token and reports the event store and how far each projection trails', async () => {
      await open();
      const answer = await api.request('GET', '/health');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        status: 'up',
        checks: { eventStore: { up: true, headPosition: await head() }, projections: { projections: expect.arrayContaining([expect.objectContaining({ name: INCIDENT_DETAIL_KEY, checkpoint: null }), expect.objectContaining({ name: WORK_QUEUES_KEY, checkpoint: null })]) } },
      });
      // No projector runs in this test: the lag is shown, and commands stay in service.
      expect(answer.body.checks.projections.projections[0].oldestPendingRecordedAt).toEqual(expect.any(String));
    });
  });
});
