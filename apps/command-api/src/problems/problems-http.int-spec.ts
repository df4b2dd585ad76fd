import type { EventStore } from '@itsm/event-store';
import { openEventStore } from '@itsm/platform';
import { FIXED_NOW, InProcessApp } from '../../../../test/support/in-process-app';
import { CommandApiModule } from '../command-api.module';

const INCIDENT = { title: 'Mail is slow', description: 'Mail takes an hour', caller: 'dave', category: 'email', impact: 2, urgency: 2 };
const PROBLEM = { title: 'Spool fills every Monday', description: 'The mail spool partition fills', category: 'email', impact: 2, urgency: 1, assignmentGroup: 'messaging' };
/** Contains FIXED_NOW, the command API's clock: a change can be started at once. */
const WINDOW = { start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T12:00:00.000Z' };

describe('Problem commands over HTTP (fixed clock)', () => {
  let api: InProcessApp;
  let events: EventStore;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    api = await InProcessApp.start((config) => CommandApiModule.register(config, () => FIXED_NOW), { CONSISTENCY_TIMEOUT_MS: '20' });
    events = await openEventStore(api.config);
    tokens.pat = api.token('pat', 'agent');
    tokens.carl = api.token('carl', 'change-manager');
    tokens.audrey = api.token('audrey', 'auditor');
  });
  afterAll(async () => {
    await events.close();
    await api.stop();
  });

  const post = (url: string, body?: object, who = 'pat') => api.request('POST', url, { token: tokens[who], ...(body ? { body } : {}) });
  const act = (id: string, action: string, body?: object) => post(`/problems/${id}/${action}`, body);
  const typesOf = async (id: string) => (await events.readStream(`problem-${id}`)).map((event) => event.type);
  const expectProblem = (answer: { status: number; body: { code: string } }, status: number, code: string) => expect({ status: answer.status, code: answer.body.code }).toEqual({ status, code });

  it('raises a problem numbered PRB… from incidents named by number, and takes it from assessment to closure', async () => {
    const first = await post('/incidents', INCIDENT);
    const second = await post('/incidents', { ...INCIDENT, title: 'Mail bounces' });
    const raised = await post('/problems', { ...PROBLEM, incidentIds: [first.body.number, second.body.id] });
    expect(raised).toMatchObject({ status: 201, body: { number: 'PRB0010001', revision: 0 } });
    expect(raised.headers['etag']).toBe('"0"');
    const id: string = raised.body.id;
    expect((await events.readStream(`problem-${id}`))[0]?.data).toMatchObject({ priority: 2, incidentIds: [first.body.id, second.body.id].sort() });

    // By number as well as by id.
    expect((await act('PRB0010001', 'assess', { note: 'Confirmed on mx1 and mx2' })).status).toBe(200);
    expect((await act(id, 'start-analysis')).status).toBe(200);
    expect((await act(id, 'root-cause', { rootCause: 'A weekly cron job fills the spool', rootCauseCategory: 'configuration' })).status).toBe(200);
    expect((await act(id, 'workaround', { workaround: 'Restart the spooler' })).status).toBe(200);
    expect((await act(id, 'known-error', { symptom: 'mail stuck in outbox' })).status).toBe(200);
    expect((await act(id, 'start-fix')).status).toBe(200);
    expect((await act(id, 'resolve', { resolution: 'Cron job moved to a bigger partition' })).status).toBe(200);
    expect((await act(id, 'close')).status).toBe(200);
    expect(await typesOf(id)).toEqual([
      'ProblemRaised', 'ProblemAssessed', 'ProblemRootCauseAnalysisStarted', 'ProblemRootCauseRecorded', 'ProblemWorkaroundRecorded', 'KnownErrorPublished', 'ProblemFixStarted', 'ProblemResolved', 'ProblemClosed',
    ]);
    expectProblem(await act(id, 'assess'), 409, 'problem.closed');
  });

  it('refuses what does not fit, naming the field, and changes nothing', async () => {
    const unknownIncident = await post('/problems', { ...PROBLEM, incidentIds: ['00000000-0000-4000-8000-000000000404'] });
    expect(unknownIncident).toMatchObject({ status: 422, body: { code: 'problem.incident_unknown' } });
    expect((await post('/problems', { ...PROBLEM, incidentIds: ['INC0999999'] })).status).toBe(404);
    expect(await post('/problems', { ...PROBLEM, incidentIds: ['CHG0010001'] })).toMatchObject({ status: 400, body: { errors: [{ field: 'incidentIds' }] } });
    expect(await post('/problems', { ...PROBLEM, impact: 4 })).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'impact' })] } });
    expect((await post('/problems', { ...PROBLEM, title: '' })).status).toBe(400);
    expect((await post('/problems', PROBLEM, 'audrey')).status).toBe(403);
    const { body } = await post('/problems', PROBLEM);
    expectProblem(await act(body.id, 'start-fix'), 409, 'problem.wrong_stage');
    expectProblem(await act(body.id, 'known-error', { symptom: 's' }), 409, 'problem.root_cause_required');
    expectProblem(await act(body.id, 'unlink-incident', { incidentId: '00000000-0000-4000-8000-000000000404', reason: 'x' }), 409, 'problem.incident_not_linked');
    expect((await act('PRB0999999', 'assess')).status).toBe(404);
    expect(await typesOf(body.id)).toEqual(['ProblemRaised']);
  });

  it('links and unlinks incidents by number', async () => {
    const incident = await post('/incidents', INCIDENT);
    const { body } = await post('/problems', PROBLEM);
    expect((await act(body.id, 'link-incident', { incidentId: incident.body.number })).status).toBe(200);
    expectProblem(await act(body.id, 'link-incident', { incidentId: incident.body.id }), 409, 'problem.incident_already_linked');
    expect((await act(body.id, 'unlink-incident', { incidentId: incident.body.number, reason: 'a different cause' })).status).toBe(200);
    expect(await typesOf(body.id)).toEqual(['ProblemRaised', 'ProblemIncidentLinked', 'ProblemIncidentUnlinked']);
  });

  it('resolves with a fix change only once that change is closed successful, or with a reason', async () => {
    const { body: ci } = await post('/cis', { name: 'mx1', ciClass: 'server', attributes: {}, ownerGroup: 'messaging', criticality: 3 });
    const { body: change } = await post('/changes', { changeType: 'standard', templateId: 'os-security-patch', title: 'Move the cron job', justification: 'PRB', affectedCiIds: [ci.id], window: WINDOW });
    const { body: problem } = await post('/problems', PROBLEM);
    for (const step of ['assess', 'start-analysis']) await act(problem.id, step);
    await act(problem.id, 'root-cause', { rootCause: 'cron', rootCauseCategory: 'configuration' });
    expect((await act(problem.id, 'fix-change', { changeId: change.number })).status).toBe(200);
    expectProblem(await act(problem.id, 'fix-change', { changeId: 'CHG0999999' }), 404, 'change.not_found');
    expectProblem(await act(problem.id, 'resolve', { resolution: 'done' }), 409, 'problem.fix_change_not_successful');

    expect((await post(`/changes/${change.id}/schedule`, { window: WINDOW })).status).toBe(200);
    expect((await post(`/changes/${change.id}/start`)).status).toBe(200);
    expect((await post(`/changes/${change.id}/complete`, { outcome: 'successful', notes: 'moved' })).status).toBe(200);
    expectProblem(await act(problem.id, 'resolve', { resolution: 'done' }), 409, 'problem.fix_change_not_successful');
    expect((await post(`/changes/${change.id}/review`, { result: 'successful', notes: 'ok' }, 'carl')).status).toBe(200);
    expect((await post(`/changes/${change.id}/close`)).status).toBe(200);
    expect((await act(problem.id, 'resolve', { resolution: 'done' })).status).toBe(200);
    expect((await events.readStream(`problem-${problem.id}`)).at(-1)?.data).toMatchObject({ fixChangeId: change.id, overrideReason: null });

    const { body: other } = await post('/problems', PROBLEM);
    for (const step of ['assess', 'start-analysis']) await act(other.id, step);
    const { body: failing } = await post('/changes', { changeType: 'standard', templateId: 'os-security-patch', title: 'Try a patch', justification: 'PRB', affectedCiIds: [ci.id], window: WINDOW });
    await act(other.id, 'fix-change', { changeId: failing.id });
    expect((await act(other.id, 'resolve', { resolution: 'went away', overrideReason: 'vendor patched it upstream' })).status).toBe(200);
    expect((await events.readStream(`problem-${other.id}`)).at(-1)?.data).toMatchObject({ fixChangeId: failing.id, overrideReason: 'vendor patched it upstream' });
  });
});
