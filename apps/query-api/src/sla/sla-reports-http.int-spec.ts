import { slaClocksProjection } from '@itsm/projections';
import { CommandAndQueryApps } from '../../../../test/support/command-and-query-apps';
import { FIXED_NOW } from '../../../../test/support/in-process-app';

const OPENED = FIXED_NOW.getTime(); // Mon 2 Mar 2026 08:30 UTC
const minutesAfter = (minutes: number) => new Date(OPENED + minutes * 60_000);
/** Calendar time, so the arithmetic is plain: P1 15 min / 4 h, P3 1 h / 8 h, at risk at 75 %. */
const POLICY = {
  name: 'standard',
  targets: [
    { priority: 1, response: { minutes: 15 }, resolution: { minutes: 240 } },
    { priority: 3, response: { minutes: 60 }, resolution: { minutes: 480 } },
  ],
  pausingHoldReasons: ['awaiting_caller'],
  onReopen: 'restart',
};

describe('Service levels across incidents over HTTP: the breach board, attainment and what-if', () => {
  let apps: CommandAndQueryApps;
  let now = minutesAfter(50);
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    apps = await CommandAndQueryApps.start([slaClocksProjection], 50, () => now);
    const manager = apps.commands.token('mia', 'manager');
    await apps.commands.request('POST', '/sla-policies', { token: manager, body: { ...POLICY, effectiveFrom: FIXED_NOW.toISOString() } });
    const agent = apps.commands.token('ann', 'agent');
    const open = async (name: string, impact: number, urgency: number, assignmentGroup: string) => {
      const opened = await apps.commands.request('POST', '/incidents', { token: agent, body: { title: name, description: 'x', caller: 'bob', category: 'network', impact, urgency, assignmentGroup } });
      ids[name] = opened.body.id;
    };
    await open('A', 2, 2, 'network'); // P3
    await open('B', 1, 1, 'desk'); // P1
    await open('C', 2, 2, 'network'); // P3, resolved at once
    await apps.commands.request('POST', `/incidents/${ids['C']}/resolve`, { token: agent, body: { resolutionCode: 'solved_remotely', resolutionNotes: 'done' } });
    await apps.project();
  });
  afterAll(() => apps.stop());

  const reader = () => apps.queries.token('lee', 'agent');
  const get = (url: string) => apps.queries.request('GET', url, { token: reader() });
  const lines = (body: { items: { incidentId: string; metric: string; state: string }[] }) => body.items.map(({ incidentId, metric, state }) => `${Object.keys(ids).find((name) => ids[name] === incidentId)}:${metric} ${state}`);

  it('shows what is breached or at risk now, the most late first, narrowed by state, group or priority', async () => {
    now = minutesAfter(50);
    const board = await get('/sla/breaches');
    expect(board.status).toBe(200);
    expect(board.body.asOf).toBe(now.toISOString());
    expect(lines(board.body)).toEqual(['B:response breached', 'A:response at_risk']);
    expect(board.body.items[0]).toMatchObject({ number: expect.stringMatching(/^INC/), deadline: minutesAfter(15).toISOString(), lateByMs: 35 * 60_000, priority: 1, assignmentGroup: 'desk', policy: { name: 'standard', version: 1 } });
    expect(lines((await get('/sla/breaches?state=breached')).body)).toEqual(['B:response breached']);
    expect(lines((await get('/sla/breaches?assignmentGroup=network')).body)).toEqual(['A:response at_risk']);
    now = minutesAfter(200);
    expect(lines((await get('/sla/breaches?priority=1')).body)).toEqual(['B:response breached', 'B:resolution at_risk']);
  });

  it('takes several values of each filter, named after the line fields (state, assignmentGroup, priority, metric), and still the deprecated group', async () => {
    now = minutesAfter(200);
    expect(lines((await get('/sla/breaches?assignmentGroup=network,desk&metric=response')).body)).toEqual(['B:response breached', 'A:response breached']);
    expect(lines((await get('/sla/breaches?priority=1&priority=3&state=at_risk')).body)).toEqual(['B:resolution at_risk']);
    expect(lines((await get('/sla/breaches?state=breached,at_risk&metric=resolution')).body)).toEqual(['B:resolution at_risk']);
    expect(lines((await get('/sla/breaches?group=network')).body)).toEqual(['A:response breached']);
    expect(await get('/sla/breaches?group=network&assignmentGroup=desk')).toMatchObject({ status: 400, body: { errors: [{ field: 'group' }] } });
    expect(await get('/sla/breaches?metric=response,uptime')).toMatchObject({ status: 400, body: { errors: [{ field: 'metric', reason: expect.stringContaining('"uptime" is not one of response, resolution') }] } });
  });

  it('pages with a cursor, each page judged at the first one\'s instant', async () => {
    now = minutesAfter(200);
    const first = await get('/sla/breaches?limit=2');
    expect(lines(first.body)).toEqual(['B:response breached', 'A:response breached']);
    now = minutesAfter(300);
    const second = await get(`/sla/breaches?limit=2&cursor=${first.body.nextCursor}`);
    expect([second.body.asOf, ...lines(second.body)]).toEqual([minutesAfter(200).toISOString(), 'B:resolution at_risk']);
  });

  it('counts attainment per priority, group or policy', async () => {
    now = minutesAfter(50);
    const report = await get('/sla/attainment?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&groupBy=priority');
    expect(report.status).toBe(200);
    expect(report.body.rows).toEqual([
      { key: '1', response: { met: 0, breached: 1, inProgress: 0, percentage: 0 }, resolution: { met: 0, breached: 0, inProgress: 1, percentage: null } },
      { key: '3', response: { met: 1, breached: 0, inProgress: 1, percentage: 100 }, resolution: { met: 1, breached: 0, inProgress: 1, percentage: 100 } },
    ]);
    expect((await get('/sla/attainment?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&groupBy=policy')).body.rows.map((row: { key: string }) => row.key)).toEqual(['standard@1']);
    expect((await get('/sla/attainment?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z')).body.groupBy).toBe('group');
  });

  it('answers bad input 400 naming the field', async () => {
    expect(await get('/sla/breaches?state=late')).toMatchObject({ status: 400, body: { errors: [{ field: 'state' }] } });
    expect(await get('/sla/breaches?priority=9')).toMatchObject({ status: 400, body: { errors: [{ field: 'priority' }] } });
    expect(await get('/sla/breaches?cursor=bm90IGEgY3Vyc29y')).toMatchObject({ status: 400 });
    expect(await get('/sla/attainment?from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z')).toMatchObject({ status: 400, body: { errors: [{ field: 'to' }] } });
    expect(await get('/sla/attainment?from=yesterday&to=2026-03-02T00:00:00Z')).toMatchObject({ status: 400, body: { errors: [{ field: 'from' }] } });
    expect(await get('/sla/attainment?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&groupBy=caller')).toMatchObject({ status: 400, body: { errors: [{ field: 'groupBy' }] } });
  });

  it('what-if: measures the period by the recorded terms and by the policy asked, streamed as JSON lines, recording nothing', async () => {
    now = minutesAfter(50);
    const head = await apps.events.headPosition();
    const asked = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z', policy: { ...POLICY, name: 'stricter', targets: [{ priority: 3, response: { minutes: 60 }, resolution: { minutes: 30 } }] } };
    const answer = await apps.queries.requestRaw('POST', '/sla/what-if', { token: apps.queries.token('mia', 'manager'), payload: JSON.stringify(asked), headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toContain('application/x-ndjson');
    const answered = String(answer.body).trim().split('\n').map((line) => JSON.parse(line));
    const byName = (name: string) => answered.find((line) => line.incidentId === ids[name]);
    expect([byName('A'), byName('B'), byName('C')].map((line) => [line.recorded, line.whatIf])).toEqual([['running', 'breached'], ['running', 'not_measured'], ['met', 'met']]);
    // The response target beside it: B's was breached at 08:45 and the question has no P1 target.
    expect([byName('A'), byName('B'), byName('C')].map((line) => [line.response.recorded, line.response.whatIf])).toEqual([['running', 'running'], ['breached', 'not_measured'], ['met', 'met']]);
    expect(answered.at(-1)).toEqual({ type: 'summary', incidents: 3, unchanged: 1, metToBreached: 0, breachedToMet: 0, otherChanges: 2, response: { unchanged: 2, metToBreached: 0, breachedToMet: 0, otherChanges: 1 } });
    expect(await apps.events.headPosition()).toBe(head);
  });

  it('what-if: a policy may name a calendar in force in the log without giving it again', async () => {
    const office = { name: 'office', effectiveFrom: FIXED_NOW.toISOString(), timeZone: 'Europe/Berlin', week: [[], ...Array.from({ length: 5 }, () => [{ start: '09:00', end: '17:00' }]), []], holidays: [] };
    expect((await apps.commands.request('POST', '/business-calendars', { token: apps.commands.token('mia', 'manager'), body: office })).status).toBe(201);
    const asked = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z', policy: { ...POLICY, name: 'office-hours', targets: [{ priority: 3, response: { minutes: 60 }, resolution: { minutes: 480, calendar: 'office' } }] } };
    const answer = await apps.queries.requestRaw('POST', '/sla/what-if', { token: apps.queries.token('mia', 'manager'), payload: JSON.stringify(asked), headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(200);
    expect(String(answer.body).trim().split('\n').map((line) => JSON.parse(line)).at(-1)).toMatchObject({ type: 'summary', incidents: 3 });
  });

  it('what-if: refuses a broken policy naming its field, and is not for every reader', async () => {
    const broken = { from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z', policy: { ...POLICY, targets: [{ priority: 3, response: { minutes: 60 }, resolution: { minutes: 0 } }] } };
    expect(await apps.queries.request('POST', '/sla/what-if', { token: apps.queries.token('mia', 'manager'), body: broken })).toMatchObject({ status: 400, body: { errors: [{ field: 'policy.targets[0].resolution.minutes' }] } });
    expect(await apps.queries.request('POST', '/sla/what-if', { token: apps.queries.token('mia', 'manager'), body: { ...broken, policy: undefined } })).toMatchObject({ status: 400, body: { errors: [{ field: 'policy' }] } });
    expect((await apps.queries.request('POST', '/sla/what-if', { token: reader(), body: broken })).status).toBe(403);
  });
});
