import { INCIDENT_EVENT_SCHEMA_VERSION } from '@itsm/domain';
import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
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

/** The incident model as ServiceNow users know it (issue 10): holds that name what they await, start as its own step, back to the queue, edits. */
describe('Incident model over HTTP (fixed clock)', () => {
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

  it('puts an incident on hold naming what it awaits, and refuses a hold that names the wrong kind or an invalid one, appending nothing', async () => {
    const { body } = await open();
    await act(body.id, 'assign', { assignee: 'alice' });
    const before = await head();
    expect(await act(body.id, 'hold', { reason: 'awaiting_change', awaiting: { kind: 'problem', reference: 'PRB1' } })).toMatchObject({
      status: 422, body: { code: 'incident.awaiting_mismatch', errors: [{ field: 'awaiting.kind' }] },
    });
    for (const awaiting of [{ kind: 'pizza', reference: 'X' }, { kind: 'change' }, { kind: 'change', reference: '' }, 'CHG1', { kind: 'change', reference: 'a\nb' }, [{ kind: 'change', reference: 'CHG1' }], []]) {
      expect({ awaiting, status: (await act(body.id, 'hold', { reason: 'awaiting_change', awaiting })).status }).toEqual({ awaiting, status: 400 });
    }
    expect(await head()).toBe(before);
    expect((await act(body.id, 'hold', { reason: 'awaiting_change', note: 'Fix ships with the change', awaiting: { kind: 'change', reference: 'CHG0030012' } })).status).toBe(200);
    const [held] = (await events.readStream(`incident-${body.id}`)).slice(-1);
    expect(held).toMatchObject({ type: 'IncidentPutOnHold', data: { reason: 'awaiting_change', awaiting: { kind: 'change', reference: 'CHG0030012' } }, metadata: { schemaVersion: INCIDENT_EVENT_SCHEMA_VERSION } });
    expect((await act(body.id, 'resume')).status).toBe(200);
    expect((await act(body.id, 'hold', { reason: 'awaiting_evidence', note: 'Asked for the client log' })).status).toBe(200);
  });

  it('starts the work as its own step: assigning leaves it new, a hold begun then resumes to new, start moves it to in progress once', async () => {
    const { body } = await open();
    await act(body.id, 'assign', { assignee: 'alice' });
    await act(body.id, 'hold', { reason: 'awaiting_caller' });
    expect((await act(body.id, 'resume')).status).toBe(200);
    expect((await events.readStream(`incident-${body.id}`)).at(-1)).toMatchObject({ type: 'IncidentResumed', data: { resumesTo: 'new' } });
    expect((await act(body.id, 'start')).status).toBe(200);
    expect(await act(body.id, 'start')).toMatchObject({ status: 409, body: { code: 'incident.work_already_started' } });
  });

  it('hands an incident back to its group’s queue with reassign assignee null, and refuses it on one nobody works', async () => {
    const { body } = await open();
    await act(body.id, 'assign', { assignee: 'alice' });
    expect((await act(body.id, 'reassign', { assignee: null, reason: 'Alice is off sick' })).status).toBe(200);
    const [handedBack] = (await events.readStream(`incident-${body.id}`)).slice(-1);
    expect(handedBack).toMatchObject({ type: 'IncidentReassigned', data: { assignee: null, previousAssignee: 'alice', assignmentGroup: 'payroll-apps', reassignmentCount: 1 } });
    expect(await act(body.id, 'reassign', { assignee: null, reason: 'again' })).toMatchObject({ status: 422, body: { code: 'incident.assignment_unchanged' } });
  });

  it('edits an incident’s details, each change with its value before, and refuses blanking a required one or naming an unknown CI, appending nothing', async () => {
    const { body } = await open();
    expect((await act(body.id, 'edit', { category: 'software', subcategory: 'payroll-app', contactType: 'phone', location: 'Berlin HQ' })).status).toBe(200);
    const [edited] = (await events.readStream(`incident-${body.id}`)).slice(-1);
    expect(edited).toMatchObject({
      type: 'IncidentEdited',
      data: { changes: { category: { from: expect.any(String), to: 'software' }, subcategory: { from: null, to: 'payroll-app' }, contactType: { from: null, to: 'phone' }, location: { from: null, to: 'Berlin HQ' } } },
    });
    const before = await head();
    expect(await act(body.id, 'edit', { title: null })).toMatchObject({ status: 400, body: { errors: expect.arrayContaining([expect.objectContaining({ field: 'title' })]) } });
    expect(await act(body.id, 'edit', { category: '' })).toMatchObject({ status: 400 });
    expect(await act(body.id, 'edit', { configurationItemId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ status: 422, body: { code: 'incident.ci_unknown' } });
    expect(await act(body.id, 'edit', { category: 'software' })).toMatchObject({ status: 422, body: { code: 'incident.details_unchanged' } });
    expect(await head()).toBe(before);
    expect((await act(body.id, 'edit', { location: null })).status).toBe(200);
  });
});
