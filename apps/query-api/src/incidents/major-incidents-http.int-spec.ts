import { incidentDetailProjection, problemRecordProjection, type AnyProjection } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';

const PROJECTIONS = [incidentDetailProjection, problemRecordProjection] as unknown as readonly AnyProjection[];
const INCIDENT = { title: 'Mail is down', description: 'Nobody gets mail', caller: 'dave', category: 'email', impact: 1, urgency: 1 };

describe('Major incidents over HTTP: proposal, acceptance, children, review, the board', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => (apps = await CommandAndQueryApps.start(PROJECTIONS)));
  afterAll(() => apps.stop());

  const as = (subject: string, role: 'agent' | 'manager') => apps.commands.token(subject, role);
  const post = (url: string, body?: object, token = as('ann', 'agent')) => apps.commands.request('POST', url, { token, ...(body ? { body } : {}) });
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('val', 'agent') });

  it('takes a major incident from proposal to closure after its review, with its children on the board', async () => {
    const parent = (await post('/incidents', INCIDENT)).body;
    const child = (await post('/incidents', { ...INCIDENT, title: 'No mail in finance', caller: 'erin' })).body;
    expect((await post(`/incidents/${parent.number}/propose-major`, { reason: 'Company-wide outage' })).status).toBe(200);
    expect((await post(`/incidents/${parent.id}/accept-major`, { reason: 'Confirmed' })).status).toBe(403);
    expect((await post(`/incidents/${parent.id}/accept-major`, { reason: 'Confirmed' }, as('mona', 'manager'))).status).toBe(200);
    expect((await post(`/incidents/${parent.id}/attach-child`, { childId: child.number })).status).toBe(200);
    expect(await post(`/incidents/${parent.id}/attach-child`, { childId: parent.number })).toMatchObject({ status: 422, body: { code: 'incident.child_is_parent' } });
    expect(await post(`/incidents/${parent.id}/attach-child`, { childId: 'INC0999999' })).toMatchObject({ status: 404 });

    await apps.project();
    const board = (await get('/major-incidents')).body.items;
    expect(board).toMatchObject([{ id: parent.id, majorStatus: 'accepted', majorReason: 'Confirmed', childIds: [child.id] }]);
    expect(board[0].children).toEqual([{ incidentId: child.id, number: child.number, title: 'No mail in finance', status: 'new' }]);
    expect((await get(`/incidents/${child.id}`)).body).toMatchObject({ majorStatus: null, childIds: [] });
    // Filtered by majorStatus, as the items name it (their status is the incident's own); status is its deprecated name.
    expect((await get('/major-incidents?majorStatus=proposed')).body.items).toEqual([]);
    expect((await get('/major-incidents?majorStatus=proposed,accepted')).body.items).toMatchObject([{ id: parent.id }]);
    expect((await get('/major-incidents?status=proposed')).body.items).toEqual([]);
    expect(await get('/major-incidents?status=accepted&majorStatus=accepted')).toMatchObject({ status: 400, body: { errors: [{ field: 'status' }] } });
    expect(await get('/major-incidents?majorStatus=new')).toMatchObject({ status: 400, body: { errors: [{ field: 'majorStatus', reason: expect.stringContaining('"new" is not one of proposed, accepted') }] } });

    await post(`/incidents/${parent.id}/resolve`, { resolutionCode: 'solved_permanently', resolutionNotes: 'Spool emptied' });
    // The child is resolved by the projector's reaction (parent-resolution.reaction.int-spec.ts), not here.
    expect(await post(`/incidents/${parent.id}/close`)).toMatchObject({ status: 409, body: { code: 'incident.major_review_required' } });
    const problem = (await post('/problems', { title: 'Spool fills', description: 'd', category: 'email', impact: 1, urgency: 1 })).body;
    expect(await post(`/incidents/${parent.id}/major-review`, { whatHappened: 'w', timeline: 't', actions: 'a', problemId: 'PRB0999999' })).toMatchObject({ status: 404 });
    expect((await post(`/incidents/${parent.id}/major-review`, { whatHappened: 'The spool filled', timeline: '09:00 alert, 09:40 restored', actions: 'Move the cron job', problemId: problem.number })).status).toBe(200);
    expect((await post(`/incidents/${parent.id}/close`)).status).toBe(200);
    await apps.project();
    expect((await get(`/incidents/${parent.id}`)).body).toMatchObject({ status: 'closed', review: { whatHappened: 'The spool filled', problemId: problem.id, recordedBy: 'ann' } });
    // The problem the review names lists the major incident.
    expect((await get(`/problems/${problem.id}`)).body).toMatchObject({ revision: 0, majorIncidentReviews: [{ incidentId: parent.id, number: parent.number, title: 'Mail is down', recordedBy: 'ann' }] });
    expect((await get('/major-incidents')).body.items).toEqual([]);
  });
});
