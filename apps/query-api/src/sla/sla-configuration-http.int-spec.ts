import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';
import { FIXED_NOW } from '../../../../test/support/in-process-app';

const office = [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []];
const NOW = FIXED_NOW.toISOString();

describe('SLA configuration over HTTP: business calendars and policies', () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start([]);
  });
  afterAll(() => apps.stop());

  const manager = () => apps.commands.token('mia', 'manager');
  const post = (url: string, body: object, token = manager()) => apps.commands.request('POST', url, { token, body });
  const get = (url: string) => apps.queries.request('GET', url, { token: apps.queries.token('audrey', 'auditor') });
  const calendar = { name: 'berlin-office', effectiveFrom: NOW, timeZone: 'Europe/Berlin', week: office, holidays: ['2026-12-25'] };
  const policy = {
    name: 'standard', effectiveFrom: NOW,
    targets: [{ priority: 1, response: { minutes: 15 }, resolution: { minutes: 240, calendar: 'berlin-office' } }],
    pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume',
  };

  it('lets managers define versions, and lists every version with the one in force', async () => {
    expect((await post('/business-calendars', calendar, apps.commands.token('ann', 'agent'))).status).toBe(403);
    const defined = await post('/business-calendars', calendar);
    expect(defined).toMatchObject({ status: 201, body: { id: 'berlin-office', version: 1, revision: 0 } });
    expect(await post('/sla-policies', policy)).toMatchObject({ status: 201, body: { id: 'standard', version: 1 } });
    const later = await post('/business-calendars', { ...calendar, effectiveFrom: '2099-01-01T00:00:00Z', holidays: [] });
    expect(later.body).toMatchObject({ version: 2 });

    const calendars = (await get('/business-calendars')).body;
    expect(calendars.items).toMatchObject([{ name: 'berlin-office', inForce: { version: 1, timeZone: 'Europe/Berlin', holidays: ['2026-12-25'] }, versions: [{ version: 1 }, { version: 2, effectiveFrom: '2099-01-01T00:00:00.000Z' }] }]);
    const policies = (await get('/sla-policies')).body;
    expect(policies.items).toMatchObject([{ name: 'standard', inForce: { version: 1, atRiskPercent: 75, scope: { assignmentGroup: null }, targets: [{ priority: 1, response: { minutes: 15, calendar: null } }] } }]);
  });

  it('pages the calendars and the policies by name, like any list', async () => {
    await post('/business-calendars', { ...calendar, name: 'amsterdam-office', holidays: [] });
    await post('/sla-policies', { ...policy, name: 'major' });
    for (const [url, names] of [['/business-calendars', ['amsterdam-office', 'berlin-office']], ['/sla-policies', ['major', 'standard']]] as const) {
      const first = (await get(`${url}?limit=1`)).body;
      const second = (await get(`${url}?limit=1&cursor=${first.nextCursor}`)).body;
      expect([...first.items, ...second.items].map((item: { name: string }) => item.name)).toEqual(names);
      expect(second.nextCursor).toBeNull();
      expect(await get(`${url}?limit=0`)).toMatchObject({ status: 400, body: { errors: [{ field: 'limit' }] } });
    }
  });

  it('answers a malformed body 400 naming the field, a broken rule 422 naming it, and records nothing', async () => {
    const before = (await get('/business-calendars')).body;
    expect(await post('/business-calendars', { ...calendar, name: 'other', week: office.slice(1) })).toMatchObject({ status: 400, body: { errors: [{ field: 'week' }] } });
    expect(await post('/business-calendars', { ...calendar, name: 'other', week: [[], [{ start: '9:00', end: '17:00' }], [], [], [], [], []] })).toMatchObject({ status: 400 });
    expect(await post('/business-calendars', { ...calendar, name: 'other', timeZone: 'Europe/Berln' })).toMatchObject({ status: 422, body: { code: 'sla.invalid_field', errors: [{ field: 'timeZone' }] } });
    expect(await post('/business-calendars', { ...calendar, name: 'other', effectiveFrom: '2020-01-01T00:00:00Z' })).toMatchObject({ status: 422, body: { code: 'sla.retroactive' } });
    expect(await post('/sla-policies', { ...policy, name: 'other', targets: [{ priority: 1, response: { minutes: 15 }, resolution: { minutes: 60, calendar: 'nowhere' } }] })).toMatchObject({ status: 422, body: { code: 'sla.unknown_calendar' } });
    expect(await post('/sla-policies', { ...policy, name: 'other', pausingHoldReasons: ['coffee'] })).toMatchObject({ status: 400 });
    expect(await post('/sla-policies', { ...policy, name: 'other', scope: { group: 'network' } })).toMatchObject({ status: 400, body: { errors: [{ field: 'scope' }] } });
    expect(await post('/business-calendars', { ...calendar, name: 'other', holidays: ['2026-02-30'] })).toMatchObject({ status: 422, body: { errors: [{ field: 'holidays[0]' }] } });
    expect((await get('/business-calendars')).body).toEqual(before);
  });
});

describe("An incident's SLA timeline over HTTP", () => {
  let apps: CommandAndQueryApps;
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start([]);
    const manager = apps.commands.token('mia', 'manager');
    await apps.commands.request('POST', '/business-calendars', { token: manager, body: { name: 'berlin-office', effectiveFrom: NOW, timeZone: 'Europe/Berlin', week: office, holidays: [] } });
    const targets = [{ priority: 3, response: { minutes: 60 }, resolution: { minutes: 480, calendar: 'berlin-office' } }];
    await apps.commands.request('POST', '/sla-policies', { token: manager, body: { name: 'standard', effectiveFrom: NOW, targets, pausingHoldReasons: ['awaiting_caller'], onReopen: 'resume' } });
  });
  afterAll(() => apps.stop());

  it('lists every step of the clocks with the fact that caused it, in words, by id or number; 404 for no incident', async () => {
    const agent = apps.commands.token('ann', 'agent');
    const opened = await apps.commands.request('POST', '/incidents', { token: agent, body: { title: 'VPN down', description: 'x', caller: 'bob', category: 'network', impact: 2, urgency: 2 } });
    await apps.commands.request('POST', `/incidents/${opened.body.id}/hold`, { token: agent, body: { reason: 'awaiting_caller' } });
    const sla = await apps.queries.request('GET', `/incidents/${opened.body.number}/sla`, { token: apps.queries.token('lee', 'agent') });
    expect(sla.status).toBe(200);
    expect(sla.body.policy).toEqual({ name: 'standard', version: 1 });
    expect(sla.body.steps.map((step: { kind: string; metric: string; causedBy: { type: string } | null; words: string }) => [step.metric, step.kind, step.causedBy?.type ?? null, step.words])).toEqual([
      ['response', 'started', 'SlaStarted', 'response clock started: 1 h to go'],
      ['resolution', 'started', 'SlaStarted', 'resolution clock started: 8 h to go'],
      ['response', 'paused', 'IncidentPutOnHold', 'response paused: awaiting caller (0 min of 1 h used)'],
      ['resolution', 'paused', 'IncidentPutOnHold', 'resolution paused: awaiting caller (0 min of 8 h used)'],
    ]);
    expect(sla.body.clocks.map((clock: { metric: string; state: string }) => [clock.metric, clock.state])).toEqual([['response', 'paused'], ['resolution', 'paused']]);
    expect((await apps.queries.request('GET', '/incidents/00000000-0000-4000-8000-000000000404/sla', { token: apps.queries.token('lee', 'agent') })).status).toBe(404);

    // As it stood at an instant, for an auditor: before the opening there is none; the future is not known; nothing else is asked.
    const at = (query: string) => apps.queries.request('GET', `/incidents/${opened.body.id}/sla${query}`, { token: apps.queries.token('lee', 'agent') });
    expect((await at(`?asOf=${NOW}`)).body.steps).toHaveLength(4);
    expect(await at('?asOf=2026-03-01T00:00:00Z')).toMatchObject({ status: 404, body: { code: 'incident.not_yet_opened', errors: [{ field: 'asOf' }] } });
    expect(await at('?asOf=2999-01-01T00:00:00Z')).toMatchObject({ status: 400, body: { errors: [{ field: 'asOf' }] } });
    expect(await at('?asof=2026-03-01T00:00:00Z')).toMatchObject({ status: 400 });
  });
});
