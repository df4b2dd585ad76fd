import { changeRecordProjection, incidentDetailProjection, problemRecordProjection, type AnyProjection } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';
import { FIXED_NOW } from '../../../../test/support/in-process-app';

const PROJECTIONS = [problemRecordProjection, incidentDetailProjection, changeRecordProjection] as unknown as readonly AnyProjection[];

describe('Problem views over HTTP: detail, queues, known errors, history and the past', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => (apps = await CommandAndQueryApps.start(PROJECTIONS)));
  afterAll(() => apps.stop());

  const post = (url: string, body?: object) => apps.commands.request('POST', url, { token: apps.commands.token('pat', 'agent'), ...(body ? { body } : {}) });
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('val', 'agent') });
  const PROBLEM = { title: 'Spool fills every Monday', description: 'd', category: 'email', impact: 2, urgency: 1, assignmentGroup: 'messaging' };

  let mx1: string;
  let incident: { id: string; number: string };
  let problem: { id: string; number: string };
  let major: { id: string; number: string };

  beforeAll(async () => {
    mx1 = (await post('/cis', { name: 'mx1', ciClass: 'server', attributes: {}, ownerGroup: 'messaging', criticality: 3 })).body.id;
    incident = (await post('/incidents', { title: 'Mail is slow', description: 'An hour late', caller: 'dave', category: 'email', impact: 2, urgency: 2, configurationItemId: mx1 })).body;
    problem = (await post('/problems', { ...PROBLEM, configurationItemId: mx1, incidentIds: [incident.number] })).body;
    // A major incident whose review names the problem, recorded between the problem's first and second events.
    major = (await post('/incidents', { title: 'Mail is down', description: 'd', caller: 'dave', category: 'email', impact: 1, urgency: 1 })).body;
    await post(`/incidents/${major.id}/propose-major`, { reason: 'Company-wide outage' });
    await apps.commands.request('POST', `/incidents/${major.id}/accept-major`, { token: apps.commands.token('mona', 'manager'), body: { reason: 'Confirmed' } });
    expect((await post(`/incidents/${major.id}/major-review`, { whatHappened: 'w', timeline: 't', actions: 'a', problemId: problem.number })).status).toBe(200);
    for (const step of ['assess', 'start-analysis']) expect((await post(`/problems/${problem.id}/${step}`)).status).toBe(200);
    await post(`/problems/${problem.id}/root-cause`, { rootCause: 'A cron job fills the spool', rootCauseCategory: 'configuration' });
    await post(`/problems/${problem.id}/workaround`, { workaround: 'Restart the spooler' });
    expect((await post(`/problems/${problem.id}/known-error`, { symptom: 'Mail stuck in outbox' })).status).toBe(200);
    const other = (await post('/problems', { ...PROBLEM, title: 'Printer queue', assignmentGroup: 'print', impact: 3, urgency: 3 })).body;
    const cancelled = (await post('/problems', { ...PROBLEM, title: 'Duplicate', configurationItemId: mx1 })).body;
    for (const step of ['assess', 'start-analysis']) await post(`/problems/${cancelled.id}/${step}`);
    await post(`/problems/${cancelled.id}/root-cause`, { rootCause: 'same', rootCauseCategory: 'configuration' });
    await post(`/problems/${cancelled.id}/workaround`, { workaround: 'same' });
    await post(`/problems/${cancelled.id}/known-error`, { symptom: 'Mail stuck in outbox' });
    await post(`/problems/${cancelled.id}/cancel`, { reason: 'duplicate of PRB0010001' });
    expect(other.number).toBe('PRB0010002');
    // Three more incidents on mx1 (a fourth is linked to the problem already), two sharing a category and symptom as spelled differently.
    for (const [category, symptom] of [['email', 'mail bounces'], [' Email ', 'Mail bounces'], ['email', null]] as const) {
      await post('/incidents', { title: 'Mail again', description: 'd', caller: 'erin', category, impact: 3, urgency: 3, configurationItemId: mx1, ...(symptom === null ? {} : { symptom }) });
    }
    await apps.project();
  });

  it('shows a problem with its linked incidents, by id or number', async () => {
    const detail = await get(`/problems/${problem.number}`);
    expect(detail).toMatchObject({
      status: 200,
      body: { id: problem.id, number: 'PRB0010001', status: 'root_cause_analysis', priority: 2, rootCause: 'A cron job fills the spool', workaround: 'Restart the spooler', knownError: { symptom: 'Mail stuck in outbox', configurationItemId: mx1 }, incidents: [{ id: incident.id, number: incident.number, title: 'Mail is slow', status: 'new' }], fixChange: null },
    });
    expect(detail.body.majorIncidentReviews).toEqual([{ incidentId: major.id, number: major.number, title: 'Mail is down', recordedAt: FIXED_NOW.toISOString(), recordedBy: 'pat' }]);
    // The known-error search keys are the store's business, not the client's.
    expect(Object.keys(detail.body).filter((key) => key.startsWith('knownError') && key !== 'knownError')).toEqual([]);
    expect(detail.headers['etag']).toBeDefined();
    expect((await get('/problems/PRB0999999')).status).toBe(404);
  });

  it('lists a group\'s live problems, the most urgent first, and filters by status', async () => {
    expect((await get('/problems?assignmentGroup=messaging')).body.items.map((item: { number: string }) => item.number)).toEqual(['PRB0010001']);
    expect((await get('/problems')).body.items.map((item: { number: string }) => item.number)).toEqual(['PRB0010001', 'PRB0010002']);
    expect((await get('/problems?status=cancelled')).body.items.map((item: { number: string }) => item.number)).toEqual(['PRB0010003']);
    expect((await get('/problems?status=new,cancelled')).body.items.map((item: { number: string }) => item.number).sort()).toEqual(['PRB0010002', 'PRB0010003']);
    expect(await get('/problems?status=sleeping')).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'status' })] } });
  });

  it('takes several groups and statuses, any of which may match, and pages them', async () => {
    const numbers = async (url: string) => (await get(url)).body.items.map((item: { number: string }) => item.number);
    expect(await numbers('/problems?assignmentGroup=messaging,print')).toEqual(['PRB0010001', 'PRB0010002']);
    expect(await numbers('/problems?assignmentGroup=print&assignmentGroup=messaging&status=new')).toEqual(['PRB0010002']);
    const first = (await get('/problems?assignmentGroup=messaging,print&limit=1')).body;
    const second = (await get(`/problems?assignmentGroup=messaging,print&limit=1&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items].map((item: { number: string }) => item.number)).toEqual(['PRB0010001', 'PRB0010002']);
    expect(await get('/problems?status=new,sleeping')).toMatchObject({ status: 400, body: { errors: [{ field: 'status', reason: expect.stringContaining('"sleeping" is not one of') }] } });
  });

  it('finds known errors by CI, category and symptom (case aside), and shows those of its CI on an incident; a cancelled problem\'s are gone', async () => {
    const numbers = async (url: string) => (await get(url)).body.items.map((item: { number: string }) => item.number);
    expect(await numbers(`/known-errors?configurationItemId=${mx1}`)).toEqual(['PRB0010001']);
    expect(await numbers('/known-errors?symptom=%20mail%20STUCK%20in%20outbox')).toEqual(['PRB0010001']);
    expect(await numbers('/known-errors?category=email&symptom=printer%20jams')).toEqual([]);
    expect(await numbers('/known-errors?category=EMAIL')).toEqual(['PRB0010001']);
    expect(await numbers('/known-errors?category=%20Email%20&symptom=mail%20stuck%20in%20outbox')).toEqual(['PRB0010001']);
    // Matched whole: neither a part of the category nor a pattern finds it.
    expect(await numbers('/known-errors?category=mail')).toEqual([]);
    expect(await numbers('/known-errors?category=.*')).toEqual([]);
    expect(await numbers('/known-errors')).toEqual(['PRB0010001']);
    expect(await numbers(`/incidents/${incident.number}/known-errors`)).toEqual(['PRB0010001']);
    // Paged like every list: a page answers nextCursor, and a page larger than the most is refused.
    expect((await get(`/incidents/${incident.number}/known-errors?limit=1`)).body).toMatchObject({ items: [{ number: 'PRB0010001' }], nextCursor: null });
    expect(await get(`/incidents/${incident.number}/known-errors?limit=201`)).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
  });

  it('lists clusters of incidents no problem links yet, in a sliding window, at the threshold: candidates for problem management', async () => {
    const trend = await get('/problem-candidates?to=2026-03-03T00:00:00Z&windowDays=7&threshold=2');
    expect(trend.status).toBe(200);
    expect(trend.body).toMatchObject({ from: '2026-02-24T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z', threshold: 2 });
    expect(trend.body.items.map((item: { key: unknown; count: number }) => [item.key, item.count])).toEqual([
      [{ kind: 'ci', configurationItemId: mx1 }, 3],
      [{ kind: 'symptom', category: 'email', symptom: 'mail bounces' }, 2],
    ]);
    expect(trend.body.items[0].incidentIds).not.toContain(incident.id);
    for (const item of trend.body.items) {
      expect(item.incidents.map((shown: { incidentId: string }) => shown.incidentId)).toEqual(item.incidentIds);
      expect(item.incidents).toEqual(item.incidentIds.map(() => ({ incidentId: expect.any(String), number: expect.stringMatching(/^INC\d{7}$/), title: 'Mail again' })));
    }
    // A page at a time, the cursor keeping the first page's window (and refused by another question).
    const first = (await get('/problem-candidates?to=2026-03-03T00:00:00Z&windowDays=7&threshold=2&limit=1')).body;
    const second = (await get(`/problem-candidates?windowDays=7&threshold=2&limit=1&cursor=${first.nextCursor}`)).body;
    expect([...first.items, ...second.items]).toEqual(trend.body.items);
    expect([second.to, second.nextCursor]).toEqual(['2026-03-03T00:00:00.000Z', null]);
    expect(await get(`/problem-candidates?threshold=3&limit=1&cursor=${first.nextCursor}`)).toMatchObject({ status: 400, body: { errors: [{ field: 'cursor' }] } });
    expect((await get('/problem-candidates?to=2026-03-03T00:00:00Z&threshold=4')).body.items).toEqual([]);
    expect((await get('/problem-candidates?to=2026-02-20T00:00:00Z&threshold=2')).body.items).toEqual([]);
    expect(await get('/problem-candidates?threshold=1')).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'threshold' })] } });
    expect(await get('/problem-candidates?to=2999-01-01T00:00:00Z')).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'to' })] } });
  });

  it('answers its history and its past state from the log', async () => {
    const history = await get(`/problems/${problem.id}/history`);
    expect(history.body.items.map((item: { type: string }) => item.type)).toEqual(['ProblemRaised', 'ProblemAssessed', 'ProblemRootCauseAnalysisStarted', 'ProblemRootCauseRecorded', 'ProblemWorkaroundRecorded', 'KnownErrorPublished']);
    expect(await get(`/problems/${problem.id}?atRevision=0`)).toMatchObject({ status: 200, body: { status: 'new', rootCause: null, reflects: { revision: 0 } } });
  });

  it('answers a past state in the shape of the detail: at its latest revision or now, the detail as it stands, with the point it reflects', async () => {
    const now = (await get(`/problems/${problem.id}`)).body;
    const past = async (query: string) => {
      const { status, body } = await get(`/problems/${problem.id}?${query}`);
      expect(status).toBe(200);
      const { reflects, ...state } = body;
      return { reflects, state };
    };
    const latest = await past('atRevision=5');
    expect(latest.reflects).toMatchObject({ revision: 5, integrity: { state: 'intact' } });
    expect(latest.state).toEqual(now);
    expect((await past(`asOf=${FIXED_NOW.toISOString()}`)).state).toEqual(now);
    // Earlier, the same shape: linked incidents joined, and only the reviews recorded by then.
    const raised = await past('atRevision=0');
    expect(Object.keys(raised.state).sort()).toEqual(Object.keys(now).sort());
    expect(raised.state).toMatchObject({ revision: 0, status: 'new', knownError: null, incidents: now.incidents, fixChange: null, majorIncidentReviews: [] });
    expect((await past('atRevision=1')).state).toMatchObject({ status: 'assessed', majorIncidentReviews: now.majorIncidentReviews });
  });
});
